"""`payment(orderGroupId | orderGroupToken)`: the buyer's QR code or Stripe client secret, nobody else's."""

import graphene
import pytest

from backend.orders.actions import order_cancel
from backend.payments.actions import payment_prepare
from backend.payments.gateways.vietqr import payload_for
from tests.backend.payments.conftest import add_stall_order, bank_body, make_group, post_bank, start_payment
from tests.factories import make_user
from tests.graphql_client import gql

pytestmark = pytest.mark.django_db

PAYMENT = """
query($id: ID, $token: UUID) {
  payment(orderGroupId: $id, orderGroupToken: $token) {
    id method status amount { amount currency }
    vietqr {
      payload qrSvg qrImageUrl reference bankBin accountNumber accountName expiresAt amount { amount }
    }
    stripe { clientSecret paymentIntentId publishableKey }
  }
}"""


def test_a_guest_reads_the_vietqr_instructions_with_the_group_token(client):
    payment = start_payment(make_group("vietqr", total=120000))
    data = gql(client, PAYMENT, {"token": str(payment.group.token)})["data"]["payment"]
    assert data["method"] == "VIETQR" and data["status"] == "PENDING"
    assert data["amount"] == {"amount": 120000.0, "currency": "VND"}
    qr = data["vietqr"]
    assert qr["payload"] == payload_for(payment)
    assert qr["reference"] == payment.reference
    assert (qr["bankBin"], qr["accountNumber"]) == ("970436", "0011004123456")
    assert qr["qrSvg"].startswith("<svg")
    assert qr["qrImageUrl"].startswith("data:image/png;base64,")
    assert data["stripe"] is None


def test_the_signed_in_buyer_reads_by_group_id_and_others_get_null(client):
    buyer, stranger = make_user(), make_user()
    group = make_group("cod")
    group.user = buyer
    group.save()
    start_payment(group)
    group_id = graphene.Node.to_global_id("OrderGroup", group.pk)
    mine = gql(client, PAYMENT, {"id": group_id}, user=buyer)["data"]["payment"]
    assert mine["method"] == "COD" and mine["vietqr"] is None
    assert gql(client, PAYMENT, {"id": group_id}, user=stranger)["data"]["payment"] is None
    assert gql(client, PAYMENT, {"id": group_id})["data"]["payment"] is None


def test_a_wrong_token_reads_nothing(client):
    start_payment(make_group("vietqr"))
    data = gql(client, PAYMENT, {"token": "6f1c1a52-0d1e-4a39-9a53-0c7f1d7f0000"})
    assert data["data"]["payment"] is None


def test_the_qr_disappears_once_the_payment_is_settled(client):
    payment = start_payment(make_group("vietqr"))
    payment.status = "expired"
    payment.save()
    data = gql(client, PAYMENT, {"token": str(payment.group.token)})["data"]["payment"]
    assert data["status"] == "EXPIRED" and data["vietqr"] is None


def test_a_card_payment_exposes_the_client_secret(client, fake_stripe):
    payment = payment_prepare(payment=start_payment(make_group("stripe")))
    stripe = gql(client, PAYMENT, {"token": str(payment.group.token)})["data"]["payment"]["stripe"]
    assert stripe["paymentIntentId"] == payment.provider_id
    assert stripe["clientSecret"] == payment.client_secret
    assert stripe["publishableKey"]


PAYMENT_TOTALS = """
query($token: UUID) {
  payment(orderGroupToken: $token) {
    status amount { amount } capturedAmount { amount } refundedAmount { amount currency }
  }
}"""


def test_the_buyer_sees_the_share_of_an_order_cancelled_before_paying_refunded(client):
    group = make_group("vietqr", total=120000)
    cancelled = add_stall_order(group, 80000)
    payment = start_payment(group)
    order_cancel(order=cancelled, actor=None, reason="Đổi ý", by_stall=False)
    post_bank(client, bank_body(transaction_id=77, amount=200000, content=payment.reference))
    data = gql(client, PAYMENT_TOTALS, {"token": str(group.token)})["data"]["payment"]
    assert data == {
        "status": "PARTIALLY_REFUNDED",
        "amount": {"amount": 200000.0},
        "capturedAmount": {"amount": 200000.0},
        "refundedAmount": {"amount": 80000.0, "currency": "VND"},
    }
