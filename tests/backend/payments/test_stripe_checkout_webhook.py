"""checkout.session.* events on POST /webhooks/stripe/: the session links the intent Checkout made,
whichever of it and payment_intent.succeeded comes first captures once, and an expired session lets
the buyer start again."""

import pytest

from backend.payments.actions import payment_card_checkout_start, payment_prepare
from backend.payments.models import Payment, PaymentStatus, ReviewReason, TransferReview, WebhookEvent
from tests.backend.payments.conftest import (
    intent_object,
    make_group,
    post_stripe,
    start_payment,
    stripe_event,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def payment(fake_stripe):
    """A card payment with the app's PaymentIntent prepared and a hosted page opened."""
    payment = payment_prepare(payment=start_payment(make_group("stripe", total=120000)))
    payment_card_checkout_start(
        payment=payment, success_url="https://shop.example.vn/xong/", cancel_url="https://shop.example.vn/"
    )
    return _reload(payment)


def _reload(payment) -> Payment:
    return Payment.objects.get(pk=payment.pk)


def _session(payment, *, intent="pi_checkout_1", paid=True, amount=None, session_id=None, metadata=None):
    return {
        "id": session_id or payment.checkout_session_id,
        "object": "checkout.session",
        "amount_total": int(payment.amount) if amount is None else amount,
        "currency": "vnd",
        "payment_intent": intent,
        "payment_status": "paid" if paid else "unpaid",
        "status": "complete",
        "client_reference_id": payment.group.number,
        "metadata": {"payment_id": str(payment.pk)} if metadata is None else metadata,
    }


def _checkout_intent(payment, intent="pi_checkout_1") -> dict:
    return {**intent_object(payment), "id": intent}


def test_a_paid_session_captures_and_links_the_intent_checkout_made(client, payment, mark_paid_spy):
    prepared = payment.provider_id
    response = post_stripe(client, stripe_event("evt_c", "checkout.session.completed", _session(payment)))
    assert response.json()["outcome"] == "paid"
    paid = _reload(payment)
    assert (paid.status, paid.captured_amount) == (PaymentStatus.PAID, 120000)
    # Refunds must reach the intent that took the money, not the unused one made for the app.
    assert paid.provider_id == "pi_checkout_1" != prepared
    assert paid.checkout_url == ""
    assert len(mark_paid_spy.calls) == 1
    late = post_stripe(client, stripe_event("evt_s", "payment_intent.succeeded", _checkout_intent(payment)))
    assert late.json()["outcome"] == "noop:already_paid"
    assert len(mark_paid_spy.calls) == 1


def test_succeeded_first_captures_and_the_session_after_it_changes_nothing(client, payment, mark_paid_spy):
    first = post_stripe(client, stripe_event("evt_s", "payment_intent.succeeded", _checkout_intent(payment)))
    assert first.json()["outcome"] == "paid"
    assert _reload(payment).provider_id == "pi_checkout_1"
    second = post_stripe(client, stripe_event("evt_c", "checkout.session.completed", _session(payment)))
    assert second.json()["outcome"] == "noop:already_paid"
    assert len(mark_paid_spy.calls) == 1
    assert not TransferReview.objects.exists()


def test_an_unpaid_completed_session_only_links_the_intent(client, payment, mark_paid_spy):
    response = post_stripe(
        client, stripe_event("evt_c", "checkout.session.completed", _session(payment, paid=False))
    )
    assert response.json()["outcome"] == "checkout_linked"
    stored = _reload(payment)
    assert (stored.status, stored.captured_amount, stored.provider_id) == (
        PaymentStatus.PENDING,
        0,
        "pi_checkout_1",
    )
    assert mark_paid_spy.calls == []


def test_a_session_for_another_amount_is_reviewed_not_paid(client, payment, mark_paid_spy):
    post_stripe(client, stripe_event("evt_c", "checkout.session.completed", _session(payment, amount=1000)))
    assert _reload(payment).status == PaymentStatus.PENDING
    assert list(TransferReview.objects.values_list("reason", "amount")) == [
        (ReviewReason.AMOUNT_MISMATCH, 1000)
    ]
    assert mark_paid_spy.calls == []


def test_a_session_is_found_by_its_id_when_metadata_is_missing(client, payment):
    post_stripe(client, stripe_event("evt_c", "checkout.session.completed", _session(payment, metadata={})))
    assert _reload(payment).status == PaymentStatus.PAID


def test_paying_again_through_another_intent_is_put_to_staff(client, payment, mark_paid_spy):
    post_stripe(client, stripe_event("evt_app", "payment_intent.succeeded", intent_object(payment)))
    # The buyer also paid on the card page: money taken twice must not vanish as a no-op.
    post_stripe(client, stripe_event("evt_c", "checkout.session.completed", _session(payment)))
    stored = _reload(payment)
    assert (stored.status, stored.captured_amount, stored.provider_id) == (
        PaymentStatus.PAID,
        120000,
        payment.provider_id,
    )
    [review] = TransferReview.objects.all()
    assert (review.reason, review.amount, review.payment_id) == (ReviewReason.NOT_PENDING, 120000, payment.pk)
    assert "pi_checkout_1" in review.description
    assert len(mark_paid_spy.calls) == 1


def test_the_current_session_expiring_lets_the_buyer_start_again(client, payment):
    expired = {**_session(payment, intent=None, paid=False), "status": "expired"}
    response = post_stripe(client, stripe_event("evt_x", "checkout.session.expired", expired))
    assert response.json()["outcome"] == "checkout_expired"
    stored = _reload(payment)
    assert (stored.checkout_url, stored.status) == ("", PaymentStatus.PENDING)
    assert stored.checkout_session_id == payment.checkout_session_id


def test_an_older_session_expiring_keeps_the_current_page(client, payment):
    old = {**_session(payment, intent=None, paid=False, session_id="cs_test_older"), "status": "expired"}
    post_stripe(client, stripe_event("evt_x", "checkout.session.expired", old))
    assert _reload(payment).checkout_url == payment.checkout_url


def test_an_event_whose_object_is_not_what_its_type_carries_is_a_400(client, payment):
    body = stripe_event("evt_bad", "checkout.session.completed", intent_object(payment))
    assert post_stripe(client, body).status_code == 400
    assert not WebhookEvent.objects.exists()
    assert _reload(payment).status == PaymentStatus.PENDING
