"""The whole card round trip against a live server: our action opens Stripe's hosted page (the fake),
the buyer pays or declines there, the fake posts Stripe-signed webhooks to /webhooks/stripe/, and the
payment and its order group are settled exactly once whatever the order and repetition of events."""

import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest

from backend.core.errors import DomainError
from backend.orders.models import OrderStatus
from backend.payments.actions import payment_card_checkout_start
from backend.payments.error_codes import PaymentErrorCode
from backend.payments.gateways.stripe import stripe_client
from backend.payments.models import Payment, PaymentStatus, WebhookEvent
from tests.backend.payments.conftest import make_group, start_payment

SESSION_COMPLETED, INTENT_SUCCEEDED = "checkout.session.completed", "payment_intent.succeeded"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):
        return None


_browser = urllib.request.build_opener(_NoRedirect)


def _open(url: str, form: dict | None = None) -> tuple[int, dict, str]:
    """GET the page, or POST the form url-encoded as a browser does; (status, headers, body)."""
    data = urlencode(form).encode() if form is not None else None
    try:
        response = _browser.open(urllib.request.Request(url, data=data), timeout=30)
    except urllib.error.HTTPError as exc:
        response = exc
    with response:
        return response.status, dict(response.headers), response.read().decode()


def _reload(payment) -> Payment:
    return Payment.objects.get(pk=payment.pk)


@pytest.fixture
def card_payment(stripe_checkout_fake):
    """A committed card payment; its commit made the app's PaymentIntent through the fake."""
    return start_payment(make_group("stripe", total=120000))


def _start(payment, live_server) -> str:
    return payment_card_checkout_start(
        payment=payment,
        success_url=f"{live_server.url}/thanh-toan/xong/{{CHECKOUT_SESSION_ID}}/",
        cancel_url=f"{live_server.url}/thanh-toan/",
    )


@pytest.mark.parametrize("intent_event_first", [False, True], ids=["session-first", "intent-first"])
def test_paying_on_the_hosted_page_settles_the_group_once(
    stripe_checkout_fake, live_server, card_payment, mark_paid_spy, intent_event_first
):
    fake = stripe_checkout_fake
    fake.state.intent_event_first = intent_event_first
    prepared = _reload(card_payment).provider_id
    assert prepared.startswith("pi_fake_")
    url = _start(card_payment, live_server)

    status, _, page = _open(url)
    assert status == 200
    assert "120000 VND" in page and ">Pay<" in page and ">Decline<" in page
    assert f"href='{live_server.url}/thanh-toan/'" in page

    status, headers, _ = _open(url, {"outcome": "pay"})
    session_id = _reload(card_payment).checkout_session_id
    assert (status, headers["Location"]) == (303, f"{live_server.url}/thanh-toan/xong/{session_id}/")
    order = (
        [INTENT_SUCCEEDED, SESSION_COMPLETED] if intent_event_first else [SESSION_COMPLETED, INTENT_SUCCEEDED]
    )
    assert [(d.event_type, d.status) for d in fake.state.deliveries] == [(kind, 200) for kind in order]

    paid = _reload(card_payment)
    intent_id = fake.state.sessions[session_id]["payment_intent"]
    assert (paid.status, paid.captured_amount, paid.provider_id) == (PaymentStatus.PAID, 120000, intent_id)
    assert intent_id != prepared and fake.state.intents[intent_id]["status"] == "succeeded"
    assert fake.state.intents[intent_id]["metadata"]["payment_id"] == str(card_payment.pk)
    assert list(paid.group.orders.values_list("status", flat=True)) == [OrderStatus.CONFIRMED]
    assert sorted(WebhookEvent.objects.values_list("outcome", flat=True)) == ["noop:already_paid", "paid"]
    assert len(mark_paid_spy.calls) == 1

    # Stripe's retries (the same events, freshly signed) in the other order change nothing.
    for delivery in reversed(fake.state.deliveries):
        assert fake.state.redeliver(delivery) == 200
    # Nor does the same news under new event ids.
    fake.state.send_event(SESSION_COMPLETED, fake.state.sessions[session_id])
    fake.state.send_event(INTENT_SUCCEEDED, fake.state.intents[intent_id])
    assert WebhookEvent.objects.count() == 4
    assert _reload(card_payment).captured_amount == 120000
    assert len(mark_paid_spy.calls) == 1

    with pytest.raises(DomainError) as refusal:
        _start(card_payment, live_server)
    assert refusal.value.code == PaymentErrorCode.INVALID_STATUS
    assert _open(url)[0] == 410


def test_a_declined_card_pays_nothing_and_the_buyer_can_pay_on_the_same_page(
    stripe_checkout_fake, live_server, card_payment, mark_paid_spy
):
    fake = stripe_checkout_fake
    url = _start(card_payment, live_server)
    status, _, page = _open(url, {"outcome": "decline"})
    assert status == 402 and "Your card was declined." in page
    assert [(d.event_type, d.status) for d in fake.state.deliveries] == [
        ("payment_intent.payment_failed", 200)
    ]
    declined = _reload(card_payment)
    assert (declined.status, declined.captured_amount) == (PaymentStatus.FAILED, 0)
    assert declined.failure_message == "Your card was declined."
    assert list(declined.group.orders.values_list("status", flat=True)) == [OrderStatus.UNCONFIRMED]
    assert mark_paid_spy.calls == []

    assert _start(declined, live_server) == url
    assert _open(url, {"outcome": "pay"})[0] == 303
    paid = _reload(card_payment)
    assert (paid.status, paid.failure_message) == (PaymentStatus.PAID, "Your card was declined.")
    assert len(mark_paid_spy.calls) == 1


def test_events_signed_with_another_secret_are_refused_and_change_nothing(
    stripe_checkout_fake, live_server, card_payment, mark_paid_spy, settings
):
    fake = stripe_checkout_fake
    fake.state.webhook_secret = "whsec_somebody_else"
    url = _start(card_payment, live_server)
    assert _open(url, {"outcome": "pay"})[0] == 303
    assert [d.status for d in fake.state.deliveries] == [400, 400]
    assert not WebhookEvent.objects.exists()
    unpaid = _reload(card_payment)
    assert (unpaid.status, unpaid.captured_amount) == (PaymentStatus.PENDING, 0)
    assert mark_paid_spy.calls == []

    # Once the endpoint secret is right again, Stripe's retry settles it.
    fake.state.webhook_secret = settings.STRIPE_WEBHOOK_SECRET
    assert fake.state.redeliver(fake.state.deliveries[0]) == 200
    assert _reload(card_payment).status == PaymentStatus.PAID


def test_an_expired_page_is_closed_by_its_webhook_and_replaced_on_the_next_start(
    stripe_checkout_fake, live_server, card_payment
):
    fake = stripe_checkout_fake
    first = _start(card_payment, live_server)
    first_id = _reload(card_payment).checkout_session_id
    stripe_client().v1.checkout.sessions.expire(first_id)
    assert [(d.event_type, d.status) for d in fake.state.deliveries] == [("checkout.session.expired", 200)]
    closed = _reload(card_payment)
    assert (closed.checkout_url, closed.status) == ("", PaymentStatus.PENDING)
    assert _open(first)[0] == 410

    second = _start(card_payment, live_server)
    assert second != first and _reload(card_payment).checkout_session_id != first_id
    assert _open(second, {"outcome": "pay"})[0] == 303
    assert _reload(card_payment).status == PaymentStatus.PAID
