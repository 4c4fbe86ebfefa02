"""checkoutAddPromoCode / checkoutRemovePromoCode in Saleor's shape, with the prices they change."""

import graphene
import pytest

from tests.backend.checkout.builders import make_shipping, make_variant
from tests.backend.discounts.builders import make_voucher
from tests.factories import make_stall
from tests.graphql_client import gql

pytestmark = pytest.mark.django_db

CREATE = """
mutation($input: CheckoutCreateInput!) {
  checkoutCreate(input: $input) { checkout { id token } errors { code } }
}"""
FIELDS = """checkout { voucherCode discount { amount } subtotalPrice { gross { amount } }
  totalPrice { gross { amount } net { amount } tax { amount } } stalls { discount { amount } } }
  errors { field code message }"""
ADD = f"""mutation($id: ID!, $code: String!) {{
  checkoutAddPromoCode(id: $id, promoCode: $code) {{ {FIELDS} }}
}}"""
REMOVE = f"""mutation($id: ID!) {{ checkoutRemovePromoCode(id: $id) {{ {FIELDS} }} }}"""


@pytest.fixture
def checkout_id(client):
    stall = make_stall()
    make_shipping(stall)
    variant = make_variant(stall, price=200_000)
    lines = [{"variantId": graphene.Node.to_global_id("ProductVariant", variant.pk), "quantity": 1}]
    data = gql(client, CREATE, {"input": {"channel": "vn", "email": "khach@example.vn", "lines": lines}})
    checkout = data["data"]["checkoutCreate"]["checkout"]
    assert checkout["token"]
    return checkout["id"]


def test_a_promo_code_lowers_the_total_and_removing_it_restores_it(client, checkout_id):
    make_voucher("TET10")
    added = gql(client, ADD, {"id": checkout_id, "code": "tet10"})["data"]["checkoutAddPromoCode"]
    assert added["errors"] == []
    checkout = added["checkout"]
    assert (checkout["voucherCode"], checkout["discount"]["amount"]) == ("TET10", 20_000)
    assert checkout["subtotalPrice"]["gross"]["amount"] == 200_000
    assert checkout["totalPrice"] == {
        "gross": {"amount": 180_000},
        "net": {"amount": 180_000},
        "tax": {"amount": 0},
    }
    assert checkout["stalls"][0]["discount"]["amount"] == 20_000
    removed = gql(client, REMOVE, {"id": checkout_id})["data"]["checkoutRemovePromoCode"]
    assert (removed["checkout"]["voucherCode"], removed["checkout"]["discount"]["amount"]) == (None, 0)


def test_refusals_are_error_codes_on_promo_code(client, checkout_id):
    make_voucher("BIG", kind="fixed", value="10000", min_spend_amount="500000")
    for code, expected in [("NOPE", "INVALID"), ("BIG", "VOUCHER_MIN_SPEND_NOT_REACHED")]:
        data = gql(client, ADD, {"id": checkout_id, "code": code})["data"]["checkoutAddPromoCode"]
        assert data["checkout"] is None
        [error] = data["errors"]
        assert (error["code"], error["field"]) == (expected, "promoCode")


def test_another_buyers_checkout_is_not_found(client):
    data = gql(client, ADD, {"id": "00000000-0000-0000-0000-000000000000", "code": "X"})
    assert data["data"]["checkoutAddPromoCode"]["errors"][0]["code"] == "NOT_FOUND"


COMPLETE = """
mutation($id: ID!) {
  checkoutComplete(id: $id, paymentMethod: COD) {
    order { number total { amount } discountAmount { amount }
      group { number voucherCode discountTotal { amount } total { amount } orders { number } } }
    confirmationNeeded
    errors { field code message }
  }
}"""


def test_saleor_complete_returns_the_first_order_and_its_group_with_the_discount(client):
    from tests.backend.checkout.builders import ready_checkout
    from tests.backend.discounts.builders import with_code

    a, b = make_stall(name="An"), make_stall(name="Bình")
    make_shipping(a, price=10_000)
    make_shipping(b, price=10_000)
    make_voucher("TET10")
    checkout = with_code(
        ready_checkout([(make_variant(a, price=100_000), 1), (make_variant(b, price=100_000), 1)]), "TET10"
    )
    data = gql(client, COMPLETE, {"id": str(checkout.token)})["data"]["checkoutComplete"]
    assert data["errors"] == [] and data["confirmationNeeded"] is False
    order = data["order"]
    assert order["number"].endswith("-1")
    assert order["total"]["amount"] == 100_000 - 10_000 + 10_000
    assert [o["number"] for o in order["group"]["orders"]] == [
        order["number"],
        order["group"]["number"] + "-2",
    ]
    assert order["discountAmount"]["amount"] == 10_000
    group = order["group"]
    assert (group["voucherCode"], group["discountTotal"]["amount"]) == ("TET10", 20_000)
    assert group["total"]["amount"] == 200_000 - 20_000 + 20_000


SHIPPING = """
mutation($id: ID!, $address: AddressInput!) {
  checkoutShippingAddressUpdate(id: $id, shippingAddress: $address) {
    checkout { shippingAddress { firstName lastName city countryArea provinceCode communeCode } }
    errors { field code message }
  }
}"""
SALEOR_ADDRESS = {
    "firstName": "Thị Mai",
    "lastName": "Nguyễn",
    "streetAddress1": "12 Lê Lợi",
    "city": "26882",
    "countryArea": "Hồ Chí Minh",
    "country": "VN",
    "phone": "0912 345 678",
}


def test_saleor_shipping_address_maps_onto_the_2025_units(client, checkout_id):
    data = gql(client, SHIPPING, {"id": checkout_id, "address": SALEOR_ADDRESS})["data"]
    result = data["checkoutShippingAddressUpdate"]
    assert result["errors"] == []
    address = result["checkout"]["shippingAddress"]
    assert (address["provinceCode"], address["communeCode"]) == (79, 26882)
    bad = gql(client, SHIPPING, {"id": checkout_id, "address": {**SALEOR_ADDRESS, "countryArea": "Atlantis"}})
    [error] = bad["data"]["checkoutShippingAddressUpdate"]["errors"]
    assert error["field"] == "countryArea"
