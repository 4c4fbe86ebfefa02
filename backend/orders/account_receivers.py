"""Receivers of accounts' deletion signals: a buyer with orders on the way cannot delete the account
yet, and a deleted buyer's order contacts are anonymised while the orders stay for the stalls' books."""

from backend.accounts.error_codes import AccountErrorCode
from backend.core.errors import DomainError
from backend.orders.models import Order, OrderGroup, OrderStatus

_SETTLED = (OrderStatus.DELIVERED, OrderStatus.CANCELLED)


def account_deletion_check(sender, *, user, **_kwargs) -> None:
    """accounts.signals.account_deletion_check: refuse while an order still has to reach the buyer."""
    if Order.objects.filter(group__user=user).exclude(status__in=_SETTLED).exists():
        raise DomainError(
            AccountErrorCode.DELETION_NOT_ALLOWED,
            "You have orders that are not delivered yet; delete the account once they arrive.",
            None,
        )


def account_anonymised(sender, *, user_id: int, **_kwargs) -> None:
    """accounts.signals.account_anonymised: remove the buyer's contact from their order groups.

    Amounts, lines, province and commune stay (the stalls' books and the province's figures)."""
    OrderGroup.objects.filter(user_id=user_id).update(
        email=f"deleted-{user_id}@deleted.invalid", full_name="", phone="", street=""
    )
