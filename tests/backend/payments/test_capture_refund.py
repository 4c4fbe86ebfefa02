"""payment_capture (cash on delivery) and payment_refund (Stripe API, or a manual bank refund)."""

from decimal import Decimal

import pytest

from backend.core.errors import DomainError
from backend.payments.actions import (
    payment_capture,
    payment_prepare,
    payment_refund,
    payment_refund_mark_sent,
)
from backend.payments.error_codes import PaymentErrorCode
from backend.payments.models import Payment, PaymentRefund, PaymentStatus, RefundStatus
from tests.backend.payments.conftest import (
    charge_object,
    intent_object,
    make_group,
    post_stripe,
    start_payment,
    stripe_event,
)
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _reload(payment) -> Payment:
    return Payment.objects.get(pk=payment.pk)


def test_cash_captures_add_up_and_mark_the_group_paid_once_when_complete(mark_paid_spy):
    payment = start_payment(make_group("cod", total=200000))
    payment_capture(payment=payment, amount=Decimal(80000))
    partial = _reload(payment)
    assert (partial.status, partial.captured_amount, partial.paid_at) == (
        PaymentStatus.PARTIALLY_PAID,
        80000,
        None,
    )
    assert mark_paid_spy.calls == []
    payment_capture(payment=payment, amount=Decimal(120000))
    paid = _reload(payment)
    assert (paid.status, paid.captured_amount) == (PaymentStatus.PAID, 200000)
    assert len(mark_paid_spy.calls) == 1


def test_capturing_more_than_the_amount_is_refused():
    payment = start_payment(make_group("cod", total=100000))
    payment_capture(payment=payment, amount=Decimal(60000))
    with pytest.raises(DomainError) as exc:
        payment_capture(payment=payment, amount=Decimal(60000))
    assert exc.value.code == PaymentErrorCode.AMOUNT_EXCEEDS_CAPTURE
    assert _reload(payment).captured_amount == 60000


def test_only_cash_is_captured_by_hand():
    payment = start_payment(make_group("vietqr"))
    with pytest.raises(DomainError) as exc:
        payment_capture(payment=payment, amount=Decimal(1))
    assert exc.value.code == PaymentErrorCode.UNSUPPORTED_METHOD


def test_stripe_refund_goes_through_the_client_to_the_api(client, fake_stripe):
    payment = payment_prepare(payment=start_payment(make_group("stripe", total=120000)))
    post_stripe(client, stripe_event("evt_s", "payment_intent.succeeded", intent_object(payment)))
    refund = payment_refund(payment=payment, amount=Decimal(20000))
    (call,) = fake_stripe.state.calls("POST", "/v1/refunds")
    assert call.params == {"payment_intent": payment.provider_id, "amount": "20000"}
    assert call.headers["Idempotency-Key"] == f"nongsan-refund-{refund.pk}"
    assert (refund.status, refund.provider_id) == (RefundStatus.SUCCEEDED, "re_fake_000002")
    payment = _reload(payment)
    assert (payment.status, payment.refunded_amount) == (PaymentStatus.PARTIALLY_REFUNDED, 20000)
    # Stripe then reports the same refund: it is not counted twice.
    post_stripe(client, stripe_event("evt_r", "charge.refunded", charge_object(payment, refunded=20000)))
    assert _reload(payment).refunded_amount == 20000
    assert PaymentRefund.objects.count() == 1


def test_a_stripe_error_refunds_nothing(client, fake_stripe):
    payment = payment_prepare(payment=start_payment(make_group("stripe", total=120000)))
    post_stripe(client, stripe_event("evt_s", "payment_intent.succeeded", intent_object(payment)))
    fake_stripe.state.fail_with = 500
    with pytest.raises(DomainError) as exc:
        payment_refund(payment=payment, amount=Decimal(20000))
    assert exc.value.code == PaymentErrorCode.GATEWAY_ERROR
    assert _reload(payment).refunded_amount == 0
    assert not PaymentRefund.objects.exists()


def test_refunding_more_than_was_paid_is_refused(client):
    payment = start_payment(make_group("cod", total=100000))
    with pytest.raises(DomainError) as exc:
        payment_refund(payment=payment, amount=Decimal(1))
    assert exc.value.code == PaymentErrorCode.AMOUNT_EXCEEDS_REFUNDABLE
    payment_capture(payment=payment, amount=Decimal(100000))
    payment_refund(payment=payment, amount=Decimal(70000))
    with pytest.raises(DomainError):
        payment_refund(payment=payment, amount=Decimal(40000))


def test_a_cash_or_transfer_refund_is_owed_by_bank_transfer_until_staff_record_it():
    payment = start_payment(make_group("cod", total=100000))
    payment_capture(payment=payment, amount=Decimal(100000))
    refund = payment_refund(payment=payment, amount=Decimal(100000), note="Hàng hỏng")
    assert refund.status == RefundStatus.MANUAL_PENDING
    assert _reload(payment).status == PaymentStatus.REFUNDED
    staff = make_user(is_staff=True)
    sent = payment_refund_mark_sent(refund=refund, user=staff)
    assert (sent.status, sent.sent_by) == (RefundStatus.MANUAL_SENT, staff)
    with pytest.raises(DomainError) as exc:
        payment_refund_mark_sent(refund=refund, user=staff)
    assert exc.value.code == PaymentErrorCode.ALREADY_RESOLVED


def test_a_later_delivery_is_captured_after_an_earlier_order_was_refunded():
    payment = start_payment(make_group("cod", total=200000))
    payment_capture(payment=payment, amount=Decimal(80000))
    payment_refund(payment=payment, amount=Decimal(80000))
    assert _reload(payment).status == PaymentStatus.REFUNDED
    payment_capture(payment=payment, amount=Decimal(120000))
    payment = _reload(payment)
    assert (payment.status, payment.captured_amount, payment.refunded_amount) == (
        PaymentStatus.PARTIALLY_REFUNDED,
        200000,
        80000,
    )
