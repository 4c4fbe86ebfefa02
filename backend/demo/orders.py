"""Twelve months of demo order history for the reports: delivered, cancelled, refunded and open orders
across stalls, buyer provinces and payment methods.

Orders go through the real actions (checkout, allocation, fulfilment, delivery, ledger), so stock,
payments, events and balances agree. Each order first restocks what it will sell (a delivery from the
farm), which keeps the catalog's current stock what the catalog demo set. Timestamps are then moved
back to the simulated day. Emails are muted.

Payments are settled the way their providers would settle them, through the real webhook actions:
a VietQR transfer arrives as a bank notification, a card payment as Stripe's
`payment_intent.succeeded` (or `payment_failed`) event, each with a synthetic event id and a
synthetic PaymentIntent id ("pi_demo_…"), so every paid payment has its WebhookEvent. Nothing here
calls Stripe: the PaymentIntent that `payment_start` asks for after commit is never requested,
because `payment_prepare` reads the stored payment and finds its intent id (set by the event) and
its final status. Card payments are never refunded in the demo (a refund is a Stripe API call), so
card orders are only cancelled when the card was declined.
"""

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from backend.accounts.models import User
from backend.catalog.models import Channel, Stock
from backend.checkout.complete import checkout_complete
from backend.checkout.models import Checkout, CheckoutDelivery, CheckoutLine, ShippingMethod
from backend.checkout.selectors import variants_purchasable
from backend.core.errors import DomainError
from backend.orders import actions
from backend.orders.models import (
    Order,
    OrderEvent,
    OrderGroup,
    OrderStatus,
    PayoutLedgerEntry,
)
from backend.orders.selectors import stall_balance
from backend.payments.actions import (
    bank_notification_process,
    payment_expire_overdue,
    stripe_event_process,
)
from backend.payments.gateways.stripe import to_minor_units
from backend.payments.models import Payment, PaymentMethod, WebhookEvent
from backend.payments.webhooks import BankNotification, StripeEvent
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
# Shares of the groups by payment method: card payments in the export (USD) channel for foreign
# buyers, a few in đồng; the rest cash on delivery and VietQR transfers.
CARD_EXPORT_SHARE = 0.08
CARD_VND_SHARE = 0.04
COD_SHARE = 0.6


def _transfer_arrives(group: OrderGroup) -> None:
    """The buyer's bank transfer is seen on the platform's account: the bank webhook action pays it."""
    payment = Payment.objects.get(group=group)
    notification = BankNotification(
        transaction_id=f"DEMO-{group.number}",
        gateway="Vietcombank",
        account_number=settings.VIETQR_ACCOUNT_NUMBER,
        content=f"{payment.reference} thanh toan don hang",
        transfer_type="in",
        transfer_amount=payment.amount.quantize(Decimal(1)),
    )
    bank_notification_process(
        notification=notification, payload=notification.model_dump(mode="json", by_alias=True)
    )


def _card_event(group: OrderGroup, event_type: str) -> None:
    """Stripe reports the card payment's outcome: the same event its webhook would deliver."""
    payment = Payment.objects.get(group=group)
    amount = to_minor_units(payment.amount, payment.currency)
    succeeded = event_type == "payment_intent.succeeded"
    payload = {
        "id": f"evt_demo_{group.number}",
        "object": "event",
        "type": event_type,
        "data": {
            "object": {
                "id": f"pi_demo_{group.number}",
                "object": "payment_intent",
                "amount": amount,
                "amount_received": amount if succeeded else 0,
                "currency": payment.currency.lower(),
                "metadata": {"payment_id": str(payment.pk), "order_group": group.number},
                "last_payment_error": None if succeeded else {"message": "Your card was declined."},
            }
        },
    }
    stripe_event_process(event=StripeEvent.model_validate(payload), payload=payload)


def _transfer_expires(group: OrderGroup) -> None:
    """No transfer came: move the deadline to the simulated past and let the expiry sweep cancel it."""
    Payment.objects.filter(group=group).update(expires_at=timezone.now() - timedelta(minutes=1))
    payment_expire_overdue(now=timezone.now())


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
    paid = _at(placed, "paid")
    payments = Payment.objects.filter(group=group)
    payments.update(created_at=placed)
    payments.filter(paid_at__isnull=False).update(paid_at=paid)
    payments.filter(expires_at__isnull=False).update(expires_at=placed + timedelta(minutes=30))
    WebhookEvent.objects.filter(payment__group=group).update(received_at=paid)


def _steps(group: OrderGroup, rng: random.Random, age_days: int, staff: User | None) -> None:
    """Drive each order of the group as far as its age allows."""
    if group.payment_method == PaymentMethod.VIETQR:
        if rng.random() < 0.08 and age_days > 2:
            _transfer_expires(group)
            return
        if age_days > 3 or rng.random() < 0.5:
            _transfer_arrives(group)
    card = group.payment_method == PaymentMethod.STRIPE
    if card:
        # Every card payment gets its outcome now, so none is left for payment_prepare to create.
        if rng.random() < 0.06:
            _card_event(group, "payment_intent.payment_failed")
            actions.order_group_cancel_unpaid(group=group, reason="Thẻ bị từ chối")
            return
        _card_event(group, "payment_intent.succeeded")
    for order in group.orders.all():
        order.refresh_from_db()
        if order.status != OrderStatus.CONFIRMED:
            continue
        roll = rng.random()
        if roll < 0.06 and not card:
            actions.order_cancel(order=order, actor=None, reason="Khách đổi ý", by_stall=False)
            continue
        if roll < 0.1 and not card:
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
        if rng.random() < 0.04 and not card:
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


@dataclass
class _Market:
    """What demo buyers of one channel can order: purchasable variants and delivery methods per stall."""

    channel: Channel
    pool: dict[int, list]
    methods: dict[int, list[int]]


def _market(slug: str) -> _Market | None:
    channel = Channel.objects.filter(slug=slug).first()
    if channel is None:
        return None
    methods: dict[int, list[int]] = {}
    for method in ShippingMethod.objects.filter(
        channel=channel, is_active=True, kind__in=["flat", "pickup"]
    ).order_by("pk"):
        methods.setdefault(method.stall_id, []).append(method.pk)
    candidates = Stock.objects.filter(variant__stall_id__in=methods).values_list("variant_id", flat=True)
    pool: dict[int, list] = {}
    for variant in variants_purchasable(channel=channel, variant_ids=set(candidates)).values():
        pool.setdefault(variant.stall_id, []).append(variant)
    return _Market(channel, pool, methods) if pool else None


def _choose(rng: random.Random, markets: dict[str, _Market]) -> tuple[_Market, str]:
    roll = rng.random()
    if roll < CARD_EXPORT_SHARE and "export" in markets:
        return markets["export"], PaymentMethod.STRIPE
    if roll < CARD_EXPORT_SHARE + CARD_VND_SHARE:
        return markets["vn"], PaymentMethod.STRIPE
    if roll < CARD_EXPORT_SHARE + CARD_VND_SHARE + COD_SHARE:
        return markets["vn"], PaymentMethod.COD
    return markets["vn"], PaymentMethod.VIETQR


def _place(rng: random.Random, market: _Market, payment_method: str, n: int) -> OrderGroup:
    pool = market.pool
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
        channel=market.channel, email=f"khach{n % 60:02d}@{DEMO_DOMAIN}", **_address(rng)
    )
    CheckoutLine.objects.bulk_create(CheckoutLine(checkout=checkout, variant=v, quantity=q) for v, q in lines)
    CheckoutDelivery.objects.bulk_create(
        CheckoutDelivery(
            checkout=checkout, stall_id=stall_id, shipping_method_id=rng.choice(market.methods[stall_id])
        )
        for stall_id in stall_ids
    )
    return checkout_complete(checkout=checkout, payment_method=payment_method, user=AnonymousUser())


def seed() -> None:
    if OrderGroup.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exists():
        return
    markets = {slug: m for slug in ("vn", "export") if (m := _market(slug)) is not None}
    if "vn" not in markets:
        return
    rng = random.Random(SEED)  # noqa: S311 — reproducible demo data, nothing secret
    staff = User.objects.filter(is_staff=True).order_by("pk").first()
    now = timezone.now()
    with actions.order_emails_muted(), transaction.atomic():
        for n in range(GROUPS):
            age_days = int(DAYS * (1 - n / GROUPS))
            placed = now - timedelta(days=age_days, hours=rng.randrange(7, 21), minutes=rng.randrange(60))
            market, payment_method = _choose(rng, markets)
            try:
                group = _place(rng, market, payment_method, n)
            except DomainError:
                continue
            _steps(group, rng, age_days, staff)
            _backdate(group, placed)
        if staff is not None:
            _payouts(staff, now)


# Payouts are rounded down to a round transfer amount per currency.
PAYOUT_STEP = {"VND": Decimal(1000), "USD": Decimal(1)}


def _payouts(staff: User, now) -> None:
    """Last month's bank payouts: most of each stall's balance per currency, dated a few days ago."""
    balances = PayoutLedgerEntry.objects.order_by().values_list("stall_id", "currency").distinct()
    for stall_id, currency in sorted(balances):
        stall = Stall.objects.get(pk=stall_id)
        step = PAYOUT_STEP.get(currency, Decimal(1))
        amount = stall_balance(stall=stall, currency=currency) * Decimal("0.8") // step * step
        if amount > 0:
            entry = actions.payout_record(
                stall=stall,
                amount=amount,
                currency=currency,
                reference=f"VCB-DEMO-{stall.pk:03d}-{currency}",
                actor=staff,
            )
            PayoutLedgerEntry.objects.filter(pk=entry.pk).update(created_at=now - timedelta(days=5))


def info(base_url: str) -> list[str]:
    demo = OrderGroup.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")
    orders = Order.objects.filter(group__in=demo).count()
    return [f"  {demo.count()} demo order groups over twelve months ({orders} orders)"]
