"""Guest checkout through /graphql/: two stalls, a 2025 address, one delivery choice per stall, COD."""

import graphene
import pytest

from backend.catalog.models import Stock
from backend.orders.models import Order
from tests.backend.checkout.builders import make_shipping, make_variant
from tests.factories import make_stall, make_user
from tests.graphql_client import gql

pytestmark = pytest.mark.django_db

CHECKOUT_CREATE = """
mutation($input: CheckoutCreateInput!) {
  checkoutCreate(input: $input) {
    checkout { id stalls { stall { slug } subtotal { amount } deliveryMethods { id name price { amount } } } }
    errors { field code message }
  }
}"""
ADDRESS_UPDATE = """
mutation($id: ID!, $address: ShippingAddressInput!) {
  checkoutDeliveryAddressUpdate(id: $id, shippingAddress: $address) {
    checkout { shippingAddress { phone provinceCode communeCode } }
    errors { field code message }
  }
}"""
DELIVERY_UPDATE = """
mutation($id: ID!, $method: ID!) {
  checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) {
    checkout { shippingTotal { amount } total { amount currency } stalls { deliveryMethod { name } } }
    errors { field code message }
  }
}"""
COMPLETE = """
mutation($id: ID!, $method: PaymentMethodEnum!) {
  checkoutComplete(id: $id, paymentMethod: $method) {
    orderGroup { number token total { amount currency } orders { id number stall { slug } status } }
    errors { field code message }
  }
}"""
LINES_ADD = """
mutation($id: ID!, $lines: [CheckoutLineInput!]!) {
  checkoutLinesAdd(id: $id, lines: $lines) { checkout { quantity } errors { field code message } }
}"""
# A 2025 address: Phường An Hội Tây, TP Hồ Chí Minh.
ADDRESS = {
    "fullName": "Nguyễn Thị Mai",
    "phone": "0912 345 678",
    "street": "12 Lê Lợi",
    "provinceCode": 79,
    "communeCode": 26882,
}
STALL_ORDERS = """
query($stall: String!) { stallOrders(stall: $stall, first: 10) { totalCount edges { node { number } } } }"""


def _vid(variant):
    return graphene.Node.to_global_id("ProductVariant", variant.pk)


@pytest.fixture
def two_coops():
    owners = make_user("dua@example.vn"), make_user("vai@example.vn")
    coops = (
        make_stall(owners[0], name="HTX Dừa", slug="htx-dua"),
        make_stall(owners[1], name="HTX Vải", slug="htx-vai"),
    )
    make_shipping(coops[0], price=30_000, name="Giao tiêu chuẩn")
    make_shipping(coops[0], kind="pickup", price=0, name="Nhận tại HTX")
    make_shipping(coops[1], price=40_000, free_above=500_000, name="Giao nhanh")
    variants = make_variant(coops[0], price=45_000, stock=10), make_variant(coops[1], price=120_000, stock=10)
    return owners, coops, variants


def _create(client, variants):
    data = gql(
        client,
        CHECKOUT_CREATE,
        {
            "input": {
                "channel": "vn",
                "email": "guest@example.vn",
                "lines": [
                    {"variantId": _vid(variants[0]), "quantity": 2},
                    {"variantId": _vid(variants[1]), "quantity": 1},
                ],
            }
        },
    )["data"]["checkoutCreate"]
    assert data["errors"] == []
    return data["checkout"]


def test_guest_checkout_across_two_stalls_completes_with_cash_into_two_orders(client, two_coops):
    owners, coops, variants = two_coops
    checkout = _create(client, variants)
    assert [(s["stall"]["slug"], s["subtotal"]["amount"]) for s in checkout["stalls"]] == [
        ("htx-dua", 90_000),
        ("htx-vai", 120_000),
    ]
    address = gql(client, ADDRESS_UPDATE, {"id": checkout["id"], "address": ADDRESS})["data"]
    assert address["checkoutDeliveryAddressUpdate"]["errors"] == []
    assert address["checkoutDeliveryAddressUpdate"]["checkout"]["shippingAddress"]["phone"] == "+84912345678"
    for stall in checkout["stalls"]:
        chosen = gql(
            client, DELIVERY_UPDATE, {"id": checkout["id"], "method": stall["deliveryMethods"][0]["id"]}
        )
        assert chosen["data"]["checkoutDeliveryMethodUpdate"]["errors"] == []
    assert chosen["data"]["checkoutDeliveryMethodUpdate"]["checkout"]["total"] == {
        "amount": 90_000 + 30_000 + 120_000 + 40_000,
        "currency": "VND",
    }

    done = gql(client, COMPLETE, {"id": checkout["id"], "method": "COD"})["data"]["checkoutComplete"]

    assert done["errors"] == []
    group = done["orderGroup"]
    assert group["total"] == {"amount": 280_000, "currency": "VND"}
    assert [(o["stall"]["slug"], o["status"]) for o in group["orders"]] == [
        ("htx-dua", "CONFIRMED"),
        ("htx-vai", "CONFIRMED"),
    ]
    # Each coop sees only its own order.
    for owner, order in zip(owners, group["orders"], strict=True):
        seen = gql(
            client, STALL_ORDERS, {"stall": Order.objects.get(number=order["number"]).stall.slug}, user=owner
        )
        assert [e["node"]["number"] for e in seen["data"]["stallOrders"]["edges"]] == [order["number"]]
    foreign = gql(client, STALL_ORDERS, {"stall": "htx-vai"}, user=owners[0])
    assert foreign["data"]["stallOrders"] is None
    assert foreign["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


def test_retrying_checkout_complete_returns_the_same_group(client, two_coops):
    _owners, _coops, variants = two_coops
    checkout = _create(client, variants)
    gql(client, ADDRESS_UPDATE, {"id": checkout["id"], "address": ADDRESS})
    for stall in checkout["stalls"]:
        gql(client, DELIVERY_UPDATE, {"id": checkout["id"], "method": stall["deliveryMethods"][0]["id"]})
    first = gql(client, COMPLETE, {"id": checkout["id"], "method": "COD"})["data"]["checkoutComplete"]
    again = gql(client, COMPLETE, {"id": checkout["id"], "method": "COD"})["data"]["checkoutComplete"]
    assert again["errors"] == []
    assert again["orderGroup"]["number"] == first["orderGroup"]["number"]
    assert Order.objects.count() == 2


def test_pre_2025_province_code_is_refused_with_a_clear_message(client, two_coops):
    checkout = _create(client, two_coops[2])
    data = gql(client, ADDRESS_UPDATE, {"id": checkout["id"], "address": {**ADDRESS, "provinceCode": 83}})
    [error] = data["data"]["checkoutDeliveryAddressUpdate"]["errors"]
    assert error["code"] == "LEGACY_PROVINCE_CODE"
    assert error["field"] == "provinceCode"
    assert "before 1 July 2025" in error["message"] and "Vĩnh Long (86)" in error["message"]


def test_commune_outside_the_province_is_refused(client, two_coops):
    checkout = _create(client, two_coops[2])
    data = gql(client, ADDRESS_UPDATE, {"id": checkout["id"], "address": {**ADDRESS, "communeCode": 4}})
    [error] = data["data"]["checkoutDeliveryAddressUpdate"]["errors"]
    assert (error["code"], error["field"]) == ("COMMUNE_NOT_IN_PROVINCE", "communeCode")


def test_adding_more_than_in_stock_is_an_error_code(client, two_coops):
    checkout = _create(client, two_coops[2])
    data = gql(
        client,
        LINES_ADD,
        {"id": checkout["id"], "lines": [{"variantId": _vid(two_coops[2][0]), "quantity": 9}]},
    )
    assert data["data"]["checkoutLinesAdd"]["errors"][0]["code"] == "INSUFFICIENT_STOCK"


def test_complete_without_delivery_choice_is_an_error(client, two_coops):
    checkout = _create(client, two_coops[2])
    gql(client, ADDRESS_UPDATE, {"id": checkout["id"], "address": ADDRESS})
    data = gql(client, COMPLETE, {"id": checkout["id"], "method": "COD"})["data"]["checkoutComplete"]
    assert data["orderGroup"] is None
    assert data["errors"][0]["code"] == "DELIVERY_METHOD_REQUIRED"


def test_a_signed_in_buyers_checkout_is_not_readable_by_others(client, two_coops):
    buyer = make_user()
    created = gql(
        client,
        CHECKOUT_CREATE,
        {"input": {"lines": [{"variantId": _vid(two_coops[2][0]), "quantity": 1}]}},
        user=buyer,
    )["data"]["checkoutCreate"]["checkout"]
    query = "query($id: ID!) { checkout(id: $id) { email } }"
    assert gql(client, query, {"id": created["id"]}, user=buyer)["data"]["checkout"] == {"email": buyer.email}
    assert gql(client, query, {"id": created["id"]})["data"]["checkout"] is None


def test_input_lists_are_capped(client, two_coops):
    lines = [{"variantId": _vid(two_coops[2][0]), "quantity": 1}] * 101
    data = gql(client, CHECKOUT_CREATE, {"input": {"email": "a@example.vn", "lines": lines}})
    assert data["errors"][0]["extensions"]["code"] == "INPUT_TOO_LARGE"


COMPLETE_WITH_PAYMENT = """
mutation($id: ID!) {
  checkoutComplete(id: $id, paymentMethod: VIETQR) {
    orderGroup { number orders { status } }
    payment { method status vietqr { reference amount { amount } } }
    errors { code message }
  }
}"""


def test_vietqr_checkout_returns_the_transfer_to_make_and_leaves_orders_unconfirmed(client, two_coops):
    checkout = _create(client, two_coops[2])
    gql(client, ADDRESS_UPDATE, {"id": checkout["id"], "address": ADDRESS})
    for stall in checkout["stalls"]:
        gql(client, DELIVERY_UPDATE, {"id": checkout["id"], "method": stall["deliveryMethods"][0]["id"]})
    data = gql(client, COMPLETE_WITH_PAYMENT, {"id": checkout["id"]})["data"]["checkoutComplete"]
    assert data["errors"] == []
    assert [o["status"] for o in data["orderGroup"]["orders"]] == ["UNCONFIRMED", "UNCONFIRMED"]
    assert data["payment"]["method"] == "VIETQR"
    assert data["payment"]["vietqr"]["amount"]["amount"] == 280_000
    assert len(data["payment"]["vietqr"]["reference"]) <= 19


def test_stock_gone_before_completion_answers_insufficient_stock_in_checkout_codes(client, two_coops):
    checkout = _create(client, two_coops[2])
    gql(client, ADDRESS_UPDATE, {"id": checkout["id"], "address": ADDRESS})
    for stall in checkout["stalls"]:
        gql(client, DELIVERY_UPDATE, {"id": checkout["id"], "method": stall["deliveryMethods"][0]["id"]})
    Stock.objects.filter(variant=two_coops[2][0]).update(quantity=1)

    data = gql(client, COMPLETE, {"id": checkout["id"], "method": "COD"})["data"]["checkoutComplete"]

    assert data["orderGroup"] is None
    assert [(e["code"], e["field"]) for e in data["errors"]] == [("INSUFFICIENT_STOCK", "lines")]
    assert not Order.objects.exists()
