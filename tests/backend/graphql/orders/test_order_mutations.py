"""Order lifecycle mutations, orderRefund and payoutRecord through /graphql/."""

import graphene
import pytest

from backend.orders.models import PayoutLedgerEntry
from backend.payments.models import Payment
from tests.backend.checkout.builders import make_shipping, make_variant, place
from tests.factories import make_stall, make_user
from tests.graphql_client import gql

pytestmark = pytest.mark.django_db

CONFIRM = "mutation($id: ID!) { orderConfirm(id: $id) { order { status } errors { code message } } }"
FULFILL = """
mutation($id: ID!, $carrier: String, $tracking: String) {
  orderFulfill(id: $id, carrier: $carrier, trackingNumber: $tracking) {
    order { status carrier trackingNumber } errors { field code }
  }
}"""
DELIVERED = "mutation($id: ID!) { orderMarkDelivered(id: $id) { order { status } errors { code } } }"
CANCEL = """
mutation($id: ID!, $reason: String, $token: UUID) {
  orderCancel(id: $id, reason: $reason, token: $token) { order { status cancelReason } errors { code } }
}"""
REFUND = """
mutation($id: ID!, $amount: Decimal!) {
  orderRefund(id: $id, amount: $amount, reason: "Dập") { order { refundedAmount { amount } } errors { code } }
}"""
PAYOUT = """
mutation($stall: String!, $amount: Decimal!) {
  payoutRecord(stall: $stall, amount: $amount, reference: "VCB-1") {
    balance entry { kind amount { amount } } errors { code }
  }
}"""


@pytest.fixture
def coop():
    owner = make_user()
    stall = make_stall(owner, slug="htx-dua")
    make_shipping(stall, price=30_000)
    return stall, owner


def _gid(order):
    return graphene.Node.to_global_id("Order", order.pk)


def test_stall_ships_and_delivers_its_order(client, coop):
    stall, owner = coop
    order = place([(make_variant(stall, price=100_000), 1)]).orders.get()
    shipped = gql(client, FULFILL, {"id": _gid(order), "carrier": "GHN", "tracking": "GHN-42"}, user=owner)
    assert shipped["data"]["orderFulfill"]["order"] == {
        "status": "SHIPPED",
        "carrier": "GHN",
        "trackingNumber": "GHN-42",
    }
    done = gql(client, DELIVERED, {"id": _gid(order)}, user=owner)["data"]["orderMarkDelivered"]
    assert done == {"order": {"status": "DELIVERED"}, "errors": []}
    assert Payment.objects.get(group=order.group).captured_amount == 130_000


def test_another_stall_cannot_touch_the_order(client, coop):
    stall, _owner = coop
    intruder = make_user()
    make_stall(intruder)
    order = place([(make_variant(stall), 1)]).orders.get()
    data = gql(client, FULFILL, {"id": _gid(order), "carrier": "GHN", "tracking": "1"}, user=intruder)
    assert data["data"]["orderFulfill"]["errors"] == [{"field": "id", "code": "NOT_FOUND"}]
    data = gql(client, CANCEL, {"id": _gid(order), "reason": "x"}, user=intruder)
    assert data["data"]["orderCancel"]["errors"] == [{"code": "NOT_FOUND"}]


def test_unpaid_transfer_cannot_be_confirmed(client, coop):
    stall, owner = coop
    order = place([(make_variant(stall), 1)], payment_method="vietqr").orders.get()
    data = gql(client, CONFIRM, {"id": _gid(order)}, user=owner)["data"]["orderConfirm"]
    assert data["errors"][0]["code"] == "NOT_PAID"


def test_guest_cancels_with_the_group_token(client, coop):
    group = place([(make_variant(coop[0]), 1)])
    order = group.orders.get()
    data = gql(client, CANCEL, {"id": _gid(order), "token": str(group.token)})["data"]["orderCancel"]
    assert data == {"order": {"status": "CANCELLED", "cancelReason": ""}, "errors": []}


def test_stall_cancel_without_reason_is_refused(client, coop):
    order = place([(make_variant(coop[0]), 1)]).orders.get()
    data = gql(client, CANCEL, {"id": _gid(order)}, user=coop[1])["data"]["orderCancel"]
    assert data["errors"] == [{"code": "REASON_REQUIRED"}]


def test_refund_then_payout_by_staff(client, coop):
    stall, owner = coop
    order = place([(make_variant(stall, price=100_000), 1)]).orders.get()
    gql(client, FULFILL, {"id": _gid(order), "carrier": "GHN", "tracking": "1"}, user=owner)
    gql(client, DELIVERED, {"id": _gid(order)}, user=owner)
    refund = gql(client, REFUND, {"id": _gid(order), "amount": "30000"}, user=owner)["data"]["orderRefund"]
    assert refund == {"order": {"refundedAmount": {"amount": 30_000}}, "errors": []}
    # Balance: 130,000 earned − 5,000 commission − 30,000 refund = 95,000.
    denied = gql(client, PAYOUT, {"stall": "htx-dua", "amount": "95000"}, user=owner)
    assert denied["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    staff = make_user(is_staff=True)
    too_much = gql(client, PAYOUT, {"stall": "htx-dua", "amount": "95001"}, user=staff)["data"][
        "payoutRecord"
    ]
    assert too_much["errors"] == [{"code": "PAYOUT_EXCEEDS_BALANCE"}]
    paid = gql(client, PAYOUT, {"stall": "htx-dua", "amount": "95000"}, user=staff)["data"]["payoutRecord"]
    assert paid["balance"] == "0" or float(paid["balance"]) == 0
    assert PayoutLedgerEntry.objects.filter(stall=stall, kind="payout").get().reference == "VCB-1"
