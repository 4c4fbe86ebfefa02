"""Order writes: recording a placed group, the lifecycle per stall, refunds, the ledger.

Orders sits above payments and below checkout: checkout places a group through
`order_group_create` (with stock promised by `backend.orders.stock`), this module calls payments'
actions directly, and payments answers "paid" and "expired" through its signals, received in
`backend.orders.receivers`.

Lock order, the same on every path so that no two can deadlock: the group's `Payment` row, then
`Order` rows (primary-key order), then `Stock` rows (primary-key order, `backend.orders.stock`). The
payment comes first because webhooks (and the expiry sweep, and staff marking a transfer paid) start
from it and then confirm or cancel the orders; a cancel or a delivery that locked its order first
and the payment second could deadlock with them, or read a payment a webhook is settling and act on
a stale total. Placing a group locks the checkout, then stock; the orders and payment it inserts
are new rows.
"""

import contextlib
import secrets
import uuid
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from backend.accounts.models import User
from backend.catalog.models import Channel, ProductVariant
from backend.core.errors import DomainError
from backend.core.money import quantize
from backend.orders import tasks
from backend.orders.error_codes import OrderErrorCode
from backend.orders.models import (
    Allocation,
    CommissionLine,
    Fulfillment,
    FulfillmentLine,
    LedgerKind,
    Order,
    OrderEvent,
    OrderEventType,
    OrderGroup,
    OrderLine,
    OrderStatus,
    PayoutLedgerEntry,
)
from backend.orders.selectors import stall_balance
from backend.orders.signals import order_changed, order_fulfilled
from backend.orders.stock import StockPlan, stock_release, stock_ship
from backend.payments.actions import (
    payment_capture,
    payment_lock_for_group,
    payment_reconcile,
    payment_refund,
)
from backend.payments.models import Payment, PaymentMethod
from backend.stalls.models import OcopCertificate, Stall

ZERO = Decimal(0)
# Before packing the buyer may still change their mind; the stall may cancel until it ships.
BUYER_CANCELLABLE = (OrderStatus.UNCONFIRMED, OrderStatus.CONFIRMED)
STALL_CANCELLABLE = (OrderStatus.UNCONFIRMED, OrderStatus.CONFIRMED, OrderStatus.PACKED)

_emails_muted: ContextVar[bool] = ContextVar("order_emails_muted", default=False)


@contextlib.contextmanager
def order_emails_muted() -> Iterator[None]:
    """Place and move orders without emailing anyone (demo history)."""
    token = _emails_muted.set(True)
    try:
        yield
    finally:
        _emails_muted.reset(token)


def order_notify(*, order: Order, kind: str) -> None:
    """Queue the emails for `kind` once the surrounding transaction commits (never for a rollback)."""
    if _emails_muted.get():
        return
    order_id = order.pk
    transaction.on_commit(lambda: tasks.order_email_send.delay(order_id, kind))


def _event(
    order: Order, type_: str, *, user: User | None = None, message: str = "", data: dict | None = None
) -> OrderEvent:
    event = OrderEvent.objects.create(
        order=order, type=type_, user=user, message=message, data=data or {}, created_at=timezone.now()
    )
    order_changed.send(sender=Order, order=order, event_type=type_)
    return event


def _new_group_number() -> str:
    while True:
        number = f"NS{secrets.randbelow(10**8):08d}"
        if not OrderGroup.objects.filter(number=number).exists():
            return number


def _payment_of(group: OrderGroup) -> Payment | None:
    return Payment.objects.filter(group=group).first()


def _cash_due(group_id: int) -> Decimal:
    """What a cash payment still expects: the group's orders that are not cancelled. Read after the
    payment row is locked, so no other order of the group changes status meanwhile."""
    live = Order.objects.filter(group_id=group_id).exclude(status=OrderStatus.CANCELLED)
    return live.aggregate(total=Sum("total"))["total"] or ZERO


def _payment_call(action, error_code, **kwargs):
    """Run a payments action, re-coding its refusal so the caller's error type can carry it."""
    try:
        return action(**kwargs)
    except DomainError as exc:
        raise DomainError(error_code, exc.message, exc.field) from exc


def _locked_order(order: Order) -> Order:
    # Every lifecycle step re-reads the order under a row lock so two clicks (or a click and a
    # webhook) cannot both move it from the same status. The group's payment is locked first (the
    # module's lock order): a webhook settling it holds it while it confirms this order, so the step
    # waits for the webhook instead of deadlocking with it or reading its half-done work.
    # of=("self",): only the order row, not the joined group and stall rows.
    payment_lock_for_group(group_id=order.group_id)
    return Order.objects.select_for_update(of=("self",)).select_related("group", "stall").get(pk=order.pk)


# --- Placing (called by backend.checkout.complete) --------------------------------------------------


@dataclass(frozen=True)
class LineDraft:
    """One variant of a placed order at the price checkout computed."""

    variant: ProductVariant
    quantity: int
    unit_price: Decimal


@dataclass(frozen=True)
class OrderDraft:
    """The part of a placed group one stall fulfils, with its delivery choice and quantised totals."""

    stall: Stall
    lines: Sequence[LineDraft]
    delivery_method_name: str
    delivery_kind: str
    shipping_method_id: int | None
    merchandise_total: Decimal
    shipping_total: Decimal
    # This order's share of the voucher discount, and the part of it the platform funds.
    discount_amount: Decimal = ZERO
    discount_platform_amount: Decimal = ZERO


@dataclass(frozen=True)
class GroupDraft:
    """What a buyer placed: who, where to, in which channel and currency, how they pay, the totals
    (quantised) and one draft per stall."""

    buyer: User | None
    email: str
    checkout_token: uuid.UUID
    full_name: str
    phone: str
    street: str
    commune_code: int
    province_code: int
    channel: Channel
    currency: str
    subtotal: Decimal
    shipping_total: Decimal
    total: Decimal
    payment_method: str
    orders: Sequence[OrderDraft]
    discount_total: Decimal = ZERO
    voucher_code: str = ""


def _ocop_at_sale(draft: GroupDraft, *, on: date) -> dict[int, OcopCertificate]:
    """Product id → its OCOP certificate when verified and valid on `on` (one query for the group)."""
    certificate_of = {
        line.variant.product_id: line.variant.product.ocop_certificate_id
        for order_draft in draft.orders
        for line in order_draft.lines
        if line.variant.product.ocop_certificate_id
    }
    certificates = OcopCertificate.objects.in_bulk(set(certificate_of.values()))
    return {
        product_id: certificates[certificate_id]
        for product_id, certificate_id in certificate_of.items()
        if certificate_id in certificates and certificates[certificate_id].badge_visible(on)
    }


def order_group_create(*, draft: GroupDraft, stock: StockPlan, actor: User | None) -> OrderGroup:
    """Write a placed group: one order per stall with snapshot lines, the allocations `stock`
    promised (`backend.orders.stock.stock_allocate`), frozen commission lines and a PLACED event each.

    Called inside the placing transaction, after the stock was promised; starting the payment is
    the caller's next step.
    """
    now = timezone.now()
    ocop = _ocop_at_sale(draft, on=timezone.localdate(now))
    group = OrderGroup.objects.create(
        number=_new_group_number(),
        user=draft.buyer,
        email=draft.email,
        checkout_token=draft.checkout_token,
        full_name=draft.full_name,
        phone=draft.phone,
        street=draft.street,
        commune_code=draft.commune_code,
        province_code=draft.province_code,
        channel=draft.channel,
        currency=draft.currency,
        subtotal=draft.subtotal,
        shipping_total=draft.shipping_total,
        discount_total=draft.discount_total,
        voucher_code=draft.voucher_code,
        total=draft.total,
        payment_method=draft.payment_method,
        created_at=now,
    )
    for index, order_draft in enumerate(draft.orders, start=1):
        merchandise = order_draft.merchandise_total
        # Commission is charged on what the goods sold for after the voucher.
        discounted = merchandise - order_draft.discount_amount
        order = Order.objects.create(
            group=group,
            stall=order_draft.stall,
            number=f"{group.number}-{index}",
            delivery_method_name=order_draft.delivery_method_name,
            delivery_kind=order_draft.delivery_kind,
            shipping_method_id=order_draft.shipping_method_id,
            currency=draft.currency,
            merchandise_total=merchandise,
            shipping_total=order_draft.shipping_total,
            discount_amount=order_draft.discount_amount,
            discount_platform_amount=order_draft.discount_platform_amount,
            total=discounted + order_draft.shipping_total,
            created_at=now,
        )
        for line in order_draft.lines:
            variant = line.variant
            order_line = OrderLine.objects.create(
                order=order,
                variant=variant,
                product_name=variant.product.name,
                variant_name=variant.name,
                sku=variant.sku,
                unit_price=line.unit_price,
                quantity=line.quantity,
                unit_weight_grams=variant.weight_grams,
                ocop_stars=ocop[variant.product_id].stars if variant.product_id in ocop else None,
                ocop_group=ocop[variant.product_id].group if variant.product_id in ocop else None,
            )
            Allocation.objects.bulk_create(
                Allocation(order_line=order_line, stock=row, quantity=take) for row, take in stock[variant.pk]
            )
        rate = order_draft.stall.commission_rate
        CommissionLine.objects.create(
            order=order,
            rate=rate,
            base_amount=discounted,
            amount=quantize(rate * discounted, draft.currency),
            currency=draft.currency,
        )
        _event(order, OrderEventType.PLACED, user=actor, data={"payment_method": draft.payment_method})
        order_notify(order=order, kind="placed")
    return group


def order_group_confirm_cash_on_delivery(*, group: OrderGroup) -> OrderGroup:
    """A cash group needs no prepayment: confirm its unconfirmed orders as soon as it is placed.

    Called by checkout inside the placing transaction, once the payment was started; a prepaid
    group waits for `order_group_mark_paid` instead.
    """
    with transaction.atomic():
        payment_lock_for_group(group_id=group.pk)  # the lock order: payment, orders
        unconfirmed = Order.objects.select_for_update().filter(group=group, status=OrderStatus.UNCONFIRMED)
        for order in unconfirmed.order_by("pk"):
            _confirm(order, user=None, message="Cash on delivery")
    return group


def _confirm(order: Order, *, user: User | None, message: str = "") -> None:
    order.status = OrderStatus.CONFIRMED
    order.save(update_fields=["status", "updated_at"])
    _event(order, OrderEventType.CONFIRMED, user=user, message=message)
    order_notify(order=order, kind="confirmed")


# --- Payment outcomes (payments' signals, through backend.orders.receivers) ------------------------


def order_group_mark_paid(*, group: OrderGroup) -> OrderGroup:
    """Confirm every unconfirmed order of a group whose prepayment arrived, and refund the share of
    the orders cancelled before it; safe to call twice.

    The buyer pays the whole group (the QR code and the PaymentIntent ask for it, and a transfer is
    matched by its exact amount), so an order cancelled while the money was on its way was paid for
    all the same. Each such order is refunded what it has not been refunded yet: a second call (a
    second settle path) finds nothing left and refunds nothing.

    Called when payments sends `payment_paid`, with the payment row locked; locking it again is
    free, and keeps the lock order when another caller comes here directly.
    """
    with transaction.atomic():
        payment_lock_for_group(group_id=group.pk)
        for order in Order.objects.select_for_update().filter(group=group).order_by("pk"):
            if order.status == OrderStatus.UNCONFIRMED:
                _event(order, OrderEventType.PAID, data={"method": group.payment_method})
                _confirm(order, user=None)
            elif (
                order.status == OrderStatus.CANCELLED
                and group.payment_method != PaymentMethod.COD
                and order.refunded_amount < order.total
            ):
                _refund(
                    order,
                    amount=order.total - order.refunded_amount,
                    actor=None,
                    reason="Cancelled before the payment arrived",
                    book=False,
                    # One refund per cancelled order, whatever happens to this transaction.
                    idempotency_key=f"nongsan-group-{group.pk}-cancelled-order-{order.pk}",
                )
    return group


def order_group_cancel_unpaid(*, group: OrderGroup, reason: str) -> OrderGroup:
    """Cancel the still-unconfirmed orders of a group whose payment never came, releasing their stock
    (called when payments sends `payment_expired`)."""
    with transaction.atomic():
        payment_lock_for_group(group_id=group.pk)  # the lock order: payment, orders, stock
        for order in Order.objects.select_for_update().filter(group=group).order_by("pk"):
            if order.status == OrderStatus.UNCONFIRMED:
                _cancel(order, user=None, reason=reason, by="system")
    return group


# --- Lifecycle --------------------------------------------------------------------------------------


def _cancel(order: Order, *, user: User | None, reason: str, by: str) -> None:
    stock_release(order=order)
    order.status = OrderStatus.CANCELLED
    order.cancel_reason = reason
    order.save(update_fields=["status", "cancel_reason", "updated_at"])
    _event(order, OrderEventType.CANCELLED, user=user, message=reason, data={"by": by})
    order_notify(order=order, kind="cancelled")


def order_confirm(*, order: Order, actor: User) -> Order:
    """A stall confirms an unconfirmed order; prepaid orders only once their payment arrived."""
    with transaction.atomic():
        order = _locked_order(order)
        if order.status != OrderStatus.UNCONFIRMED:
            raise DomainError(
                OrderErrorCode.INVALID_STATUS, "Only unconfirmed orders can be confirmed.", "id"
            )
        if order.group.payment_method != PaymentMethod.COD:
            payment = _payment_of(order.group)
            if payment is None or payment.captured_amount < order.group.total:
                raise DomainError(OrderErrorCode.NOT_PAID, "The buyer has not paid this order yet.", "id")
        _confirm(order, user=actor)
    return order


def order_pack(*, order: Order, actor: User | None) -> Order:
    with transaction.atomic():
        order = _locked_order(order)
        if order.status != OrderStatus.CONFIRMED:
            raise DomainError(OrderErrorCode.INVALID_STATUS, "Only confirmed orders can be packed.", "id")
        order.status = OrderStatus.PACKED
        order.save(update_fields=["status", "updated_at"])
        _event(order, OrderEventType.PACKED, user=actor)
    return order


def order_fulfill(*, order: Order, actor: User | None, carrier: str, tracking_number: str) -> Fulfillment:
    """Ship every line: stock leaves the warehouse, the order is packed then shipped.

    Sends `order_fulfilled` inside the transaction so traceability allocates the units to lots
    atomically with the shipment.
    """
    carrier, tracking_number = (carrier or "").strip(), (tracking_number or "").strip()
    with transaction.atomic():
        order = _locked_order(order)
        if order.status not in (OrderStatus.CONFIRMED, OrderStatus.PACKED):
            raise DomainError(
                OrderErrorCode.INVALID_STATUS, "Only confirmed or packed orders can be shipped.", "id"
            )
        if order.delivery_kind != "pickup" and not (carrier and tracking_number):
            raise DomainError(
                OrderErrorCode.TRACKING_REQUIRED,
                "Enter the carrier and the tracking number.",
                "trackingNumber",
            )
        # The shipped units leave quantity and quantity_allocated together (stock rows locked last).
        stock_ship(order=order)
        fulfillment = Fulfillment.objects.create(
            order=order, carrier=carrier, tracking_number=tracking_number, created_by=actor
        )
        lines = list(order.lines.all())
        FulfillmentLine.objects.bulk_create(
            FulfillmentLine(
                fulfillment=fulfillment, order_line=line, quantity=line.quantity - line.quantity_fulfilled
            )
            for line in lines
            if line.quantity > line.quantity_fulfilled
        )
        for line in lines:
            line.quantity_fulfilled = line.quantity
        OrderLine.objects.bulk_update(lines, ["quantity_fulfilled"])
        if order.status == OrderStatus.CONFIRMED:
            _event(order, OrderEventType.PACKED, user=actor)
        order.status = OrderStatus.SHIPPED
        order.carrier = carrier
        order.tracking_number = tracking_number
        order.save(update_fields=["status", "carrier", "tracking_number", "updated_at"])
        _event(
            order,
            OrderEventType.SHIPPED,
            user=actor,
            data={"carrier": carrier, "tracking_number": tracking_number},
        )
        order_fulfilled.send(sender=Order, order=order, fulfillment=fulfillment)
        order_notify(order=order, kind="shipped")
    return fulfillment


def order_mark_delivered(*, order: Order, actor: User | None) -> Order:
    """The parcel reached the buyer: capture cash on delivery and book the stall's earnings."""
    with transaction.atomic():
        order = _locked_order(order)
        if order.status != OrderStatus.SHIPPED:
            raise DomainError(
                OrderErrorCode.INVALID_STATUS, "Only shipped orders can be marked delivered.", "id"
            )
        if order.group.payment_method == PaymentMethod.COD:
            _payment_call(
                payment_capture,
                OrderErrorCode.PAYMENT_FAILED,
                payment=_payment_of(order.group),
                amount=order.total,
                due=_cash_due(order.group_id),
            )
        order.status = OrderStatus.DELIVERED
        order.delivered_at = timezone.now()
        order.save(update_fields=["status", "delivered_at", "updated_at"])
        _event(order, OrderEventType.DELIVERED, user=actor)
        _book_earnings(order, actor=actor)
        order_notify(order=order, kind="delivered")
    return order


def _book_earnings(order: Order, *, actor: User | None) -> None:
    """Earned = what the buyer paid for this order (goods and the stall's own shipping) plus the
    discount the platform funds, less commission."""
    now = timezone.now()
    PayoutLedgerEntry.objects.create(
        stall=order.stall,
        kind=LedgerKind.EARNED,
        amount=order.total + order.discount_platform_amount,
        currency=order.currency,
        order=order,
        created_by=actor,
        created_at=now,
    )
    PayoutLedgerEntry.objects.create(
        stall=order.stall,
        kind=LedgerKind.COMMISSION,
        amount=-order.commission.amount,
        currency=order.currency,
        order=order,
        created_by=actor,
        created_at=now,
    )


def order_cancel(*, order: Order, actor: User | None, reason: str, by_stall: bool) -> Order:
    """Cancel and release stock: the buyer before packing, the stall (with a reason) until shipping.

    A prepaid order that was paid is refunded in full through its payment; a cash order's share is
    no longer expected, so the group's delivered orders may now have paid its payment in full.
    """
    reason = (reason or "").strip()
    if by_stall and not reason:
        raise DomainError(
            OrderErrorCode.REASON_REQUIRED, "Tell the buyer why the order is cancelled.", "reason"
        )
    with transaction.atomic():
        order = _locked_order(order)
        allowed = STALL_CANCELLABLE if by_stall else BUYER_CANCELLABLE
        if order.status not in allowed:
            raise DomainError(
                OrderErrorCode.CANNOT_CANCEL,
                "This order can no longer be cancelled."
                if by_stall
                else "Orders can be cancelled until packed.",
                "id",
            )
        _cancel(order, user=actor, reason=reason, by="stall" if by_stall else "buyer")
        # Read after _locked_order locked the payment: a webhook that paid it has committed by now.
        payment = _payment_of(order.group)
        if payment is not None and payment.method == PaymentMethod.COD:
            _payment_call(
                payment_reconcile,
                OrderErrorCode.PAYMENT_FAILED,
                payment=payment,
                due=_cash_due(order.group_id),
            )
        elif payment is not None and payment.captured_amount > 0:
            _refund(order, amount=order.total - order.refunded_amount, actor=actor, reason=reason, book=False)
    return order


def order_refund(*, order: Order, amount: Decimal, actor: User | None, reason: str) -> Order:
    """Give money back on a delivered order (through the payment) and charge it to the stall's ledger."""
    with transaction.atomic():
        order = _locked_order(order)
        if order.status != OrderStatus.DELIVERED:
            raise DomainError(OrderErrorCode.INVALID_STATUS, "Only delivered orders can be refunded.", "id")
        amount = quantize(amount, order.currency)
        if amount <= 0:
            raise DomainError(OrderErrorCode.INVALID_AMOUNT, "Enter a positive amount.", "amount")
        if amount > order.total - order.refunded_amount:
            raise DomainError(
                OrderErrorCode.REFUND_EXCEEDS_PAID, "The refund exceeds what is left to refund.", "amount"
            )
        _refund(order, amount=amount, actor=actor, reason=reason, book=True)
    return order


def _platform_discount_share(order: Order, amount: Decimal) -> Decimal:
    """The part of the platform-funded discount that goes back with a refund of `amount`, pro rata
    to what the buyer paid. Measured on the running total, so the shares of several refunds add up
    exactly to the whole discount when the order is refunded in full."""
    if not order.discount_platform_amount or not order.total:
        return ZERO
    before = quantize(order.discount_platform_amount * order.refunded_amount / order.total, order.currency)
    after = quantize(
        order.discount_platform_amount * (order.refunded_amount + amount) / order.total, order.currency
    )
    return after - before


def _refund(
    order: Order,
    *,
    amount: Decimal,
    actor: User | None,
    reason: str,
    book: bool,
    idempotency_key: str = "",
) -> None:
    _payment_call(
        payment_refund,
        OrderErrorCode.PAYMENT_FAILED,
        payment=_payment_of(order.group),
        amount=amount,
        note=f"{order.number}: {reason}",
        idempotency_key=idempotency_key,
    )
    platform_share = _platform_discount_share(order, amount)
    order.refunded_amount += amount
    order.save(update_fields=["refunded_amount", "updated_at"])
    if book:
        PayoutLedgerEntry.objects.create(
            stall=order.stall,
            kind=LedgerKind.REFUND,
            amount=-(amount + platform_share),
            currency=order.currency,
            order=order,
            created_by=actor,
            note=reason[:255],
            created_at=timezone.now(),
        )
    data = {"amount": str(amount)}
    if platform_share:
        data["platform_discount_returned"] = str(platform_share)
    _event(order, OrderEventType.REFUNDED, user=actor, message=reason, data=data)
    order_notify(order=order, kind="refunded")


# --- Payouts ----------------------------------------------------------------------------------------


def payout_record(
    *, stall: Stall, amount: Decimal, currency: str, reference: str, actor: User
) -> PayoutLedgerEntry:
    """Staff record a bank transfer paid to the stall; it may not exceed the balance."""
    amount = quantize(amount, currency)
    if amount <= 0:
        raise DomainError(OrderErrorCode.INVALID_AMOUNT, "Enter a positive amount.", "amount")
    with transaction.atomic():
        # Lock the stall row: two staff recording payouts at once would both see the same balance
        # and together pay out more than the stall earned.
        Stall.objects.select_for_update().get(pk=stall.pk)
        balance = stall_balance(stall=stall, currency=currency)
        if amount > balance:
            raise DomainError(
                OrderErrorCode.PAYOUT_EXCEEDS_BALANCE,
                f"The payout exceeds the stall's balance ({balance} {currency}).",
                "amount",
            )
        return PayoutLedgerEntry.objects.create(
            stall=stall,
            kind=LedgerKind.PAYOUT,
            amount=-amount,
            currency=currency,
            reference=(reference or "").strip()[:64],
            created_by=actor,
            created_at=timezone.now(),
        )
