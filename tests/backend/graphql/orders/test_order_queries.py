"""order(id) for its buyer or a guest's token, me { orders }, stall-scoped stallOrders."""

import graphene
import pytest

from tests.backend.checkout.builders import make_shipping, make_variant, place
from tests.factories import make_official, make_stall, make_user
from tests.graphql_client import gql

pytestmark = pytest.mark.django_db

ORDER = """
query($id: ID!, $token: UUID) {
  order(id: $id, token: $token) { number status total { amount } lines { sku quantity } }
}"""
# `me.orders` is Saleor's connection since issue 12; the list it was is `orderList`.
ME_ORDERS = "{ me { orderList { number stall { slug } } } }"
STALL_ORDERS = """
query($stall: String!, $status: OrderStatusEnum, $first: Int) {
  stallOrders(stall: $stall, status: $status, first: $first) {
    totalCount edges { node { number status lines { sku } group { number } } }
  }
}"""


@pytest.fixture
def coop():
    owner = make_user()
    stall = make_stall(owner, slug="htx-dua")
    make_shipping(stall)
    return stall, owner


def _gid(order):
    return graphene.Node.to_global_id("Order", order.pk)


def test_guest_reads_the_order_with_the_group_token_only(client, coop):
    group = place([(make_variant(coop[0]), 2)])
    order = group.orders.get()
    data = gql(client, ORDER, {"id": _gid(order), "token": str(group.token)})["data"]["order"]
    assert data["number"] == order.number and data["lines"][0]["quantity"] == 2
    assert gql(client, ORDER, {"id": _gid(order)})["data"]["order"] is None
    other_token = str(place([(make_variant(coop[0]), 1)]).token)
    assert gql(client, ORDER, {"id": _gid(order), "token": other_token})["data"]["order"] is None


def test_signed_in_buyer_sees_own_orders_in_me_and_by_id(client, coop):
    buyer, stranger = make_user(), make_user()
    order = place([(make_variant(coop[0]), 1)], user=buyer, email=buyer.email).orders.get()
    me = gql(client, ME_ORDERS, user=buyer)["data"]["me"]
    assert me["orderList"] == [{"number": order.number, "stall": {"slug": "htx-dua"}}]
    assert gql(client, ORDER, {"id": _gid(order)}, user=buyer)["data"]["order"]["number"] == order.number
    assert gql(client, ORDER, {"id": _gid(order)}, user=stranger)["data"]["order"] is None
    assert gql(client, ME_ORDERS, user=stranger)["data"]["me"]["orderList"] == []


def test_stall_orders_filter_by_status(client, coop):
    stall, owner = coop
    place([(make_variant(stall), 1)])
    place([(make_variant(stall), 1)], payment_method="vietqr")
    data = gql(client, STALL_ORDERS, {"stall": "htx-dua", "status": "UNCONFIRMED", "first": 10}, user=owner)
    assert data["data"]["stallOrders"]["totalCount"] == 1
    assert data["data"]["stallOrders"]["edges"][0]["node"]["status"] == "UNCONFIRMED"


def test_stall_orders_page_costs_the_same_queries_whatever_its_size(
    client, coop, django_assert_max_num_queries
):
    stall, owner = coop
    variant = make_variant(stall, stock=100)
    for _ in range(2):
        place([(variant, 1)])
    with django_assert_max_num_queries(12) as small:
        gql(client, STALL_ORDERS, {"stall": "htx-dua", "first": 2}, user=owner)
    for _ in range(8):
        place([(variant, 1)])
    with django_assert_max_num_queries(len(small.captured_queries)):
        data = gql(client, STALL_ORDERS, {"stall": "htx-dua", "first": 10}, user=owner)
    assert len(data["data"]["stallOrders"]["edges"]) == 10


def test_page_size_is_capped(client, coop):
    data = gql(client, STALL_ORDERS, {"stall": "htx-dua", "first": 101}, user=coop[1])
    assert data["errors"][0]["extensions"]["code"] == "PAGINATION_LIMIT"


def test_an_official_of_the_stalls_province_reads_no_order_details(client, coop):
    # Orders carry buyers' names, phones and addresses; officials get aggregates elsewhere, never these.
    stall, _owner = coop
    order = place([(make_variant(stall), 1)]).orders.get()
    official = make_official([stall.province_code])
    assert gql(client, ORDER, {"id": _gid(order)}, user=official)["data"]["order"] is None
    result = gql(client, STALL_ORDERS, {"stall": stall.slug}, user=official)
    assert (result.get("data") or {}).get("stallOrders") is None
    assert result["errors"]
