"""checkoutComplete with STRIPE: the PaymentIntent is created after the order commits, in time for the
mutation's answer to carry the client secret (a real commit, hence a transactional test)."""

import pytest

from backend.payments.models import Payment
from tests.backend.checkout.builders import make_shipping, make_variant, ready_checkout
from tests.factories import make_stall, make_user
from tests.graphql_client import gql

pytestmark = pytest.mark.django_db(transaction=True)

COMPLETE = """
mutation($id: ID!) {
  checkoutComplete(id: $id, paymentMethod: STRIPE) {
    orderGroup { number }
    payment { method status amount { amount currency } stripe { clientSecret paymentIntentId } }
    errors { code message }
  }
}"""


def test_the_answer_carries_the_client_secret_of_an_intent_made_after_commit(client, fake_stripe):
    coop = make_stall(make_user())
    make_shipping(coop, price=30_000)
    checkout = ready_checkout([(make_variant(coop, price=90_000, stock=3), 1)])
    data = gql(client, COMPLETE, {"id": str(checkout.token)})["data"]["checkoutComplete"]
    assert data["errors"] == []
    payment = Payment.objects.get(group__number=data["orderGroup"]["number"])
    assert data["payment"]["amount"] == {"amount": 120_000.0, "currency": "VND"}
    assert data["payment"]["stripe"] == {
        "clientSecret": payment.client_secret,
        "paymentIntentId": payment.provider_id,
    }
    (call,) = fake_stripe.state.calls("POST", "/v1/payment_intents")
    assert (call.params["amount"], call.params["currency"]) == ("120000", "vnd")
