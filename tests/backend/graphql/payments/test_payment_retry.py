"""paymentRetry: a card payment whose PaymentIntent failed to be created after checkout gets one."""

import pytest

from backend.payments.models import Payment
from tests.backend.payments.conftest import make_group, start_payment
from tests.graphql_client import gql

pytestmark = pytest.mark.django_db

PAYMENT_RETRY = """
mutation($token: UUID) {
  paymentRetry(orderGroupToken: $token) {
    payment { status stripe { paymentIntentId clientSecret } }
    errors { field code message }
  }
}"""


def test_it_creates_the_missing_intent_once(client, fake_stripe):
    payment = start_payment(make_group("stripe"))
    first = gql(client, PAYMENT_RETRY, {"token": str(payment.group.token)})["data"]["paymentRetry"]
    again = gql(client, PAYMENT_RETRY, {"token": str(payment.group.token)})["data"]["paymentRetry"]
    assert first["errors"] == [] and again["errors"] == []
    assert first["payment"]["stripe"]["paymentIntentId"] == Payment.objects.get(pk=payment.pk).provider_id
    assert again["payment"]["stripe"] == first["payment"]["stripe"]
    assert len(fake_stripe.state.calls("POST", "/v1/payment_intents")) == 1


def test_a_stripe_outage_is_an_error_code(client, fake_stripe):
    fake_stripe.state.fail_with = 500
    payment = start_payment(make_group("stripe"))
    data = gql(client, PAYMENT_RETRY, {"token": str(payment.group.token)})["data"]["paymentRetry"]
    assert data["errors"][0]["code"] == "GATEWAY_ERROR"


def test_unknown_group_and_settled_payments_are_refused(client):
    data = gql(client, PAYMENT_RETRY, {"token": "6f1c1a52-0d1e-4a39-9a53-0c7f1d7f0000"})["data"][
        "paymentRetry"
    ]
    assert data["errors"][0]["code"] == "NOT_FOUND"
    payment = start_payment(make_group("vietqr"))
    Payment.objects.filter(pk=payment.pk).update(status="expired")
    data = gql(client, PAYMENT_RETRY, {"token": str(payment.group.token)})["data"]["paymentRetry"]
    assert data["errors"][0]["code"] == "INVALID_STATUS"
