"""payment_card_checkout_start: the hosted Checkout Session as the official client sends it to the fake,
reused while open, replaced once expired or closed, refused for payments the card page cannot take."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from backend.core.errors import DomainError
from backend.payments.actions import payment_card_checkout_start
from backend.payments.error_codes import PaymentErrorCode
from backend.payments.gateways.stripe import stripe_client
from backend.payments.models import Payment, PaymentStatus
from tests.backend.payments.conftest import make_group, start_payment

pytestmark = pytest.mark.django_db

SUCCESS = "https://shop.example.vn/thanh-toan/xong/?session={CHECKOUT_SESSION_ID}"
CANCEL = "https://shop.example.vn/thanh-toan/"
SESSIONS = "/v1/checkout/sessions"


def _start(payment, success_url: str = SUCCESS, cancel_url: str = CANCEL) -> str:
    return payment_card_checkout_start(payment=payment, success_url=success_url, cancel_url=cancel_url)


def _reload(payment) -> Payment:
    return Payment.objects.get(pk=payment.pk)


@pytest.fixture
def payment():
    return start_payment(make_group("stripe", total=120000))


def test_the_session_asks_for_the_group_total_in_whole_dong_with_our_references(fake_stripe, payment):
    url = _start(payment)
    [call] = fake_stripe.state.calls("POST", SESSIONS)
    group = payment.group
    assert call.params == {
        "mode": "payment",
        "payment_method_types[0]": "card",
        "line_items[0][quantity]": "1",
        "line_items[0][price_data][currency]": "vnd",
        "line_items[0][price_data][unit_amount]": "120000",
        "line_items[0][price_data][product_data][name]": f"Đơn hàng Nông Sàn {group.number}",
        "client_reference_id": group.number,
        "customer_email": "buyer@example.vn",
        "locale": "vi",
        "metadata[payment_id]": str(payment.pk),
        "metadata[order_group]": group.number,
        "payment_intent_data[metadata][payment_id]": str(payment.pk),
        "payment_intent_data[metadata][order_group]": group.number,
        "payment_intent_data[description]": f"Nông Sàn {group.number}",
        "success_url": SUCCESS,
        "cancel_url": CANCEL,
    }
    assert call.headers["Idempotency-Key"].startswith(f"nongsan-payment-{payment.pk}-checkout-first-")
    [session] = fake_stripe.state.sessions.values()
    assert (session["amount_total"], session["currency"]) == (120000, "vnd")
    stored = _reload(payment)
    assert url == session["url"] == stored.checkout_url == f"{fake_stripe.url}/c/pay/{session['id']}"
    assert stored.checkout_session_id == session["id"]
    assert stored.checkout_expires_at.timestamp() == session["expires_at"]
    # Nothing is paid by starting: the webhooks do that.
    assert (stored.status, stored.captured_amount) == (PaymentStatus.PENDING, 0)


def test_a_two_decimal_currency_is_sent_in_cents_in_the_buyers_language(fake_stripe):
    payment = start_payment(make_group("stripe", total=Decimal("12.50"), currency="USD"))
    with translation.override("en"):
        _start(payment)
    params = fake_stripe.state.calls("POST", SESSIONS)[0].params
    assert params["line_items[0][price_data][currency]"] == "usd"
    assert params["line_items[0][price_data][unit_amount]"] == "1250"
    assert params["locale"] == "en"
    assert params["line_items[0][price_data][product_data][name]"].startswith("Nông Sàn order NS")


@pytest.mark.parametrize(
    ("given", "sent"),
    [
        ("https://shop.example.vn/xong/", "https://shop.example.vn/xong/?session_id={CHECKOUT_SESSION_ID}"),
        (
            "https://shop.example.vn/xong/?g=1",
            "https://shop.example.vn/xong/?g=1&session_id={CHECKOUT_SESSION_ID}",
        ),
    ],
)
def test_a_success_url_without_the_placeholder_gets_the_session_id_appended(
    fake_stripe, payment, given, sent
):
    _start(payment, success_url=given)
    assert fake_stripe.state.calls("POST", SESSIONS)[0].params["success_url"] == sent


def test_a_second_click_reuses_the_open_session(fake_stripe, payment):
    first = _start(payment)
    assert _start(payment) == first
    assert len(fake_stripe.state.calls("POST", SESSIONS)) == 1
    assert len(fake_stripe.state.sessions) == 1
    # Stripe was asked whether the session is still open before the address was handed out again.
    assert len(fake_stripe.state.calls("GET", f"{SESSIONS}/{_reload(payment).checkout_session_id}")) == 1


def test_a_retry_after_our_transaction_was_lost_gets_the_same_session_from_stripe(fake_stripe, payment):
    first = _start(payment)
    # As if the row had not been saved after Stripe answered: the same idempotency key goes out again.
    Payment.objects.filter(pk=payment.pk).update(
        checkout_session_id="", checkout_url="", checkout_expires_at=None
    )
    assert _start(_reload(payment)) == first
    keys = [call.headers["Idempotency-Key"] for call in fake_stripe.state.calls("POST", SESSIONS)]
    assert len(keys) == 2 and keys[0] == keys[1]
    assert len(fake_stripe.state.sessions) == 1


def test_a_session_expired_at_stripe_is_replaced_by_a_new_one(fake_stripe, payment):
    first = _start(payment)
    old_id = _reload(payment).checkout_session_id
    stripe_client().v1.checkout.sessions.expire(old_id)
    second = _start(payment)
    assert second != first
    new_id = _reload(payment).checkout_session_id
    assert new_id != old_id and fake_stripe.state.sessions[new_id]["status"] == "open"
    keys = [call.headers["Idempotency-Key"] for call in fake_stripe.state.calls("POST", SESSIONS)]
    # Not the first key again: Stripe would replay the expired session's first answer.
    assert keys[1].startswith(f"nongsan-payment-{payment.pk}-checkout-{old_id}-")
    assert _start(payment) == second


def test_a_session_past_its_closing_time_is_replaced_without_asking_stripe(fake_stripe, payment):
    _start(payment)
    old_id = _reload(payment).checkout_session_id
    Payment.objects.filter(pk=payment.pk).update(checkout_expires_at=timezone.now() - timedelta(seconds=1))
    _start(_reload(payment))
    assert _reload(payment).checkout_session_id != old_id
    assert fake_stripe.state.calls("GET", f"{SESSIONS}/{old_id}") == []


def test_a_session_paid_whose_webhook_has_not_arrived_is_not_replaced(fake_stripe, payment):
    url = _start(payment)
    session = fake_stripe.state.sessions[_reload(payment).checkout_session_id]
    session.update(status="complete", payment_status="paid")
    with pytest.raises(DomainError) as refusal:
        _start(payment)
    assert refusal.value.code == PaymentErrorCode.INVALID_STATUS
    assert len(fake_stripe.state.sessions) == 1
    assert _reload(payment).checkout_url == url


def test_the_page_closes_when_the_payment_expires_within_stripes_window(fake_stripe, payment):
    in_two_hours = timezone.now() + timedelta(hours=2)
    Payment.objects.filter(pk=payment.pk).update(expires_at=in_two_hours)
    _start(_reload(payment))
    sent = int(fake_stripe.state.calls("POST", SESSIONS)[0].params["expires_at"])
    assert sent == int(in_two_hours.timestamp())


def test_a_payment_expiring_sooner_than_stripe_allows_gets_stripes_shortest_session(fake_stripe, payment):
    Payment.objects.filter(pk=payment.pk).update(expires_at=timezone.now() + timedelta(minutes=5))
    before = timezone.now()
    _start(_reload(payment))
    sent = int(fake_stripe.state.calls("POST", SESSIONS)[0].params["expires_at"])
    assert sent >= int((before + timedelta(minutes=30)).timestamp())
    assert len(fake_stripe.state.sessions) == 1


@pytest.mark.parametrize("method", ["cod", "vietqr"])
def test_cash_and_transfer_payments_are_refused_without_calling_stripe(fake_stripe, method):
    payment = start_payment(make_group(method, total=120000))
    with pytest.raises(DomainError) as refusal:
        _start(payment)
    assert (refusal.value.code, refusal.value.field) == (PaymentErrorCode.UNSUPPORTED_METHOD, "payment")
    assert fake_stripe.state.requests == []
    assert _reload(payment).checkout_session_id == ""


@pytest.mark.parametrize(
    "change",
    [
        {"status": PaymentStatus.PAID, "captured_amount": 120000, "paid_at": timezone.now()},
        {"status": PaymentStatus.REFUNDED, "captured_amount": 120000, "refunded_amount": 120000},
        {"status": PaymentStatus.EXPIRED},
        {"expires_at": timezone.now() - timedelta(minutes=1)},
    ],
    ids=["paid", "refunded", "cancelled", "past-deadline"],
)
def test_a_payment_no_longer_awaiting_money_is_refused(fake_stripe, payment, change):
    Payment.objects.filter(pk=payment.pk).update(**change)
    with pytest.raises(DomainError) as refusal:
        _start(_reload(payment))
    assert refusal.value.code == PaymentErrorCode.INVALID_STATUS
    assert fake_stripe.state.requests == []


def test_a_failed_card_attempt_may_start_the_page_again(fake_stripe, payment):
    Payment.objects.filter(pk=payment.pk).update(status=PaymentStatus.FAILED)
    assert _start(_reload(payment)).startswith(f"{fake_stripe.url}/c/pay/cs_")


def test_a_stripe_outage_is_a_gateway_error_and_changes_nothing(fake_stripe, payment):
    fake_stripe.state.fail_with = 500
    with pytest.raises(DomainError) as refusal:
        _start(payment)
    assert refusal.value.code == PaymentErrorCode.GATEWAY_ERROR
    stored = _reload(payment)
    assert (stored.checkout_session_id, stored.checkout_url, stored.checkout_expires_at) == ("", "", None)
    fake_stripe.state.fail_with = None
    assert _start(payment).startswith(f"{fake_stripe.url}/c/pay/")


def test_an_outage_while_checking_the_open_session_keeps_it(fake_stripe, payment):
    url = _start(payment)
    fake_stripe.state.fail_with = 503
    with pytest.raises(DomainError) as refusal:
        _start(payment)
    assert refusal.value.code == PaymentErrorCode.GATEWAY_ERROR
    assert _reload(payment).checkout_url == url
