"""A stall reads only its own part of a shared order group, through every nested field and payload.

Each test follows the attack the outside review made: a member of stall A lists its orders, follows
`group` to the buyer's group, and uses whatever it finds (stall B's orders, the group token).
"""

import graphene
import pytest

from backend.orders.models import OrderStatus
from tests.backend.checkout.builders import make_shipping, make_variant, place
from tests.factories import make_stall, make_user
from tests.graphql_client import gql

pytestmark = pytest.mark.django_db

STALL_ORDERS_DEEP = """
query($stall: String!) {
  stallOrders(stall: $stall, first: 10) {
    edges { node {
      number
      group {
        number token email subtotal { amount } total { amount }
        shippingAddress { fullName phone street }
        orders { number trackingNumber lines { sku } events { type } group { token orders { number } } }
      }
    } }
  }
}"""
ORDER_CANCEL = """
mutation($id: ID!, $token: UUID) {
  orderCancel(id: $id, reason: "Hết hàng", token: $token) { order { status } errors { code } }
}"""
ORDER_GROUP = "query($token: UUID!) { orderGroup(token: $token) { number orders { number } } }"
FULFILL_PAYLOAD = """
mutation($id: ID!) {
  orderFulfill(id: $id, carrier: "GHN", trackingNumber: "GHN-1") {
    order { number group { token email orders { number lines { sku } } } }
    errors { code }
  }
}"""
# `me.orders` is Saleor's connection since issue 12; the list it was is `orderList`.
ME_ORDERS = "{ me { orderList { number group { token email orders { number } } } } }"


@pytest.fixture
def shared_group():
    """One guest group with an order at stall A (HTX Dừa) and one at stall B (HTX Vải)."""
    owner_a, owner_b = make_user(), make_user()
    stall_a = make_stall(owner_a, slug="htx-dua")
    stall_b = make_stall(owner_b, slug="htx-vai")
    make_shipping(stall_a)
    make_shipping(stall_b)
    group = place([(make_variant(stall_a), 1), (make_variant(stall_b), 1)], email="khach@example.vn")
    return group, group.orders.get(stall=stall_a), group.orders.get(stall=stall_b), owner_a


def _gid(order):
    return graphene.Node.to_global_id("Order", order.pk)


def _stolen_token(client, owner) -> str | None:
    """What stall A's member can read of the group token through its own order."""
    data = gql(client, STALL_ORDERS_DEEP, {"stall": "htx-dua"}, user=owner)
    return data["data"]["stallOrders"]["edges"][0]["node"]["group"]["token"]


def test_a_stall_sees_only_its_own_order_of_a_shared_group(client, shared_group):
    group, order_a, _order_b, owner_a = shared_group
    data = gql(client, STALL_ORDERS_DEEP, {"stall": "htx-dua"}, user=owner_a)
    assert "errors" not in data
    seen = data["data"]["stallOrders"]["edges"][0]["node"]["group"]
    assert seen["number"] == group.number
    assert [o["number"] for o in seen["orders"]] == [order_a.number]
    assert seen["orders"][0]["lines"] and seen["orders"][0]["events"]
    # The stall needs where to deliver, not the buyer's secret, email or what other stalls were paid.
    assert seen["shippingAddress"]["fullName"] == group.full_name
    assert (seen["token"], seen["email"], seen["subtotal"], seen["total"]) == (None, None, None, None)
    assert seen["orders"][0]["group"] == {"token": None, "orders": [{"number": order_a.number}]}


def test_a_stall_cannot_cancel_another_stalls_order_with_what_it_reads(client, shared_group):
    _group, _order_a, order_b, owner_a = shared_group
    token = _stolen_token(client, owner_a)
    data = gql(client, ORDER_CANCEL, {"id": _gid(order_b), "token": token}, user=owner_a)
    assert data["data"]["orderCancel"] == {"order": None, "errors": [{"code": "NOT_FOUND"}]}
    order_b.refresh_from_db()
    assert order_b.status == OrderStatus.CONFIRMED


def test_the_stalls_mutation_payload_is_scoped_like_its_queries(client, shared_group):
    group, order_a, _order_b, owner_a = shared_group
    data = gql(client, FULFILL_PAYLOAD, {"id": _gid(order_a)}, user=owner_a)["data"]["orderFulfill"]
    assert data["errors"] == []
    assert data["order"]["group"] == {
        "token": None,
        "email": None,
        "orders": [{"number": order_a.number, "lines": [{"sku": order_a.lines.get().sku}]}],
    }
    assert group.orders.count() == 2


def test_the_buyer_still_sees_the_whole_group_and_cancels_with_the_token(client, shared_group):
    group, order_a, order_b, _owner_a = shared_group
    data = gql(client, ORDER_GROUP, {"token": str(group.token)})["data"]["orderGroup"]
    assert [o["number"] for o in data["orders"]] == sorted([order_a.number, order_b.number])
    cancelled = gql(client, ORDER_CANCEL, {"id": _gid(order_b), "token": str(group.token)})
    assert cancelled["data"]["orderCancel"] == {"order": {"status": "CANCELLED"}, "errors": []}


def test_a_stall_member_who_is_also_the_buyer_sees_their_own_group_whole(client, shared_group):
    _group, _order_a, _order_b, owner_a = shared_group
    variants = make_variant(_order_a.stall), make_variant(_order_b.stall)
    mine = place([(variants[0], 1), (variants[1], 1)], user=owner_a, email=owner_a.email)
    data = gql(client, ME_ORDERS, user=owner_a)["data"]["me"]["orderList"]
    assert {o["group"]["token"] for o in data} == {str(mine.token)}
    assert {o["group"]["email"] for o in data} == {owner_a.email}
    assert all(len(o["group"]["orders"]) == 2 for o in data)


def test_the_token_path_is_the_buyers_even_for_a_member_of_the_stall(client, shared_group):
    # Holding the token (the buyer forwarded the email) cancels as the buyer would: recorded as the
    # buyer's cancellation by nobody signed in, never as the stall's.
    group, order_a, _order_b, owner_a = shared_group
    data = gql(client, ORDER_CANCEL, {"id": _gid(order_a), "token": str(group.token)}, user=owner_a)
    assert data["data"]["orderCancel"] == {"order": {"status": "CANCELLED"}, "errors": []}
    event = order_a.events.get(type="cancelled")
    assert (event.data["by"], event.user) == ("buyer", None)
