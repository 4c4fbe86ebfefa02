"""Scoped order reads: a stall's members see only its orders, buyers only theirs (guests by token)."""

import uuid
from decimal import Decimal
from enum import IntEnum

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet, Sum

from backend.accounts.models import User
from backend.accounts.roles import is_platform_staff
from backend.orders.models import LedgerKind, Order, OrderGroup, PayoutLedgerEntry
from backend.stalls.models import Stall
from backend.stalls.selectors import stalls_for_member


def orders_for_stall(*, stall: Stall, status: str | None = None) -> QuerySet[Order]:
    orders = Order.objects.filter(stall=stall).select_related("group", "stall")
    return orders.filter(status=status) if status else orders


def order_for_member(*, user: User | AnonymousUser, order_id: int) -> Order | None:
    """The order if the user belongs to the stall that fulfils it."""
    return (
        Order.objects.filter(pk=order_id, stall__in=stalls_for_member(user=user))
        .select_related("group", "stall")
        .first()
    )


def orders_for_buyer(*, user: User | AnonymousUser) -> QuerySet[Order]:
    if not user.is_authenticated:
        return Order.objects.none()
    return Order.objects.filter(group__user=user).select_related("group", "stall")


def order_for_buyer(*, user: User | AnonymousUser, order_id: int, token: str | None = None) -> Order | None:
    """The order if the signed-in user placed it, or if `token` is its group's guest token."""
    orders = Order.objects.filter(pk=order_id).select_related("group", "stall")
    if token:
        try:
            return orders.filter(group__token=uuid.UUID(str(token))).first()
        except ValueError:
            return None
    if not user.is_authenticated:
        return None
    return orders.filter(group__user=user).first()


class GroupAccess(IntEnum):
    """How much of an order group a caller may read, least first.

    A group is the buyer's: its token (the guest's key), email and totals across stalls are theirs.
    Everyone else reaches a group through something narrower and reads only that much of it.
    """

    NONE = 0
    # Replayed a completed guest checkout: the order numbers, their statuses, how to pay.
    RECEIPT = 1
    # A member of a stall with an order in the group: that stall's orders and where to deliver them.
    STALL = 2
    # Platform staff: every order and the buyer's contact, never the token.
    STAFF = 3
    # The buyer, signed in or showing the token: everything.
    BUYER = 4


def order_group_access(
    *, user: User | AnonymousUser, group: OrderGroup, granted: GroupAccess = GroupAccess.NONE
) -> GroupAccess:
    """What `user` may read of `group`. `granted` is what the caller proved on the way in (the group
    token, completing the checkout, reaching the group through its own stall's order)."""
    if user.is_authenticated and group.user_id == user.pk:
        return GroupAccess.BUYER
    if is_platform_staff(user):
        return max(granted, GroupAccess.STAFF)
    return granted


def orders_of_group(*, group: OrderGroup, user: User | AnonymousUser, access: GroupAccess) -> QuerySet[Order]:
    """The group's orders a caller with `access` may see: a stall's members only their stalls' ones."""
    orders = group.orders.select_related("stall").order_by("number")
    if access == GroupAccess.STALL:
        return orders.filter(stall__in=stalls_for_member(user=user))
    return orders if access > GroupAccess.NONE else orders.none()


def order_group_for_token(*, token: str) -> OrderGroup | None:
    try:
        return OrderGroup.objects.filter(token=uuid.UUID(str(token))).first()
    except ValueError:
        return None


def order_group_for_checkout(*, checkout_token: str, user: User | AnonymousUser) -> OrderGroup | None:
    """The group a completed checkout became, for a replay of its completion: a signed-in buyer's
    group only for that buyer, a guest's for whoever holds the checkout token."""
    try:
        group = OrderGroup.objects.filter(checkout_token=uuid.UUID(str(checkout_token))).first()
    except ValueError:
        return None
    if group is not None and group.user_id is not None and group.user_id != user.pk:
        return None
    return group


def order_for_staff(*, user: User | AnonymousUser, order_id: int) -> Order | None:
    if not is_platform_staff(user):
        return None
    return Order.objects.filter(pk=order_id).select_related("group", "stall").first()


def ledger_for_stall(*, stall: Stall) -> QuerySet[PayoutLedgerEntry]:
    return PayoutLedgerEntry.objects.filter(stall=stall).select_related("order")


def stall_balance(*, stall: Stall, currency: str = "VND") -> Decimal:
    """What the platform owes the stall now: the sum of its signed ledger entries."""
    total = PayoutLedgerEntry.objects.filter(stall=stall, currency=currency).aggregate(s=Sum("amount"))["s"]
    return total or Decimal(0)


def stall_balances() -> list[dict]:
    """Every stall's balance per currency, with its earned/commission/refund/payout totals (staff)."""
    rows = PayoutLedgerEntry.objects.values("stall_id", "currency", "kind").annotate(total=Sum("amount"))
    table: dict[tuple[int, str], dict] = {}
    for row in rows:
        entry = table.setdefault(
            (row["stall_id"], row["currency"]),
            {
                "currency": row["currency"],
                "balance": Decimal(0),
                **dict.fromkeys(LedgerKind.values, Decimal(0)),
            },
        )
        entry[row["kind"]] = row["total"]
        entry["balance"] += row["total"]
    stalls = Stall.objects.in_bulk({stall_id for stall_id, _ in table})
    return sorted(
        ({"stall": stalls[stall_id], **entry} for (stall_id, _), entry in table.items()),
        key=lambda e: (e["stall"].name, e["currency"]),
    )


def payouts_recent(*, limit: int = 50) -> QuerySet[PayoutLedgerEntry]:
    """The latest bank payouts across stalls (staff only)."""
    return PayoutLedgerEntry.objects.filter(kind=LedgerKind.PAYOUT).select_related("stall", "created_by")[
        :limit
    ]
