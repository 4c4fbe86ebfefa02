"""A stall never reaches the buyer's payment: not by a token read through its order, not by refunds."""

import graphene
import pytest

from backend.orders.models import OrderStatus
from backend.payments.models import Payment
from tests.backend.checkout.builders import make_shipping, make_variant, place
from tests.backend.payments.conftest import bank_body, post_bank
from tests.factories import make_stall, make_user
from tests.graphql_client import gql

pytestmark = pytest.mark.django_db

GROUP_TOKEN = """
query($stall: String!) { stallOrders(stall: $stall, first: 1) { edges { node { group { token } } } } }"""
PAYMENT = "query($token: UUID) { payment(orderGroupToken: $token) { status amount { amount } } }"
ORDER_CANCEL = """
mutation($id: ID!, $token: UUID) {
  orderCancel(id: $id, reason: "Hết hàng", token: $token) { order { status } errors { code } }
}"""


@pytest.fixture
def paid_transfer_group(client):
    """A VietQR group across stall A and stall B, paid in full by bank transfer."""
    owner_a = make_user()
    stall_a, stall_b = make_stall(owner_a, slug="htx-dua"), make_stall(make_user(), slug="htx-vai")
    make_shipping(stall_a)
    make_shipping(stall_b)
    group = place([(make_variant(stall_a), 1), (make_variant(stall_b), 1)], payment_method="vietqr")
    payment = Payment.objects.get(group=group)
    post_bank(client, bank_body(transaction_id=901, amount=int(payment.amount), content=payment.reference))
    payment.refresh_from_db()
    assert payment.captured_amount == payment.amount
    return group, group.orders.get(stall=stall_b), owner_a


def _token_seen_by(client, owner):
    data = gql(client, GROUP_TOKEN, {"stall": "htx-dua"}, user=owner)
    return data["data"]["stallOrders"]["edges"][0]["node"]["group"]["token"]


def test_a_stall_cannot_read_the_groups_payment(client, paid_transfer_group):
    _group, _order_b, owner_a = paid_transfer_group
    data = gql(client, PAYMENT, {"token": _token_seen_by(client, owner_a)}, user=owner_a)
    assert data["data"]["payment"] is None


def test_a_stall_cannot_cancel_and_refund_another_stalls_prepaid_order(client, paid_transfer_group):
    group, order_b, owner_a = paid_transfer_group
    token = _token_seen_by(client, owner_a)
    gid = graphene.Node.to_global_id("Order", order_b.pk)
    data = gql(client, ORDER_CANCEL, {"id": gid, "token": token}, user=owner_a)
    assert data["data"]["orderCancel"]["errors"] == [{"code": "NOT_FOUND"}]
    order_b.refresh_from_db()
    assert order_b.status == OrderStatus.CONFIRMED and order_b.refunded_amount == 0
    assert Payment.objects.get(group=group).refunded_amount == 0
