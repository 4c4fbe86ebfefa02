"""A prepaid group whose orders were (partly) cancelled before the money came: the buyer pays the whole
amount they were asked for, the cancelled share is refunded once, and the other orders are confirmed."""

from decimal import Decimal

import pytest

from backend.core.errors import DomainError
from backend.orders import actions as order_actions
from backend.orders.actions import order_cancel, order_group_mark_paid
from backend.orders.models import (
    LedgerKind,
    Order,
    OrderEvent,
    OrderEventType,
    OrderStatus,
    PayoutLedgerEntry,
)
from backend.payments.actions import payment_prepare, transfer_review_mark_paid
from backend.payments.error_codes import PaymentErrorCode
from backend.payments.models import (
    Payment,
    PaymentRefund,
    PaymentStatus,
    RefundStatus,
    ReviewReason,
    TransferReview,
    WebhookEvent,
)
from tests.backend.payments.conftest import (
    add_stall_order,
    bank_body,
    charge_object,
    intent_object,
    make_group,
    post_bank,
    post_stripe,
    start_payment,
    stripe_event,
)
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _reload(payment) -> Payment:
    return Payment.objects.get(pk=payment.pk)


def _two_stall_payment(method: str, totals=(120000, 80000), currency: str = "VND"):
    """A started payment for a group of two stalls' orders; returns (payment, kept, cancelled)."""
    group = make_group(method, total=totals[0], currency=currency)
    kept = group.orders.get()
    cancelled = add_stall_order(group, totals[1])
    payment = start_payment(group)
    return payment, kept, cancelled


def _buyer_cancels(order: Order) -> None:
    order_cancel(order=order, actor=None, reason="Đổi ý", by_stall=False)


def _pay_by_transfer(client, payment, transaction_id=501):
    body = bank_body(transaction_id=transaction_id, amount=int(payment.amount), content=payment.reference)
    return post_bank(client, body)


def test_transfer_for_two_stalls_refunds_the_share_of_the_order_cancelled_before_it(client):
    payment, kept, cancelled = _two_stall_payment("vietqr")
    _buyer_cancels(cancelled)
    assert payment.amount == 200000  # the QR still asks for the whole group

    response = _pay_by_transfer(client, payment)

    assert response.json()["outcome"] == "paid"
    payment = _reload(payment)
    assert payment.paid_at is not None
    assert (payment.captured_amount, payment.refunded_amount) == (200000, 80000)
    assert payment.status == PaymentStatus.PARTIALLY_REFUNDED
    (refund,) = PaymentRefund.objects.filter(payment=payment)
    assert (refund.amount, refund.status) == (80000, RefundStatus.MANUAL_PENDING)
    assert refund.note.startswith(cancelled.number)
    kept.refresh_from_db()
    cancelled.refresh_from_db()
    assert kept.status == OrderStatus.CONFIRMED
    assert (cancelled.status, cancelled.refunded_amount) == (OrderStatus.CANCELLED, 80000)
    (event,) = OrderEvent.objects.filter(order=cancelled, type=OrderEventType.REFUNDED)
    assert event.data == {"amount": "80000.00"}
    assert not OrderEvent.objects.filter(order=kept, type=OrderEventType.REFUNDED).exists()
    # Nothing was earned on the cancelled order, so nothing is charged to its stall either.
    assert not PayoutLedgerEntry.objects.filter(order=cancelled, kind=LedgerKind.REFUND).exists()
    assert not TransferReview.objects.exists()


def test_an_order_the_stall_cancelled_with_a_reason_is_refunded_the_same_way(client):
    payment, kept, cancelled = _two_stall_payment("vietqr")
    order_cancel(order=cancelled, actor=make_user(), reason="Hết hàng", by_stall=True)
    _pay_by_transfer(client, payment)
    assert _reload(payment).refunded_amount == 80000
    assert Order.objects.get(pk=kept.pk).status == OrderStatus.CONFIRMED


def test_the_same_notification_twice_refunds_once(client):
    payment, _kept, cancelled = _two_stall_payment("vietqr")
    _buyer_cancels(cancelled)
    _pay_by_transfer(client, payment)
    assert _pay_by_transfer(client, payment).json()["duplicate"] is True
    assert WebhookEvent.objects.count() == 1
    assert list(PaymentRefund.objects.values_list("amount", flat=True)) == [80000]
    assert _reload(payment).refunded_amount == 80000


def test_staff_cannot_mark_a_paid_payment_paid_again_so_nothing_is_refunded_twice(client):
    payment, _kept, cancelled = _two_stall_payment("vietqr")
    _buyer_cancels(cancelled)
    _pay_by_transfer(client, payment)
    # A second transfer for the same reference lands in review; staff try to accept it as payment.
    _pay_by_transfer(client, payment, transaction_id=502)
    review = TransferReview.objects.get()
    assert review.reason == ReviewReason.NOT_PENDING
    with pytest.raises(DomainError) as exc:
        transfer_review_mark_paid(review=review, payment=payment, user=make_user(), note="")
    assert exc.value.code == PaymentErrorCode.INVALID_STATUS
    assert list(PaymentRefund.objects.values_list("amount", flat=True)) == [80000]


def test_marking_the_group_paid_again_refunds_nothing_more(client):
    payment, _kept, cancelled = _two_stall_payment("vietqr")
    _buyer_cancels(cancelled)
    _pay_by_transfer(client, payment)
    order_group_mark_paid(group=payment.group)
    assert PaymentRefund.objects.count() == 1
    assert _reload(payment).refunded_amount == 80000
    assert OrderEvent.objects.filter(order=cancelled, type=OrderEventType.REFUNDED).count() == 1


def test_staff_marking_a_reviewed_transfer_paid_also_refunds_the_cancelled_share(client):
    payment, kept, cancelled = _two_stall_payment("vietqr")
    _buyer_cancels(cancelled)
    # The buyer's bank mangled the reference: the transfer waits for staff.
    post_bank(client, bank_body(transaction_id=503, amount=200000, content="chuyen tien don hang"))
    review = TransferReview.objects.get()
    transfer_review_mark_paid(review=review, payment=payment, user=make_user(), note="Đúng người mua")
    payment = _reload(payment)
    assert (payment.captured_amount, payment.refunded_amount) == (200000, 80000)
    assert Order.objects.get(pk=kept.pk).status == OrderStatus.CONFIRMED
    assert Order.objects.get(pk=cancelled.pk).refunded_amount == 80000


def test_a_transfer_for_a_group_whose_orders_were_all_cancelled_is_refunded_in_full(client):
    payment, kept, cancelled = _two_stall_payment("vietqr")
    _buyer_cancels(kept)
    _buyer_cancels(cancelled)

    response = _pay_by_transfer(client, payment)

    assert response.json()["outcome"] == "refunded"
    payment = _reload(payment)
    assert (payment.captured_amount, payment.refunded_amount) == (200000, 200000)
    assert payment.status == PaymentStatus.REFUNDED
    assert sorted(PaymentRefund.objects.values_list("amount", flat=True)) == [80000, 120000]
    assert set(Order.objects.filter(group=payment.group).values_list("status", flat=True)) == {
        OrderStatus.CANCELLED
    }
    assert not OrderEvent.objects.filter(order__group=payment.group, type=OrderEventType.CONFIRMED).exists()
    assert not TransferReview.objects.exists()


# --- Stripe: the refund goes through the API (the fake server) in the currency's minor unit -------------


@pytest.fixture
def card_payment(fake_stripe):
    payment, kept, cancelled = _two_stall_payment(
        "stripe", totals=(Decimal("12.50"), Decimal("7.25")), currency="USD"
    )
    payment_prepare(payment=payment)
    payment.refresh_from_db()
    return payment, kept, cancelled


def test_card_payment_for_two_stalls_refunds_the_cancelled_share_through_stripe(
    client, fake_stripe, card_payment
):
    payment, kept, cancelled = card_payment
    _buyer_cancels(cancelled)
    assert fake_stripe.state.calls("POST", "/v1/refunds") == []  # nothing was paid yet

    response = post_stripe(
        client, stripe_event("evt_s", "payment_intent.succeeded", intent_object(payment, amount=1975))
    )

    assert response.json()["outcome"] == "paid"
    (call,) = fake_stripe.state.calls("POST", "/v1/refunds")
    assert call.params == {"payment_intent": payment.provider_id, "amount": "725"}
    assert (
        call.headers["Idempotency-Key"] == f"nongsan-group-{payment.group_id}-cancelled-order-{cancelled.pk}"
    )
    (refund,) = PaymentRefund.objects.filter(payment=payment)
    assert (refund.amount, refund.status) == (Decimal("7.25"), RefundStatus.SUCCEEDED)
    assert refund.provider_id.startswith("re_fake_")
    payment = _reload(payment)
    assert (payment.captured_amount, payment.refunded_amount) == (Decimal("19.75"), Decimal("7.25"))
    assert Order.objects.get(pk=kept.pk).status == OrderStatus.CONFIRMED
    assert Order.objects.get(pk=cancelled.pk).refunded_amount == Decimal("7.25")

    # Stripe then reports that refund on the charge: it is not counted a second time.
    post_stripe(
        client, stripe_event("evt_r", "charge.refunded", charge_object(payment, refunded=725, captured=1975))
    )
    assert _reload(payment).refunded_amount == Decimal("7.25")
    assert PaymentRefund.objects.count() == 1


def test_card_success_delivered_twice_under_two_event_ids_refunds_once(client, fake_stripe, card_payment):
    payment, _kept, cancelled = card_payment
    _buyer_cancels(cancelled)
    succeeded = intent_object(payment, amount=1975)
    post_stripe(client, stripe_event("evt_s1", "payment_intent.succeeded", succeeded))
    post_stripe(client, stripe_event("evt_s1", "payment_intent.succeeded", succeeded))
    post_stripe(client, stripe_event("evt_s2", "payment_intent.succeeded", succeeded))
    assert len(fake_stripe.state.calls("POST", "/v1/refunds")) == 1
    assert PaymentRefund.objects.count() == 1
    assert _reload(payment).refunded_amount == Decimal("7.25")


def test_a_card_payment_whose_orders_were_all_cancelled_is_refunded_in_full(
    client, fake_stripe, card_payment
):
    payment, kept, cancelled = card_payment
    _buyer_cancels(kept)
    _buyer_cancels(cancelled)
    response = post_stripe(
        client, stripe_event("evt_s", "payment_intent.succeeded", intent_object(payment, amount=1975))
    )
    assert response.json()["outcome"] == "refunded"
    amounts = sorted(call.params["amount"] for call in fake_stripe.state.calls("POST", "/v1/refunds"))
    assert amounts == ["1250", "725"]
    payment = _reload(payment)
    assert (payment.status, payment.refunded_amount) == (PaymentStatus.REFUNDED, Decimal("19.75"))
    assert not Order.objects.filter(group=payment.group).exclude(status=OrderStatus.CANCELLED).exists()


def test_a_stripe_outage_during_the_refund_stores_nothing_and_the_retry_settles_it(
    client, fake_stripe, card_payment
):
    payment, kept, cancelled = card_payment
    _buyer_cancels(cancelled)
    body = stripe_event("evt_s", "payment_intent.succeeded", intent_object(payment, amount=1975))
    fake_stripe.state.fail_with = 500

    assert post_stripe(client, body).status_code == 503

    assert not WebhookEvent.objects.exists()
    assert (_reload(payment).status, PaymentRefund.objects.count()) == (PaymentStatus.PENDING, 0)
    assert Order.objects.get(pk=kept.pk).status == OrderStatus.UNCONFIRMED
    fake_stripe.state.fail_with = None
    assert post_stripe(client, body).json()["outcome"] == "paid"
    assert _reload(payment).refunded_amount == Decimal("7.25")


def test_a_settlement_rolled_back_after_stripe_refunded_does_not_refund_twice_on_retry(
    client, fake_stripe, card_payment, monkeypatch
):
    payment, _kept, cancelled = card_payment
    _buyer_cancels(cancelled)
    real_notify = order_actions.order_notify

    def notify_fails_once(*, order, kind):
        if kind == "refunded":
            monkeypatch.setattr(order_actions, "order_notify", real_notify)
            raise RuntimeError("mail queue down")
        return real_notify(order=order, kind=kind)

    monkeypatch.setattr(order_actions, "order_notify", notify_fails_once)
    body = stripe_event("evt_s", "payment_intent.succeeded", intent_object(payment, amount=1975))
    with pytest.raises(RuntimeError):
        post_stripe(client, body)  # Stripe refunded, then our transaction rolled back
    assert not WebhookEvent.objects.exists()

    assert post_stripe(client, body).json()["outcome"] == "paid"

    first, retry = fake_stripe.state.calls("POST", "/v1/refunds")
    assert first.headers["Idempotency-Key"] == retry.headers["Idempotency-Key"]
    assert len(fake_stripe.state.refunds) == 1  # Stripe paid the buyer back once
    assert PaymentRefund.objects.get().provider_id == next(iter(fake_stripe.state.refunds))
