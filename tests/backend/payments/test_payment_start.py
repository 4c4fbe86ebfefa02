"""payment_start inside the checkout transaction, and Stripe's PaymentIntent made after commit."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from backend.core.errors import DomainError
from backend.payments.actions import payment_prepare, payment_start
from backend.payments.error_codes import PaymentErrorCode
from backend.payments.models import Payment, PaymentStatus
from tests.backend.payments.conftest import make_group, start_payment

pytestmark = pytest.mark.django_db


def test_cash_on_delivery_starts_pending_without_reference_or_deadline():
    payment = start_payment(make_group("cod", total=99000))
    assert (payment.method, payment.status, payment.amount, payment.currency) == (
        "cod",
        PaymentStatus.PENDING,
        Decimal(99000),
        "VND",
    )
    assert payment.reference is None and payment.expires_at is None


def test_vietqr_gets_a_unique_reference_and_a_deadline_from_settings(settings):
    settings.VIETQR_PAYMENT_TTL_MINUTES = 45
    group = make_group("vietqr")
    before = timezone.now()
    payment = start_payment(group)
    assert payment.reference == "NS" + group.number[2:]
    assert len(payment.reference) <= 19 and payment.reference.isascii()
    assert before + timedelta(minutes=45) <= payment.expires_at <= timezone.now() + timedelta(minutes=45)


def test_two_groups_whose_numbers_share_digits_get_different_references():
    first = make_group("vietqr")
    second = make_group("vietqr")
    second.number = first.number.replace("NS", "XX")
    second.save()
    a, b = start_payment(first), start_payment(second)
    assert a.reference != b.reference
    assert len(b.reference) <= 19


def test_vietqr_refuses_a_non_vnd_group():
    with pytest.raises(DomainError) as exc:
        start_payment(make_group("vietqr", total=Decimal("12.50"), currency="USD"))
    assert exc.value.code == PaymentErrorCode.UNSUPPORTED_CURRENCY
    assert not Payment.objects.exists()


def test_stripe_makes_no_network_call_inside_the_transaction(fake_stripe, django_capture_on_commit_callbacks):
    group = make_group("stripe", total=120000)
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        payment = payment_start(group=group)
        assert fake_stripe.state.requests == []
    assert len(callbacks) == 1
    assert payment.provider_id == ""


def test_stripe_intent_is_created_after_commit_in_zero_decimal_vnd(
    fake_stripe, django_capture_on_commit_callbacks
):
    group = make_group("stripe", total=120000)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        payment_start(group=group)
    (call,) = fake_stripe.state.calls("POST", "/v1/payment_intents")
    assert call.params["amount"] == "120000"  # 120.000 ₫, not cents
    assert call.params["currency"] == "vnd"
    assert call.params["metadata[order_group]"] == group.number
    assert call.headers["Authorization"] == "Bearer sk_test_nongsan"
    assert call.headers["Idempotency-Key"].startswith("nongsan-payment-")
    payment = Payment.objects.get(group=group)
    assert payment.provider_id == "pi_fake_000001"
    assert payment.client_secret.startswith("pi_fake_000001_secret_")


def test_stripe_intent_in_usd_is_sent_in_cents(fake_stripe):
    payment = start_payment(make_group("stripe", total=Decimal("12.50"), currency="USD"))
    payment_prepare(payment=payment)
    (call,) = fake_stripe.state.calls("POST", "/v1/payment_intents")
    assert (call.params["amount"], call.params["currency"]) == ("1250", "usd")


def test_prepare_twice_creates_one_intent(fake_stripe):
    payment = start_payment(make_group("stripe"))
    payment_prepare(payment=payment)
    payment_prepare(payment=Payment.objects.get(pk=payment.pk))
    assert len(fake_stripe.state.calls("POST", "/v1/payment_intents")) == 1


def test_a_stripe_outage_after_commit_keeps_the_order_and_can_be_retried(
    fake_stripe, django_capture_on_commit_callbacks
):
    fake_stripe.state.fail_with = 500
    group = make_group("stripe")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        payment_start(group=group)
    payment = Payment.objects.get(group=group)
    assert payment.provider_id == ""
    fake_stripe.state.fail_with = None
    payment_prepare(payment=payment)
    assert Payment.objects.get(pk=payment.pk).provider_id.startswith("pi_fake_")


def test_prepare_reports_a_gateway_error_as_a_domain_error(fake_stripe):
    fake_stripe.state.fail_with = 500
    payment = start_payment(make_group("stripe"))
    with pytest.raises(DomainError) as exc:
        payment_prepare(payment=payment)
    assert exc.value.code == PaymentErrorCode.GATEWAY_ERROR


def test_unknown_method_is_refused():
    group = make_group("cod")
    group.payment_method = "bitcoin"
    with pytest.raises(DomainError) as exc:
        payment_start(group=group)
    assert exc.value.code == PaymentErrorCode.UNSUPPORTED_METHOD


def test_prepare_after_commit_asks_stripe_nothing_when_a_webhook_already_settled_the_payment(
    fake_stripe, django_capture_on_commit_callbacks
):
    group = make_group("stripe")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        payment = payment_start(group=group)
        # The intent succeeded (and its webhook was processed) before the checkout committed.
        Payment.objects.filter(pk=payment.pk).update(provider_id="pi_settled", status=PaymentStatus.PAID)
    assert fake_stripe.state.calls("POST", "/v1/payment_intents") == []
    assert Payment.objects.get(pk=payment.pk).provider_id == "pi_settled"
