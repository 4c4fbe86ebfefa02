"""Payment writes: start and prepare, capture, refund, webhook processing, expiry and staff review.

Money only moves forward: `captured_amount` and `refunded_amount` grow (webhooks set them to the
provider's running totals with max()), and the status is derived from them. That is why duplicate
and out-of-order webhook deliveries converge on the same final state.

Payments sits below orders and never imports it: a group comes in as the object its caller holds
(its `payment_method`, `total`, `currency` and `number` are read), what a cash payment is still due
comes in from orders as an amount, and orders hears "paid" and "expired" through
`backend.payments.signals`, sent inside the transaction that holds the payment's row lock.

A payment may begin on a checkout (`payment_checkout_initialize`, the API's transactionInitialize)
and be paid before its group exists; `payment_start` attaches it when the checkout completes and
only then tells orders it is paid. A paid checkout that cannot be placed is refunded
(`payment_refund_unplaced`). Completion locks the checkout, then this payment, then stock.

Lock order, the same on every path so two of them can never deadlock: a group's `Payment` row
first, then its `Order` rows (primary-key order), then `Stock` rows (primary-key order). Webhooks
find the payment first and then confirm the orders (through `payment_paid`); the orders app
therefore locks the payment (`payment_lock_for_group`) before it locks an order it cancels,
delivers or refunds.
"""

from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from backend.core.errors import DomainError
from backend.core.money import quantize
from backend.payments.error_codes import PaymentErrorCode
from backend.payments.gateways import gateway_for
from backend.payments.gateways.stripe import (
    checkout_session_create,
    checkout_session_retrieve,
    from_minor_units,
    to_minor_units,
)
from backend.payments.models import (
    OPEN_STATUSES,
    Payment,
    PaymentEvent,
    PaymentEventType,
    PaymentMethod,
    PaymentRefund,
    PaymentStatus,
    RefundStatus,
    ReviewReason,
    ReviewStatus,
    TransferReview,
    WebhookEvent,
    WebhookProvider,
)
from backend.payments.signals import payment_expired, payment_paid
from backend.payments.webhooks import (
    BankNotification,
    StripeCheckoutSession,
    StripeEvent,
    reference_candidates,
)

# --- Start, prepare ------------------------------------------------------------------------------


def payment_event_record(
    *, payment: Payment, type: str, amount: Decimal | None = None, psp_reference: str = "", message: str = ""
) -> PaymentEvent:
    """Write one step of the payment's history (the API's TransactionEvent)."""
    return PaymentEvent.objects.create(
        payment=payment,
        type=type,
        amount=payment.amount if amount is None else amount,
        psp_reference=psp_reference[:255],
        message=message[:255],
    )


def _gateway_or_refuse(method: str):
    gateway = gateway_for(method)
    if gateway is None:
        raise DomainError(
            PaymentErrorCode.UNSUPPORTED_METHOD, "This payment method is not available.", "paymentMethod"
        )
    return gateway


def payment_start(*, group, existing: Payment | None = None) -> Payment:
    """Create the group's payment for its chosen method, or attach `existing`, the payment its checkout
    began (locked by the caller). Called inside the checkout transaction, so it never touches the
    network; Stripe's PaymentIntent is made by `payment_prepare` after commit.

    An existing payment already paid must have taken exactly the group's total (the checkout may have
    changed after it was paid: refused with AMOUNT_MISMATCH); orders then hears `payment_paid` here,
    after its orders exist. An unpaid one takes the group's total and starts like a new payment.
    """
    gateway = _gateway_or_refuse(group.payment_method)
    total = quantize(group.total, group.currency)
    if existing is None:
        payment = Payment(group=group, method=group.payment_method, amount=total, currency=group.currency)
    else:
        payment = existing
        if payment.is_paid:
            if (payment.captured_amount, payment.currency) != (total, group.currency):
                raise DomainError(
                    PaymentErrorCode.AMOUNT_MISMATCH,
                    "The checkout changed after it was paid: the amount paid is not its total.",
                    "id",
                )
            payment.group = group
            payment.save(update_fields=["group", "updated_at"])
            payment_paid.send(sender=Payment, payment=payment)
            return payment
        if (payment.amount, payment.currency) != (total, group.currency):
            # A new amount needs a new PaymentIntent; one made for the old amount that still succeeds
            # finds this payment by its metadata and becomes an AMOUNT_MISMATCH review for staff.
            payment.provider_id, payment.client_secret = "", ""
        payment.group, payment.method, payment.amount, payment.currency = (
            group,
            group.payment_method,
            total,
            group.currency,
        )
    gateway.start(payment=payment)
    payment.save()
    _started_event(payment)
    if payment.method == PaymentMethod.STRIPE:
        # robust: a Stripe outage must not turn a committed order into an error; the buyer (or the
        # paymentRetry mutation) calls payment_prepare again.
        transaction.on_commit(lambda: payment_prepare(payment=payment), robust=True)
    return payment


def _started_event(payment: Payment) -> None:
    if payment.method == PaymentMethod.COD:
        payment_event_record(
            payment=payment, type=PaymentEventType.CHARGE_REQUEST, message="Cash on delivery"
        )
    else:
        payment_event_record(
            payment=payment,
            type=PaymentEventType.CHARGE_ACTION_REQUIRED,
            psp_reference=payment.reference or payment.provider_id,
        )


def _checkout_refusal(payment: Payment) -> DomainError | None:
    if payment.group_id is not None:
        return DomainError(
            PaymentErrorCode.INVALID_STATUS, "This checkout was completed: pay its order instead.", "id"
        )
    if payment.is_paid or payment.captured_amount > 0 or payment.status not in OPEN_STATUSES:
        return DomainError(PaymentErrorCode.INVALID_STATUS, "This checkout is already paid.", "id")
    return None


def _checkout_amount_check(*, method: str, amount: Decimal, currency: str) -> Decimal:
    amount = quantize(amount, currency)
    if amount <= 0:
        raise DomainError(PaymentErrorCode.INVALID_AMOUNT, "The amount must be positive.", "amount")
    if method == PaymentMethod.STRIPE:
        to_minor_units(amount, currency)
    elif currency != "VND":
        # Cash on delivery and VietQR transfers settle in đồng only.
        raise DomainError(
            PaymentErrorCode.UNSUPPORTED_CURRENCY, "This payment method is for Vietnamese đồng only.", "id"
        )
    return amount


def payment_checkout_initialize(
    *, checkout_token, method: str, amount: Decimal, currency: str
) -> tuple[Payment, PaymentEvent]:
    """Begin (or re-begin) the payment of a checkout that is not placed yet, for `amount` (its total).

    A card payment gets its PaymentIntent now (the buyer's browser confirms it with the client
    secret, and the signed webhook records the money, before or after the checkout completes). Cash
    and VietQR only record the buyer's choice: they start when the checkout completes (the transfer
    reference, QR and deadline belong to the placed group, whose stock is held for it).

    Calling it again returns the same payment: with another method or amount it changes them as long
    as no money arrived; a paid checkout is refused. Returns the payment and the event written.
    """
    _gateway_or_refuse(method)
    amount = _checkout_amount_check(method=method, amount=amount, currency=currency)
    with transaction.atomic():
        # Locked so two initialisations of one checkout (a double click) and a webhook settling it
        # serialise: none reads the payment "unpaid" while another writes it.
        payment = Payment.objects.select_for_update().filter(checkout_token=checkout_token).first()
        if payment is None:
            payment = _checkout_payment_create(
                checkout_token=checkout_token, method=method, amount=amount, currency=currency
            )
        else:
            refusal = _checkout_refusal(payment)
            if refusal is not None:
                raise refusal
            if (payment.amount, payment.currency) != (amount, currency):
                payment.provider_id, payment.client_secret = "", ""
            # A switch away from a card keeps the intent's id: if the buyer still confirms that intent,
            # its success finds this payment and is put to staff, never lost.
            payment.method, payment.amount, payment.currency = method, amount, currency
            payment.status, payment.failure_message = PaymentStatus.PENDING, ""
            payment.save()
    if method == PaymentMethod.STRIPE:
        # After commit and without a lock: the idempotency key makes a concurrent call get the same
        # PaymentIntent (see payment_prepare).
        payment = payment_prepare(payment=payment)
        event = payment_event_record(
            payment=payment,
            type=PaymentEventType.CHARGE_ACTION_REQUIRED,
            psp_reference=payment.provider_id,
            message="Confirm the card payment with the client secret.",
        )
    elif method == PaymentMethod.VIETQR:
        event = payment_event_record(
            payment=payment,
            type=PaymentEventType.INFO,
            message="The bank transfer QR code is given once the checkout is complete.",
        )
    else:
        event = payment_event_record(
            payment=payment, type=PaymentEventType.INFO, message="Pay the courier in cash on delivery."
        )
    return payment, event


def _checkout_payment_create(*, checkout_token, method: str, amount: Decimal, currency: str) -> Payment:
    try:
        # A savepoint: a concurrent first initialisation of the same checkout wins the unique
        # checkout_token, and this one then waits for and reuses its row.
        with transaction.atomic():
            return Payment.objects.create(
                checkout_token=checkout_token, method=method, amount=amount, currency=currency
            )
    except IntegrityError:
        payment = Payment.objects.select_for_update().get(checkout_token=checkout_token)
        refusal = _checkout_refusal(payment)
        if refusal is not None:
            raise refusal from None
        return payment


def payment_lock_for_checkout(*, checkout_token) -> Payment | None:
    """Lock the payment a checkout began (None if it began none). Completion takes it after the
    checkout row and before stock, so a webhook paying it meanwhile either committed first (the
    group is placed paid) or waits and finds the group (and confirms it). Inside a transaction."""
    return (
        Payment.objects.select_for_update().filter(checkout_token=checkout_token, group__isnull=True).first()
    )


def payment_refund_unplaced(*, checkout_token, reason: str) -> Payment | None:
    """Give back the money of a checkout that was paid but cannot be placed (its stock ran out, a
    product left sale, its total changed after paying), and free the checkout for a new payment.

    A card is refunded through Stripe under a key naming this payment, so a repeat refunds nothing
    more; other methods never take money before completion. Returns the payment, or None when the
    checkout had no money to give back.
    """
    with transaction.atomic():
        payment = payment_lock_for_checkout(checkout_token=checkout_token)
        if payment is None or payment.captured_amount <= payment.refunded_amount:
            return None
        payment_refund(
            payment=payment,
            amount=payment.captured_amount - payment.refunded_amount,
            note=reason,
            idempotency_key=f"nongsan-payment-{payment.pk}-unplaced",
        )
        # The refunded payment stays for the record; the checkout may begin a new one.
        Payment.objects.filter(pk=payment.pk).update(checkout_token=None, updated_at=timezone.now())
        payment.refresh_from_db()
    return payment


def payment_prepare(*, payment: Payment) -> Payment:
    """Contact the provider once the order exists (Stripe: create the PaymentIntent). Idempotent.

    No row lock is held across the network call: the provider-side idempotency key makes two
    concurrent calls get the same PaymentIntent, and the conditional update stores it once.
    """
    # The stored state decides, not the caller's copy: `payment_start` hands this function the
    # object it created, and by the time the checkout commits a webhook (or a retry) may already
    # have stored the intent or settled the payment. Then there is nothing to ask the provider.
    payment.refresh_from_db(fields=["status", "provider_id", "client_secret"])
    if payment.status not in OPEN_STATUSES or payment.provider_id:
        return payment
    gateway_for(payment.method).prepare(payment=payment)
    if payment.provider_id:
        Payment.objects.filter(pk=payment.pk, provider_id="").update(
            provider_id=payment.provider_id, client_secret=payment.client_secret, updated_at=timezone.now()
        )
    return payment


# --- Card checkout on Stripe's hosted page --------------------------------------------------------


def _card_checkout_refusal(payment: Payment) -> DomainError | None:
    if payment.method != PaymentMethod.STRIPE:
        return DomainError(
            PaymentErrorCode.UNSUPPORTED_METHOD, "Only card payments are paid on the card page.", "payment"
        )
    if payment.is_paid or payment.status not in OPEN_STATUSES:
        return DomainError(
            PaymentErrorCode.INVALID_STATUS, "This payment is paid or no longer awaiting money.", "payment"
        )
    if payment.expires_at is not None and payment.expires_at <= timezone.now():
        return DomainError(PaymentErrorCode.INVALID_STATUS, "This payment has expired.", "payment")
    return None


def payment_card_checkout_start(*, payment: Payment, success_url: str, cancel_url: str) -> str:
    """The address of Stripe's hosted Checkout page where the buyer pays this card payment.

    An open session is reused (a double click, or the buyer coming back from the page), so a payment
    never has two payable pages at once; an expired or closed one is replaced by a new session.
    Stripe puts the session id into `success_url` where it says `{CHECKOUT_SESSION_ID}` (appended as
    `session_id` when it does not). Nothing is paid here: the money is recorded by the signed
    `checkout.session.completed` / `payment_intent.succeeded` webhooks, whichever comes first.
    Refused (nothing changed) for a payment that is not by card, is paid, expired or cancelled, and
    when Stripe cannot be reached.
    """
    with transaction.atomic():
        # Held across the Stripe calls: a second click waits for the first one's session and then
        # reuses it instead of opening a second payable page. Webhooks for this payment wait too.
        payment = _lock(payment)
        refusal = _card_checkout_refusal(payment)
        if refusal is not None:
            raise refusal
        closes = payment.checkout_expires_at
        if payment.checkout_url and closes is not None and closes > timezone.now():
            # Stripe decides whether it is still open: the buyer may have paid it (the webhook not
            # here yet) or it may have been expired from Stripe's side.
            current = checkout_session_retrieve(session_id=payment.checkout_session_id)
            if current.status == "open":
                return payment.checkout_url
            if current.status == "complete":
                raise DomainError(
                    PaymentErrorCode.INVALID_STATUS,
                    "This payment was just made; its confirmation is on the way.",
                    "payment",
                )
        session = checkout_session_create(
            payment=payment,
            success_url=success_url,
            cancel_url=cancel_url,
            replaces=payment.checkout_session_id,
        )
        payment.checkout_session_id = session.id
        payment.checkout_url = session.url
        payment.checkout_expires_at = session.expires_at
        payment.save(
            update_fields=["checkout_session_id", "checkout_url", "checkout_expires_at", "updated_at"]
        )
    return session.url


# --- Locks ----------------------------------------------------------------------------------------


def payment_lock_for_group(*, group_id: int) -> Payment | None:
    """Lock the group's payment row (None if it has none), the first lock of every path that touches
    a group's orders and its payment (see the module docstring). Must run inside a transaction."""
    return Payment.objects.select_for_update().filter(group_id=group_id).first()


# --- Money moving in ----------------------------------------------------------------------------------


def _expected(payment: Payment, due: Decimal | None) -> Decimal:
    """What the payment must capture to be paid in full.

    Prepaid methods expect the whole amount the buyer was asked for. Cash is collected order by
    order on delivery, so a cancelled order's share is never expected: the orders app passes `due`
    (its group's non-cancelled orders, read under the payment's lock), derived rather than stored
    so it cannot drift from them. Without `due` the whole amount is expected.
    """
    if payment.method != PaymentMethod.COD or due is None:
        return payment.amount
    return min(due, payment.amount)


def _is_fully_captured(payment: Payment, due: Decimal | None) -> bool:
    # A cash payment whose orders were all cancelled expects nothing and was not paid either.
    return payment.captured_amount > 0 and payment.captured_amount >= _expected(payment, due)


def _settle_status(payment: Payment, due: Decimal | None = None) -> None:
    """Derive the status from the running totals (precondition: the payment row is locked)."""
    if payment.refunded_amount > 0:
        fully = payment.refunded_amount >= payment.captured_amount
        payment.status = PaymentStatus.REFUNDED if fully else PaymentStatus.PARTIALLY_REFUNDED
    elif _is_fully_captured(payment, due):
        payment.status = PaymentStatus.PAID
    elif payment.captured_amount > 0:
        payment.status = PaymentStatus.PARTIALLY_PAID


def _record_captured(payment: Payment, captured_total: Decimal, due: Decimal | None = None) -> None:
    """Raise the captured total to `captured_total`; the first time the payment is fully captured,
    send `payment_paid` (orders confirms the group in the same transaction). Precondition: the
    payment row is locked (select_for_update)."""
    payment.captured_amount = max(payment.captured_amount, min(captured_total, payment.amount))
    newly_paid = payment.paid_at is None and _is_fully_captured(payment, due)
    if newly_paid:
        payment.paid_at = timezone.now()
    _settle_status(payment, due)
    payment.save()
    if newly_paid:
        payment_event_record(
            payment=payment,
            type=PaymentEventType.CHARGE_SUCCESS,
            amount=payment.captured_amount,
            psp_reference=payment.provider_id or payment.reference or "",
        )
    if newly_paid and payment.group_id is not None:
        # A checkout's payment paid before its group exists tells orders when it is attached
        # (payment_start), once there are orders to confirm.
        _group_reload_if_missing(payment)
        payment_paid.send(sender=Payment, payment=payment)
        # Marking the group paid refunds the share of orders cancelled before the money came
        # (through `payment_refund`, on its own copy of this row): the caller's copy must not
        # save a stale refunded total over it.
        payment.refresh_from_db()


def _group_reload_if_missing(payment: Payment) -> None:
    """A lock that waited for the completion attaching this payment reads the row's new group_id,
    but PostgreSQL joins the group from the statement's snapshot, before the group existed, so
    select_related left None: drop that and let the group load from the committed row."""
    group_field = Payment._meta.get_field("group")
    if group_field.is_cached(payment) and group_field.get_cached_value(payment) is None:
        group_field.delete_cached_value(payment)


def _lock(payment: Payment) -> Payment:
    # Only the payment row (the first in the lock order): the orders app locks the group's orders
    # after it. Re-locking a row this transaction already holds returns at once.
    return Payment.objects.select_for_update(of=("self",)).select_related("group").get(pk=payment.pk)


def payment_capture(*, payment: Payment, amount: Decimal, due: Decimal | None = None) -> Payment:
    """Record cash collected on delivery; each delivered order of the group adds its share (also after
    an earlier order of the group was refunded: the status is re-derived from the totals).

    `due` is what the group's non-cancelled orders still ask for (see `_expected`); None: the whole
    amount."""
    with transaction.atomic():
        # Two stalls can mark their orders delivered at the same time: the lock makes their captures
        # add up instead of one overwriting the other.
        payment = _lock(payment)
        if payment.method != PaymentMethod.COD:
            raise DomainError(PaymentErrorCode.UNSUPPORTED_METHOD, "Only cash payments are captured by hand.")
        amount = quantize(amount, payment.currency)
        if amount <= 0:
            raise DomainError(PaymentErrorCode.INVALID_AMOUNT, "The amount must be positive.", "amount")
        if payment.captured_amount + amount > _expected(payment, due):
            raise DomainError(
                PaymentErrorCode.AMOUNT_EXCEEDS_CAPTURE, "More than the payment's amount.", "amount"
            )
        _record_captured(payment, payment.captured_amount + amount, due)
    return payment


def payment_reconcile(*, payment: Payment, due: Decimal) -> Payment:
    """Re-derive a cash payment's state after one of its group's orders was cancelled: what is left
    to collect shrinks to `due` (the non-cancelled orders), so the orders already delivered may now
    have paid it in full."""
    with transaction.atomic():
        payment = _lock(payment)
        if payment.method != PaymentMethod.COD:
            raise DomainError(PaymentErrorCode.UNSUPPORTED_METHOD, "Only cash payments are reconciled.")
        _record_captured(payment, payment.captured_amount, due)
    return payment


# --- Refunds ----------------------------------------------------------------------------------------


def payment_refund(
    *, payment: Payment, amount: Decimal, note: str = "", idempotency_key: str = ""
) -> PaymentRefund:
    """Give money back: Stripe refunds through its API; bank transfer and cash become a refund staff
    pay by bank transfer (listed on the payments dashboard).

    `idempotency_key` names the refund at the provider when the caller can name it for good (e.g.
    one refund per cancelled order): if the surrounding transaction rolls back after Stripe refunded
    and the caller runs again, Stripe answers with the same refund instead of paying out twice.
    """
    with transaction.atomic():
        # The lock is held across the Stripe call so two refunds cannot both pass the "refundable"
        # check; the charge.refunded webhook this refund triggers waits and then finds it recorded.
        payment = _lock(payment)
        amount = quantize(amount, payment.currency)
        if amount <= 0:
            raise DomainError(PaymentErrorCode.INVALID_AMOUNT, "The amount must be positive.", "amount")
        if amount > payment.captured_amount - payment.refunded_amount:
            raise DomainError(
                PaymentErrorCode.AMOUNT_EXCEEDS_REFUNDABLE,
                "More than what was paid and not yet refunded.",
                "amount",
            )
        refund = PaymentRefund.objects.create(
            payment=payment, amount=amount, status=RefundStatus.MANUAL_PENDING, note=note[:255]
        )
        provider_id, paid_by_gateway = gateway_for(payment.method).refund(
            payment=payment, amount=amount, idempotency_key=idempotency_key or f"nongsan-refund-{refund.pk}"
        )
        if paid_by_gateway:
            refund.provider_id = provider_id
            refund.status = RefundStatus.SUCCEEDED
            refund.save(update_fields=["provider_id", "status"])
        payment.refunded_amount += amount
        _settle_status(payment)
        payment.save()
        payment_event_record(
            payment=payment,
            type=PaymentEventType.REFUND_SUCCESS if paid_by_gateway else PaymentEventType.REFUND_REQUEST,
            amount=amount,
            psp_reference=refund.provider_id,
            message=note,
        )
    return refund


def payment_refund_mark_sent(*, refund: PaymentRefund, user) -> PaymentRefund:
    """Staff record that a manual refund was paid to the buyer by bank transfer."""
    with transaction.atomic():
        # Locked so two staff clicking at once record one sender.
        refund = PaymentRefund.objects.select_for_update().get(pk=refund.pk)
        if refund.status != RefundStatus.MANUAL_PENDING:
            raise DomainError(PaymentErrorCode.ALREADY_RESOLVED, "This refund was already handled.")
        refund.status = RefundStatus.MANUAL_SENT
        refund.sent_by = user
        refund.sent_at = timezone.now()
        refund.save(update_fields=["status", "sent_by", "sent_at"])
    return refund


# --- Webhooks -----------------------------------------------------------------------------------


def _webhook_event_record(
    *, provider: str, event_id: str, event_type: str, payload: dict
) -> WebhookEvent | None:
    """Store the event, or return None when it was stored before (a redelivery).

    The unique (provider, event_id) constraint is the exactly-once guarantee: a concurrent duplicate
    blocks on the index until the first delivery commits, then fails here. The savepoint keeps the
    outer transaction usable after the IntegrityError.
    """
    try:
        with transaction.atomic():
            return WebhookEvent.objects.create(
                provider=provider, event_id=event_id, event_type=event_type, payload=payload
            )
    except IntegrityError:
        return None


def _review(*, event: WebhookEvent, reason: str, amount: Decimal, currency: str, payment=None, text=""):
    event.outcome = f"review:{reason}"
    TransferReview.objects.create(
        event=event, payment=payment, reason=reason, amount=amount, currency=currency, description=text[:500]
    )


def _mark_paid(*, event: WebhookEvent, payment: Payment) -> None:
    """Capture the full amount the buyer was asked for and mark the group paid.

    Orders cancelled before the money came (the buyer gave up, or the stall refused) are still in
    that amount: orders, told through `payment_paid`, refunds their share (its
    `order_group_mark_paid`), all of it when every order was cancelled.
    """
    _record_captured(payment, payment.amount)
    event.outcome = "refunded" if payment.refunded_amount >= payment.captured_amount else "paid"


def bank_notification_process(*, notification: BankNotification, payload: dict) -> WebhookEvent | None:
    """Match an incoming transfer to a pending VietQR payment by reference and exact amount.

    Returns None for a redelivered notification (nothing happens twice).
    """
    with transaction.atomic():
        event = _webhook_event_record(
            provider=WebhookProvider.BANK,
            event_id=notification.transaction_id,
            event_type=f"transfer.{notification.transfer_type}",
            payload=payload,
        )
        if event is None:
            return None
        amount, text = notification.transfer_amount, notification.text.strip()
        if notification.transfer_type != "in":
            event.outcome = "ignored:outgoing"
            event.save(update_fields=["outcome"])
            return event
        # Different transfers (the buyer paying twice, a staff member marking it paid, the expiry
        # sweep) can reach the same payment at once: the row lock serialises the "still pending?"
        # check with the write, so the payment is marked paid, or expired, exactly once.
        payments = list(
            Payment.objects.select_for_update(of=("self",))
            .select_related("group")
            .filter(method=PaymentMethod.VIETQR, reference__in=reference_candidates(text))
            .order_by("pk")
        )
        if len(payments) != 1:
            reason = ReviewReason.UNKNOWN_REFERENCE if not payments else ReviewReason.AMBIGUOUS_REFERENCE
            _review(event=event, reason=reason, amount=amount, currency="VND", text=text)
        else:
            payment = payments[0]
            event.payment = payment
            review = _bank_mismatch(payment, amount)
            if review is not None:
                _review(event=event, reason=review, amount=amount, currency="VND", payment=payment, text=text)
            else:
                _mark_paid(event=event, payment=payment)
        event.save(update_fields=["outcome", "payment"])
        return event


def _bank_mismatch(payment: Payment, amount: Decimal) -> str | None:
    """Why a transfer for this payment cannot be accepted automatically, or None.

    "Expired" means the expiry sweep has already cancelled the order; a transfer that lands after
    `expires_at` but before the sweep is accepted, since the stock is still held for it.
    """
    if payment.status == PaymentStatus.EXPIRED:
        return ReviewReason.EXPIRED
    if payment.status not in OPEN_STATUSES or payment.is_paid:
        return ReviewReason.NOT_PENDING
    if amount < payment.amount:
        return ReviewReason.UNDERPAID
    if amount > payment.amount:
        return ReviewReason.OVERPAID
    return None


def stripe_event_process(*, event: StripeEvent, payload: dict) -> WebhookEvent | None:
    """Apply a verified Stripe event to its payment. Returns None for a redelivered event."""
    with transaction.atomic():
        record = _webhook_event_record(
            provider=WebhookProvider.STRIPE, event_id=event.id, event_type=event.type, payload=payload
        )
        if record is None:
            return None
        obj = event.data.object
        match = Q(provider_id=obj.payment_intent_id) if obj.payment_intent_id else Q(pk__in=[])
        if isinstance(obj, StripeCheckoutSession):
            match |= Q(checkout_session_id=obj.id)
        if obj.metadata.get("payment_id", "").isdigit():
            # The intent may succeed before payment_prepare stored its id (a slow commit).
            match |= Q(pk=int(obj.metadata["payment_id"]))
        # Stripe retries, and our own refund call, can deliver events for one payment concurrently:
        # the lock makes each read-modify-write of the running totals see the previous one.
        # Not only card payments: a checkout's payment switched to another method after its intent was
        # made keeps the intent's id, and money still taken on it must reach staff.
        payment = (
            Payment.objects.select_for_update(of=("self",)).select_related("group").filter(match).first()
        )
        if payment is None:
            record.outcome = "ignored:unknown_payment"
        elif payment.method != PaymentMethod.STRIPE:
            record.payment = payment
            _apply_to_switched(record, payment, event)
        else:
            record.payment = payment
            _apply_stripe_event(record, payment, event)
        record.save(update_fields=["outcome", "payment"])
        return record


def _apply_to_switched(record: WebhookEvent, payment: Payment, event: StripeEvent) -> None:
    """A card success for a payment now by another method: the buyer paid the abandoned intent."""
    obj = event.data.object
    paid = event.type == "payment_intent.succeeded" or (
        isinstance(obj, StripeCheckoutSession) and obj.payment_status == "paid"
    )
    if not paid:
        record.outcome = "ignored:not_card"
        return
    _review(
        event=record,
        reason=ReviewReason.NOT_PENDING,
        amount=from_minor_units(obj.amount, obj.currency.upper()),
        currency=obj.currency.upper(),
        payment=payment,
        text=f"Stripe {obj.id}: paid after the buyer chose {payment.method}",
    )


def _apply_stripe_event(record: WebhookEvent, payment: Payment, event: StripeEvent) -> None:
    obj = event.data.object
    currency = obj.currency.upper()
    if currency != payment.currency:
        _review(
            event=record,
            reason=ReviewReason.AMOUNT_MISMATCH,
            amount=from_minor_units(obj.amount, currency),
            currency=currency,
            payment=payment,
            text=f"Stripe {event.type} {obj.id}",
        )
        return
    if isinstance(obj, StripeCheckoutSession):
        _apply_checkout_session(record, payment, event.type, obj)
        return
    if not payment.provider_id and obj.payment_intent_id:
        payment.provider_id = obj.payment_intent_id
    if event.type == "payment_intent.succeeded":
        received = from_minor_units(obj.amount_received or obj.amount, currency)
        if received != payment.amount:
            _review(
                event=record,
                reason=ReviewReason.AMOUNT_MISMATCH,
                amount=received,
                currency=currency,
                payment=payment,
                text=f"Stripe {obj.id}",
            )
        elif payment.is_paid:
            _already_paid(record, payment, obj.id, currency, received)
        else:
            # The intent that took the money is the one refunds go to: with Checkout it is not the
            # one payment_prepare made for the app.
            payment.provider_id = obj.id
            _mark_paid(event=record, payment=payment)
    elif event.type == "payment_intent.payment_failed":
        if payment.is_paid:
            # A failed attempt reported after a later attempt succeeded changes nothing.
            record.outcome = "noop:already_paid"
        else:
            payment.status = PaymentStatus.FAILED
            payment.failure_message = obj.failure_message
            payment.save()
            payment_event_record(
                payment=payment,
                type=PaymentEventType.CHARGE_FAILURE,
                psp_reference=obj.id,
                message=obj.failure_message,
            )
            record.outcome = "failed"
    elif event.type == "charge.refunded":
        _apply_stripe_refund(record, payment, obj)


def _already_paid(
    record: WebhookEvent, payment: Payment, intent_id: str, currency: str, amount: Decimal
) -> None:
    """A success reported for a payment already captured: the same intent again (a second event
    for it, or after charge.refunded recorded the capture) changes nothing; another intent means the
    buyer paid twice (in the app and on the card page), which staff must give back."""
    if not intent_id or intent_id == payment.provider_id:
        record.outcome = "noop:already_paid"
        return
    _review(
        event=record,
        reason=ReviewReason.NOT_PENDING,
        amount=amount,
        currency=currency,
        payment=payment,
        text=f"Stripe {intent_id}: paid again after {payment.provider_id}",
    )


def _apply_checkout_session(
    record: WebhookEvent, payment: Payment, event_type: str, session: StripeCheckoutSession
) -> None:
    """checkout.session.completed links the intent Checkout made (and captures when the session
    says paid: whichever of it and payment_intent.succeeded comes first captures, the other finds
    the payment paid); checkout.session.expired closes the page so the buyer can start again."""
    if event_type == "checkout.session.expired":
        if session.id == payment.checkout_session_id and payment.checkout_url:
            payment.checkout_url = ""
            payment.save(update_fields=["checkout_url", "updated_at"])
        record.outcome = "checkout_expired"
        return
    if event_type != "checkout.session.completed":
        return
    amount = from_minor_units(session.amount_total, payment.currency)
    if payment.is_paid:
        _already_paid(record, payment, session.payment_intent_id, payment.currency, amount)
        return
    if session.payment_intent_id:
        payment.provider_id = session.payment_intent_id
    if session.id == payment.checkout_session_id:
        payment.checkout_url = ""
    if session.payment_status != "paid":
        payment.save()
        record.outcome = "checkout_linked"
    elif amount != payment.amount:
        payment.save()
        _review(
            event=record,
            reason=ReviewReason.AMOUNT_MISMATCH,
            amount=amount,
            currency=payment.currency,
            payment=payment,
            text=f"Stripe {session.id}",
        )
    else:
        _mark_paid(event=record, payment=payment)


def _apply_stripe_refund(record: WebhookEvent, payment: Payment, charge) -> None:
    currency = payment.currency
    if not payment.is_paid:
        # Refunded before succeeded arrived: a charge can only be refunded once captured.
        _mark_paid(event=record, payment=payment)
    refunded_total = min(from_minor_units(charge.amount_refunded, currency), payment.captured_amount)
    if refunded_total > payment.refunded_amount:
        # Refunded from Stripe's dashboard, or our refund call's transaction was rolled back:
        # record the difference so the refund rows always add up to refunded_amount.
        PaymentRefund.objects.create(
            payment=payment,
            amount=refunded_total - payment.refunded_amount,
            status=RefundStatus.SUCCEEDED,
            provider_id=charge.id,
            note="Recorded from Stripe",
        )
        payment.refunded_amount = refunded_total
    _settle_status(payment)
    payment.save()
    record.outcome = "refunded"


# --- Expiry --------------------------------------------------------------------------------------------


def payment_expire_overdue(*, now: datetime, limit: int = 500) -> list[int]:
    """Expire VietQR payments still unpaid after their deadline and cancel their orders (which
    releases the stock). Payments with an open staff review are left for staff to decide.
    Returns the ids of the payments expired."""
    overdue = list(
        Payment.objects.filter(method=PaymentMethod.VIETQR, status=PaymentStatus.PENDING, expires_at__lt=now)
        .exclude(reviews__status=ReviewStatus.OPEN)
        .order_by("expires_at")
        .values_list("pk", flat=True)[:limit]
    )
    expired = []
    for pk in overdue:
        # One transaction per payment: one refusal from the orders app must not undo the others.
        with transaction.atomic():
            # skip_locked: a payment a bank webhook is settling right now is left to the next sweep;
            # the re-checked filter makes a payment that just got paid drop out.
            payment = (
                Payment.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("group")
                .filter(pk=pk, status=PaymentStatus.PENDING, expires_at__lt=now)
                .first()
            )
            if payment is None:
                continue
            payment.status = PaymentStatus.EXPIRED
            payment.save(update_fields=["status", "updated_at"])
            # Orders cancels the group's unconfirmed orders in its receiver, under this lock.
            payment_expired.send(
                sender=Payment, payment=payment, reason="Bank transfer not received in time."
            )
        expired.append(pk)
    return expired


# --- Staff review ----------------------------------------------------------------------------------


def _lock_open_review(review: TransferReview) -> TransferReview:
    # Locked so two staff acting on the same transfer cannot both resolve it (or mark it paid twice).
    review = TransferReview.objects.select_for_update().get(pk=review.pk)
    if review.status != ReviewStatus.OPEN:
        raise DomainError(PaymentErrorCode.ALREADY_RESOLVED, "This transfer was already handled.")
    return review


def transfer_review_resolve(*, review: TransferReview, user, note: str) -> TransferReview:
    """Close a review without touching the payment (e.g. the money was sent back to the buyer)."""
    note = note.strip()
    if not note:
        raise DomainError(PaymentErrorCode.INVALID, "Say what was done with the money.", "note")
    with transaction.atomic():
        review = _lock_open_review(review)
        review.status = ReviewStatus.RESOLVED
        review.resolution_note = note[:500]
        review.resolved_by = user
        review.resolved_at = timezone.now()
        review.save()
    return review


def transfer_review_mark_paid(*, review: TransferReview, payment: Payment, user, note: str) -> TransferReview:
    """Staff accept the transfer as payment of `payment` (e.g. an edited description, or a buyer who
    topped up an under-payment): the payment is captured in full and its order marked paid."""
    with transaction.atomic():
        review = _lock_open_review(review)
        # Same race as the webhook: a matching transfer may be settling this payment right now.
        payment = _lock(payment)
        if payment.method == PaymentMethod.STRIPE or payment.status not in OPEN_STATUSES or payment.is_paid:
            raise DomainError(
                PaymentErrorCode.INVALID_STATUS,
                "Only an unpaid transfer or cash payment can be marked paid; refund the money instead.",
            )
        _record_captured(payment, payment.amount)
        review.payment = payment
        review.status = ReviewStatus.MARKED_PAID
        review.resolution_note = (note.strip() or f"Marked paid: {payment.reference or payment.pk}")[:500]
        review.resolved_by = user
        review.resolved_at = timezone.now()
        review.save()
    return review
