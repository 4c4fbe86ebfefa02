"""POST /webhooks/stripe/: events verified with stripe.Webhook.construct_event, applied exactly once,
converging on the right state whatever order they arrive in."""

import time

import pytest

from backend.payments.actions import payment_prepare
from backend.payments.models import (
    Payment,
    PaymentRefund,
    PaymentStatus,
    ReviewReason,
    TransferReview,
    WebhookEvent,
)
from tests.backend.payments.conftest import (
    charge_object,
    intent_object,
    make_group,
    post_stripe,
    start_payment,
    stripe_event,
    stripe_signature,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def payment(fake_stripe):
    payment = start_payment(make_group("stripe", total=120000))
    return payment_prepare(payment=payment)


def _reload(payment) -> Payment:
    return Payment.objects.get(pk=payment.pk)


def test_signed_succeeded_event_marks_the_payment_paid(client, payment, mark_paid_spy):
    response = post_stripe(client, stripe_event("evt_1", "payment_intent.succeeded", intent_object(payment)))
    assert response.status_code == 200
    assert response.json()["outcome"] == "paid"
    payment = _reload(payment)
    assert payment.status == PaymentStatus.PAID
    assert payment.captured_amount == 120000
    assert len(mark_paid_spy.calls) == 1


def test_bad_signature_is_refused_and_nothing_is_stored(client, payment):
    body = stripe_event("evt_1", "payment_intent.succeeded", intent_object(payment))
    response = post_stripe(client, body, signature=stripe_signature(body, secret="whsec_other"))
    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()
    assert _reload(payment).status == PaymentStatus.PENDING


def test_a_stale_signature_is_refused(client, payment):
    body = stripe_event("evt_1", "payment_intent.succeeded", intent_object(payment))
    old = stripe_signature(body, timestamp=int(time.time()) - 3600)
    assert post_stripe(client, body, signature=old).status_code == 400


@pytest.mark.parametrize("body", [b"{oops", b'{"id": "evt_x", "type": "charge.refunded", "data": {}}'])
def test_malformed_signed_payloads_are_a_400(client, body):
    assert post_stripe(client, body).status_code == 400
    assert not WebhookEvent.objects.exists()


def test_event_types_we_do_not_handle_are_acknowledged_and_not_stored(client, payment):
    body = stripe_event("evt_2", "payment_intent.created", intent_object(payment))
    response = post_stripe(client, body)
    assert response.status_code == 200 and response.json()["outcome"] == "ignored"
    assert not WebhookEvent.objects.exists()


def test_the_same_event_delivered_twice_is_applied_once(client, payment, mark_paid_spy):
    body = stripe_event("evt_1", "payment_intent.succeeded", intent_object(payment))
    post_stripe(client, body)
    assert post_stripe(client, body).json() == {"ok": True, "duplicate": True}
    assert WebhookEvent.objects.filter(provider="stripe").count() == 1
    assert len(mark_paid_spy.calls) == 1


def test_succeeded_twice_under_different_event_ids_pays_once(client, payment, mark_paid_spy):
    post_stripe(client, stripe_event("evt_1", "payment_intent.succeeded", intent_object(payment)))
    second = post_stripe(client, stripe_event("evt_2", "payment_intent.succeeded", intent_object(payment)))
    assert second.json()["outcome"] == "noop:already_paid"
    assert len(mark_paid_spy.calls) == 1
    assert _reload(payment).captured_amount == 120000


def test_wrong_amount_or_currency_is_not_paid_but_reviewed(client, payment, mark_paid_spy):
    post_stripe(
        client, stripe_event("evt_1", "payment_intent.succeeded", intent_object(payment, amount=1000))
    )
    post_stripe(
        client, stripe_event("evt_2", "payment_intent.succeeded", intent_object(payment, currency="USD"))
    )
    assert _reload(payment).status == PaymentStatus.PENDING
    assert mark_paid_spy.calls == []
    assert set(TransferReview.objects.values_list("reason", flat=True)) == {ReviewReason.AMOUNT_MISMATCH}
    assert TransferReview.objects.count() == 2


def test_refunded_before_succeeded_ends_refunded_and_marks_paid_once(client, payment, mark_paid_spy):
    post_stripe(client, stripe_event("evt_r", "charge.refunded", charge_object(payment, refunded=120000)))
    post_stripe(client, stripe_event("evt_s", "payment_intent.succeeded", intent_object(payment)))
    payment = _reload(payment)
    assert payment.status == PaymentStatus.REFUNDED
    assert (payment.captured_amount, payment.refunded_amount) == (120000, 120000)
    assert len(mark_paid_spy.calls) == 1
    assert list(PaymentRefund.objects.values_list("amount", "status")) == [(120000, "succeeded")]


def test_partial_refund_events_converge_whatever_their_order(client, payment):
    post_stripe(client, stripe_event("evt_s", "payment_intent.succeeded", intent_object(payment)))
    # Stripe's charge carries the running total: the second refund's event arrives first.
    post_stripe(client, stripe_event("evt_r2", "charge.refunded", charge_object(payment, refunded=50000)))
    post_stripe(client, stripe_event("evt_r1", "charge.refunded", charge_object(payment, refunded=20000)))
    payment = _reload(payment)
    assert payment.status == PaymentStatus.PARTIALLY_REFUNDED
    assert payment.refunded_amount == 50000
    assert sum(r.amount for r in payment.refunds.all()) == 50000


def test_failed_then_succeeded_ends_paid(client, payment):
    failure = intent_object(payment, error={"message": "Your card was declined."})
    post_stripe(client, stripe_event("evt_f", "payment_intent.payment_failed", failure))
    failed = _reload(payment)
    assert (failed.status, failed.failure_message) == (PaymentStatus.FAILED, "Your card was declined.")
    post_stripe(client, stripe_event("evt_s", "payment_intent.succeeded", intent_object(payment)))
    assert _reload(payment).status == PaymentStatus.PAID


def test_a_failure_delivered_after_success_changes_nothing(client, payment):
    post_stripe(client, stripe_event("evt_s", "payment_intent.succeeded", intent_object(payment)))
    post_stripe(client, stripe_event("evt_f", "payment_intent.payment_failed", intent_object(payment)))
    assert _reload(payment).status == PaymentStatus.PAID


def test_an_event_for_an_unknown_intent_is_stored_and_ignored(client, payment):
    obj = {**intent_object(payment), "id": "pi_somebody_else", "metadata": {}}
    response = post_stripe(client, stripe_event("evt_u", "payment_intent.succeeded", obj))
    assert response.json()["outcome"] == "ignored:unknown_payment"
    assert _reload(payment).status == PaymentStatus.PENDING


def test_succeeded_before_the_intent_id_was_stored_is_matched_by_metadata(client, fake_stripe):
    payment = start_payment(make_group("stripe", total=120000))
    obj = {**intent_object(payment), "id": "pi_fake_late"}
    post_stripe(client, stripe_event("evt_m", "payment_intent.succeeded", obj))
    payment = _reload(payment)
    assert (payment.status, payment.provider_id) == (PaymentStatus.PAID, "pi_fake_late")
