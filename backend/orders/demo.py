"""Twelve months of demo order history for the reports: delivered, cancelled, refunded and open orders
across stalls, buyer provinces and payment methods.

Orders go through the real actions (checkout, allocation, fulfilment, delivery, ledger), so stock,
payments, events and balances agree. Each order first restocks what it will sell (a delivery from the
farm), which keeps the catalog's current stock what the catalog demo set. Timestamps are then moved
back to the simulated day. Emails are muted. Stripe is left out of the history because placing a card
order contacts Stripe; the methods are cash on delivery and VietQR transfers.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from backend.accounts.models import User
from backend.catalog.models import Channel, Stock
from backend.checkout import actions as checkout_actions
from backend.checkout.models import Checkout, CheckoutDelivery, CheckoutLine, ShippingMethod
from backend.checkout.selectors import variants_purchasable
from backend.core.errors import DomainError
from backend.orders import actions
from backend.orders.models import (
    Order,
    OrderEvent,
    OrderGroup,
    OrderStatus,
    PaymentMethod,
    PayoutLedgerEntry,
)
from backend.orders.notifications import muted
from backend.orders.selectors import stall_balance
from backend.regions.selectors import communes_in
from backend.stalls.models import Stall

DEMO_DOMAIN = "khach.demo.vn"
GROUPS = 180
DAYS = 365
SEED = 20250701
# Buyers' provinces (2025 codes): Hà Nội, TP HCM, Đà Nẵng, Hải Phòng, Cần Thơ, Vĩnh Long, Đắk Lắk,
# Bắc Ninh, Thái Nguyên, Lâm Đồng, An Giang, Thanh Hóa, Khánh Hòa, Huế.
PROVINCES = (1, 79, 48, 31, 92, 86, 66, 24, 19, 68, 91, 38, 56, 46)
NAMES = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu", "Phạm Thu Dung", "Hoàng Gia Huy", "Võ Ngọc Lan")
STREETS = ("Lê Lợi", "Trần Hưng Đạo", "Nguyễn Huệ", "Hùng Vương")
CARRIERS = ("GHN", "GHTK", "Viettel Post", "VNPost")


def _payment_mark_paid(group: OrderGroup, when) -> None:
    """The transfer arrived: book it on the payment as the bank webhook would, then confirm the orders."""
    from backend.payments.models import Payment, PaymentStatus

    Payment.objects.filter(group=group).update(
        captured_amount=F("amount"), status=PaymentStatus.PAID, paid_at=when, expires_at=when
    )
    actions.order_group_mark_paid(group=group)


def _payment_expire(group: OrderGroup, when) -> None:
    from backend.payments.models import Payment, PaymentStatus

    Payment.objects.filter(group=group).update(status=PaymentStatus.EXPIRED, expires_at=when)
    actions.order_group_cancel_unpaid(group=group, reason="Payment expired")


# When each step happened, in hours after the order was placed.
_STEP_HOURS = {"packed": 20, "shipped": 26, "delivered": 74, "cancelled": 8, "refunded": 120}


def _at(placed, kind: str):
    return min(placed + timedelta(hours=_STEP_HOURS.get(kind, 0)), timezone.now())


def _backdate(group: OrderGroup, placed) -> None:
    """Move the group's timestamps to the simulated day, each step some hours after placing."""
    OrderGroup.objects.filter(pk=group.pk).update(created_at=placed)
    Order.objects.filter(group=group).update(created_at=placed)
    Order.objects.filter(group=group, delivered_at__isnull=False).update(
        delivered_at=_at(placed, "delivered")
    )
    for kind in ("placed", "confirmed", "paid", *_STEP_HOURS):
        OrderEvent.objects.filter(order__group=group, type=kind).update(created_at=_at(placed, kind))
    ledger = PayoutLedgerEntry.objects.filter(order__group=group)
    ledger.filter(kind__in=["earned", "commission"]).update(created_at=_at(placed, "delivered"))
    ledger.filter(kind="refund").update(created_at=_at(placed, "refunded"))


def _steps(group: OrderGroup, rng: random.Random, age_days: int, staff: User | None) -> None:
    """Drive each order of the group as far as its age allows."""
    placed = timezone.now()
    if group.payment_method == PaymentMethod.VIETQR:
        if rng.random() < 0.08 and age_days > 2:
            _payment_expire(group, placed)
            return
        if age_days > 3 or rng.random() < 0.5:
            _payment_mark_paid(group, placed)
    for order in group.orders.all():
        order.refresh_from_db()
        if order.status != OrderStatus.CONFIRMED:
            continue
        roll = rng.random()
        if roll < 0.06:
            actions.order_cancel(order=order, actor=None, reason="Khách đổi ý", by_stall=False)
            continue
        if roll < 0.1:
            actions.order_cancel(order=order, actor=None, reason="Hết hàng do thời tiết", by_stall=True)
            continue
        if age_days < 10 and rng.random() < 0.4:
            if rng.random() < 0.5:
                actions.order_pack(order=order, actor=None)
            continue
        carrier = rng.choice(CARRIERS)
        if order.delivery_kind == "pickup":
            carrier = ""
        actions.order_fulfill(
            order=order,
            actor=None,
            carrier=carrier,
            tracking_number=f"{carrier[:3].upper()}{order.pk:08d}" if carrier else "",
        )
        if age_days < 14 and rng.random() < 0.5:
            continue
        actions.order_mark_delivered(order=order, actor=None)
        if rng.random() < 0.04:
            amount = (order.merchandise_total / 2).quantize(Decimal(1))
            actions.order_refund(order=order, amount=amount, actor=staff, reason="Hàng dập khi vận chuyển")


def _address(rng: random.Random) -> dict:
    province = rng.choice(PROVINCES)
    commune = rng.choice(communes_in(province)[:12])
    return {
        "full_name": rng.choice(NAMES),
        "phone": f"+849{rng.randrange(10**8):08d}",
        "street": f"{rng.randrange(1, 300)} đường {rng.choice(STREETS)}",
        "province_code": province,
        "commune_code": commune.code,
    }


def _place(rng: random.Random, channel: Channel, pool: dict, methods: dict, n: int) -> OrderGroup:
    stall_ids = rng.sample(sorted(pool), k=min(len(pool), 1 if rng.random() < 0.75 else 2))
    lines = []
    for stall_id in stall_ids:
        for variant in rng.sample(pool[stall_id], k=min(len(pool[stall_id]), rng.choice((1, 1, 2)))):
            lines.append((variant, rng.choice((1, 1, 2, 3))))
    # A restock from the farm first, so history never eats the catalog's current stock.
    for variant, quantity in lines:
        stock = Stock.objects.filter(variant=variant).order_by("pk").first()
        Stock.objects.filter(pk=stock.pk).update(quantity=F("quantity") + quantity)
    # The checkout rows are written directly (completion re-validates the address, listings, stock
    # and delivery choices); the per-step checkout actions would price the cart four times over.
    checkout = Checkout.objects.create(
        channel=channel, email=f"khach{n % 60:02d}@{DEMO_DOMAIN}", **_address(rng)
    )
    CheckoutLine.objects.bulk_create(CheckoutLine(checkout=checkout, variant=v, quantity=q) for v, q in lines)
    CheckoutDelivery.objects.bulk_create(
        CheckoutDelivery(
            checkout=checkout, stall_id=stall_id, shipping_method_id=rng.choice(methods[stall_id])
        )
        for stall_id in stall_ids
    )
    method = PaymentMethod.COD if rng.random() < 0.62 else PaymentMethod.VIETQR
    return checkout_actions.checkout_complete(checkout=checkout, payment_method=method, user=AnonymousUser())


def seed() -> None:
    if OrderGroup.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exists():
        return
    methods: dict[int, list[int]] = {}
    for method in ShippingMethod.objects.filter(
        channel__slug="vn", is_active=True, kind__in=["flat", "pickup"]
    ):
        methods.setdefault(method.stall_id, []).append(method.pk)
    candidates = Stock.objects.filter(variant__stall_id__in=methods).values_list("variant_id", flat=True)
    channel = Channel.objects.filter(slug="vn").first()
    if channel is None:
        return
    pool: dict[int, list] = {}
    for variant in variants_purchasable(channel=channel, variant_ids=set(candidates)).values():
        pool.setdefault(variant.stall_id, []).append(variant)
    if not pool:
        return
    rng = random.Random(SEED)  # noqa: S311 — reproducible demo data, nothing secret
    staff = User.objects.filter(is_staff=True).order_by("pk").first()
    now = timezone.now()
    with muted(), transaction.atomic():
        for n in range(GROUPS):
            age_days = int(DAYS * (1 - n / GROUPS))
            placed = now - timedelta(days=age_days, hours=rng.randrange(7, 21), minutes=rng.randrange(60))
            try:
                group = _place(rng, channel, pool, methods, n)
            except DomainError:
                continue
            _steps(group, rng, age_days, staff)
            _backdate(group, placed)
        if staff is not None:
            _payouts(staff, now)


def _payouts(staff: User, now) -> None:
    """Last month's bank payouts: most of each stall's balance, dated a few days ago."""
    for stall_id in PayoutLedgerEntry.objects.order_by().values_list("stall_id", flat=True).distinct():
        stall = Stall.objects.get(pk=stall_id)
        amount = (stall_balance(stall=stall) * Decimal("0.8")).quantize(Decimal(1000))
        if amount > 0:
            entry = actions.payout_record(
                stall=stall, amount=amount, currency="VND", reference=f"VCB-DEMO-{stall.pk:03d}", actor=staff
            )
            PayoutLedgerEntry.objects.filter(pk=entry.pk).update(created_at=now - timedelta(days=5))


def info(base_url: str) -> list[str]:
    demo = OrderGroup.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")
    orders = Order.objects.filter(group__in=demo).count()
    return [f"  {demo.count()} demo order groups over twelve months ({orders} orders)"]
