"""Checkout in Saleor's shape: lines, shippingMethods named with their stall, one choice for all stalls."""

import graphene
import pytest

from tests.backend.checkout.builders import make_shipping, make_variant
from tests.factories import make_stall
from tests.graphql_client import gql

pytestmark = pytest.mark.django_db

CREATE = """
mutation($input: CheckoutCreateInput!) {
  checkoutCreate(input: $input) { checkout { id } errors { code } }
}"""
SHIPPING = """
mutation($id: ID!, $address: AddressInput!) {
  checkoutShippingAddressUpdate(id: $id, shippingAddress: $address) {
    checkout { shippingMethods { id name price { amount } stall { slug } } } errors { code field }
  }
}"""
DELIVERY = """
mutation($id: ID!, $method: ID!) {
  checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) {
    checkout {
      deliveryMethod { ... on ShippingMethod { id name } }
      lines { quantity variant { sku } totalPrice { gross { amount } } }
      shippingPrice { gross { amount } } totalPrice { gross { amount } }
      stalls { stall { slug } deliveryMethod { name } }
    }
    errors { code field }
  }
}"""
COMPLETE = """
mutation($id: ID!) {
  checkoutComplete(id: $id, paymentMethod: COD) {
    order { group { orders { deliveryMethodName } } } errors { code }
  }
}"""
ADDRESS = {
    "firstName": "Mai",
    "lastName": "Nguyễn",
    "streetAddress1": "12 Lê Lợi",
    "city": "26882",
    "countryArea": "79",
    "country": "VN",
    "phone": "0912345678",
}


def test_one_choice_sets_its_stall_and_the_other_stall_stands_on_its_cheapest_delivery(client):
    a = make_stall(name="An", slug="an")
    b = make_stall(name="Bình", slug="binh")
    make_shipping(a, price=30_000, name="Giao thường")
    make_shipping(b, kind="pickup", price=0, name="Nhận tại HTX")
    make_shipping(b, price=50_000, name="Giao nhanh")
    make_shipping(b, price=25_000, name="Giao tiết kiệm")
    lines = [
        {
            "variantId": graphene.Node.to_global_id("ProductVariant", make_variant(s, price=100_000).pk),
            "quantity": 1,
        }
        for s in (a, b)
    ]
    checkout_id = gql(client, CREATE, {"input": {"channel": "vn", "lines": lines, "email": "k@example.vn"}})[
        "data"
    ]["checkoutCreate"]["checkout"]["id"]
    methods = gql(client, SHIPPING, {"id": checkout_id, "address": ADDRESS})["data"][
        "checkoutShippingAddressUpdate"
    ]["checkout"]["shippingMethods"]
    assert sorted(m["name"] for m in methods) == [
        "An — Giao thường",
        "Bình — Giao nhanh",
        "Bình — Giao tiết kiệm",
        "Bình — Nhận tại HTX",
    ]
    chosen = next(m for m in methods if m["name"] == "An — Giao thường")
    checkout = gql(client, DELIVERY, {"id": checkout_id, "method": chosen["id"]})["data"][
        "checkoutDeliveryMethodUpdate"
    ]["checkout"]
    assert checkout["deliveryMethod"]["id"] == chosen["id"]
    assert [line["totalPrice"]["gross"]["amount"] for line in checkout["lines"]] == [100_000, 100_000]
    # Bình was not chosen: its cheapest delivery stands in (pickup never does).
    assert {g["stall"]["slug"]: g["deliveryMethod"]["name"] for g in checkout["stalls"]} == {
        "an": "Giao thường",
        "binh": "Giao tiết kiệm",
    }
    assert checkout["shippingPrice"]["gross"]["amount"] == 55_000
    assert checkout["totalPrice"]["gross"]["amount"] == 255_000
    done = gql(client, COMPLETE, {"id": checkout_id})["data"]["checkoutComplete"]
    assert done["errors"] == []
    assert sorted(o["deliveryMethodName"] for o in done["order"]["group"]["orders"]) == [
        "Giao thường",
        "Giao tiết kiệm",
    ]


LINES = """
mutation($id: ID!, $lines: [CheckoutLineUpdateInput!]!) {
  checkoutLinesUpdate(id: $id, lines: $lines) { checkout { lines { id quantity } } errors { code field } }
}"""
LINE_DELETE = """
mutation($id: ID!, $line: ID!) {
  checkoutLineDelete(id: $id, lineId: $line) { checkout { lines { id } } errors { code field } }
}"""
ATTACH = """mutation($id: ID!) { checkoutCustomerAttach(id: $id) { checkout { email } errors { code } } }"""
DETACH = """mutation($id: ID!) { checkoutCustomerDetach(id: $id) { checkout { email } errors { code } } }"""
READ = """query($id: ID!) { checkout(id: $id) { token } }"""


def _lines(*variants):
    return [
        {"variantId": graphene.Node.to_global_id("ProductVariant", v.pk), "quantity": 1} for v in variants
    ]


def test_create_with_a_bad_address_writes_nothing_and_a_good_one_is_kept(client):
    from backend.checkout.models import Checkout

    variant = make_variant(make_stall())
    bad = {"channel": "vn", "lines": _lines(variant), "shippingAddress": {**ADDRESS, "city": "không có"}}
    query = """mutation($i: CheckoutCreateInput!) {
      checkoutCreate(input: $i) { checkout { id } errors { field } }
    }"""
    data = gql(client, query, {"i": bad})["data"]["checkoutCreate"]
    assert data["checkout"] is None and data["errors"][0]["field"] == "city"
    assert not Checkout.objects.exists()
    good = gql(client, query, {"i": {**bad, "shippingAddress": ADDRESS}})["data"]["checkoutCreate"]
    assert good["errors"] == []
    assert Checkout.objects.get().commune_code == 26882


def test_lines_update_by_line_id_and_line_delete(client):
    stall = make_stall()
    a, b = make_variant(stall), make_variant(stall)
    query = (
        "mutation($i: CheckoutCreateInput!) { checkoutCreate(input: $i) { checkout { id lines { id } } } }"
    )
    created = gql(client, query, {"i": {"channel": "vn", "lines": _lines(a, b)}})["data"]["checkoutCreate"]
    checkout_id, (first, second) = created["checkout"]["id"], created["checkout"]["lines"]
    updated = gql(client, LINES, {"id": checkout_id, "lines": [{"lineId": first["id"], "quantity": 3}]})
    assert [line["quantity"] for line in updated["data"]["checkoutLinesUpdate"]["checkout"]["lines"]] == [
        3,
        1,
    ]
    foreign = graphene.Node.to_global_id("CheckoutLine", 999_999)
    refused = gql(client, LINES, {"id": checkout_id, "lines": [{"lineId": foreign, "quantity": 1}]})
    assert refused["data"]["checkoutLinesUpdate"]["errors"] == [{"code": "NOT_FOUND", "field": "lineId"}]
    deleted = gql(client, LINE_DELETE, {"id": checkout_id, "line": second["id"]})["data"][
        "checkoutLineDelete"
    ]
    assert deleted["checkout"]["lines"] == [first]


def test_customer_attach_and_detach(client):
    from tests.factories import make_user

    query = "mutation($i: CheckoutCreateInput!) { checkoutCreate(input: $i) { checkout { id } } }"
    checkout_id = gql(client, query, {"i": {"channel": "vn", "lines": _lines(make_variant(make_stall()))}})[
        "data"
    ]["checkoutCreate"]["checkout"]["id"]
    assert gql(client, ATTACH, {"id": checkout_id})["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    buyer = make_user("mua@example.vn")
    attached = gql(client, ATTACH, {"id": checkout_id}, user=buyer)["data"]["checkoutCustomerAttach"]
    assert attached["checkout"]["email"] == "mua@example.vn"
    assert gql(client, READ, {"id": checkout_id})["data"]["checkout"] is None  # now the buyer's only
    detached = gql(client, DETACH, {"id": checkout_id}, user=buyer)["data"]["checkoutCustomerDetach"]
    assert detached["errors"] == []
    assert gql(client, READ, {"id": checkout_id})["data"]["checkout"]["token"] == checkout_id
    by_global_id = graphene.Node.to_global_id("Checkout", checkout_id)
    query = "query($id: ID!) { checkout(id: $id) { token availablePaymentGateways { id name } } }"
    read = gql(client, query, {"id": by_global_id})["data"]["checkout"]
    assert read["token"] == checkout_id
    assert read["availablePaymentGateways"]
