"""A Saleor storefront's core flow, replayed with our operation documents against `/graphql/` on
PostgreSQL: sign in, list products in a channel, search, product page, add to cart, set email and
address, pick delivery, pay on delivery, complete, and find the order in `me { orders }`."""

from dataclasses import dataclass

import graphene
import pytest

from backend.catalog.models import Product
from backend.checkout.models import Checkout
from backend.orders.models import Order, OrderGroup
from backend.stalls.models import Stall
from tests.backend.catalog.factories import make_product
from tests.backend.checkout.builders import make_shipping
from tests.backend.graphql.saleor.client import Storefront
from tests.factories import PASSWORD, make_stall, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

CHANNEL = "vn"
LANGUAGE = "VI"
# Phường An Hội Tây, Thành phố Hồ Chí Minh, by name the way a Saleor form sends it.
ADDRESS = {
    "firstName": "Mai",
    "lastName": "Nguyễn",
    "streetAddress1": "12 Lê Lợi",
    "city": "Phường An Hội Tây",
    "countryArea": "Thành phố Hồ Chí Minh",
    "country": "VN",
    "postalCode": "",
    "phone": "0912345678",
}


@pytest.fixture
def stall() -> Stall:
    stall = make_stall(make_user(), name="HTX Mỏ Cày", slug="htx-mo-cay")
    make_shipping(stall, price=30_000, name="Giao tiết kiệm")
    make_shipping(stall, price=55_000, name="Giao nhanh")
    return stall


@dataclass
class Cart:
    checkout_id: str
    variant_id: str
    product: Product


def sign_in_browse_and_fill_cart(shop: Storefront, stall: Stall) -> Cart:
    """The storefront's half of the flow: token, channels, list, search, product page, cart."""
    candy = make_product(stall, "Kẹo dừa sáp", price=45_000, stock=10)
    make_product(stall, "Bánh tráng sữa", price=30_000, stock=5)
    buyer = make_user("mai@example.vn")

    signed_in = shop.mutate("auth-sdk/tokenCreate", "tokenCreate", email=buyer.email, password=PASSWORD)
    shop.token = signed_in["token"]
    assert shop.run("storefront/CurrentUser")["me"]["email"] == "mai@example.vn"

    channels = {c["slug"]: c for c in shop.run("storefront/ChannelsList")["channels"]}
    assert channels[CHANNEL]["isActive"] and channels[CHANNEL]["currencyCode"] == "VND"

    listed = shop.run("storefront/ProductListPaginated", first=10, channel=CHANNEL)["products"]
    assert listed["totalCount"] == 2
    by_slug = {e["node"]["slug"]: e["node"] for e in listed["edges"]}
    start = by_slug[candy.slug]["pricing"]["priceRange"]["start"]["gross"]
    assert (start["amount"], start["currency"]) == (45000, "VND")

    found = shop.run(
        "storefront/SearchProducts",
        search="keo dua",
        sortBy="RANK",
        sortDirection="DESC",
        first=10,
        channel=CHANNEL,
    )["products"]
    assert [e["node"]["slug"] for e in found["edges"]] == [candy.slug]

    page = shop.run("storefront/ProductDetails", slug=candy.slug, channel=CHANNEL)["product"]
    assert page["name"] == "Kẹo dừa sáp"
    (variant,) = page["variants"]
    assert variant["quantityAvailable"] == 10
    assert variant["pricing"]["price"]["gross"]["amount"] == 45000

    checkout_id = shop.mutate("storefront/CheckoutCreate", "checkoutCreate", channel=CHANNEL)["checkout"][
        "id"
    ]
    added = shop.mutate(
        "storefront/CheckoutAddLine", "checkoutLinesAdd", id=checkout_id, productVariantId=variant["id"]
    )["checkout"]
    (line,) = added["lines"]
    assert (line["quantity"], line["variant"]["product"]["name"]) == (1, "Kẹo dừa sáp")
    updated = shop.mutate(
        "storefront/CheckoutLinesUpdate",
        "checkoutLinesUpdate",
        checkoutId=checkout_id,
        lines=[{"lineId": line["id"], "quantity": 2}],
    )["checkout"]
    assert [entry["quantity"] for entry in updated["lines"]] == [2]

    return Cart(checkout_id=checkout_id, variant_id=variant["id"], product=candy)


def test_a_saleor_storefront_signs_in_browses_searches_and_fills_a_cart(client, stall):
    shop = Storefront(client)
    cart = sign_in_browse_and_fill_cart(shop, stall)
    assert cart.product.slug == "keo-dua-sap"


def test_the_cart_changes_empties_and_lets_go_of_the_buyer_through_the_storefronts_mutations(client, stall):
    shop = Storefront(client)
    cart = sign_in_browse_and_fill_cart(shop, stall)
    shop.mutate(
        "storefront/CheckoutUpdateLine",
        "checkoutLinesUpdate",
        checkoutId=cart.checkout_id,
        lines=[{"variantId": cart.variant_id, "quantity": 3}],
    )
    checkout = Checkout.objects.get()
    assert [line.quantity for line in checkout.lines.all()] == [3]
    line_id = graphene.Node.to_global_id("CheckoutLine", checkout.lines.get().pk)
    shop.mutate(
        "storefront/CheckoutDeleteLines",
        "checkoutLinesDelete",
        checkoutId=cart.checkout_id,
        lineIds=[line_id],
    )
    assert not checkout.lines.exists()
    assert checkout.user is not None
    shop.mutate("storefront/CheckoutCustomerDetach", "checkoutCustomerDetach", id=cart.checkout_id)
    checkout.refresh_from_db()
    assert checkout.user is None


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="CheckoutLine.variant.pricing raises \"'Product' object has no attribute 'gql_channel'\": "
    "the checkout's line variants are not tagged with the checkout's channel (MISSING.md, checkout)",
)
def test_the_cart_page_reads_its_lines_with_their_prices(client, stall):
    shop = Storefront(client)
    cart = sign_in_browse_and_fill_cart(shop, stall)
    found = shop.run("storefront/CheckoutFind", id=cart.checkout_id)["checkout"]
    assert found["email"] == "mai@example.vn"  # a signed-in buyer's checkout carries their email
    (line,) = found["lines"]
    assert (line["quantity"], line["variant"]["product"]["slug"]) == (2, cart.product.slug)
    assert line["variant"]["pricing"]["price"]["gross"] == {"amount": 45000, "currency": "VND"}
    assert found["totalPrice"]["gross"] == {"amount": 90000, "currency": "VND"}


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="issue 12 open: the storefront's Checkout fragment and Order shape are not in the schema yet "
    "(tests/backend/graphql/saleor/MISSING.md); strict, so this fails once the flow passes",
)
def test_a_saleor_storefront_buys_with_cash_on_delivery_and_finds_the_order(client, stall):
    shop = Storefront(client)
    cart = sign_in_browse_and_fill_cart(shop, stall)
    checkout_id = cart.checkout_id
    shop.mutate(
        "checkout/checkoutEmailUpdate",
        "checkoutEmailUpdate",
        checkoutId=checkout_id,
        email="mai@example.vn",
        languageCode=LANGUAGE,
    )
    addressed = shop.mutate(
        "checkout/checkoutShippingAddressUpdate",
        "checkoutShippingAddressUpdate",
        checkoutId=checkout_id,
        shippingAddress=ADDRESS,
        languageCode=LANGUAGE,
    )["checkout"]
    assert addressed["shippingAddress"]["countryArea"] == "Thành phố Hồ Chí Minh"
    assert addressed["shippingAddress"]["city"] == "Phường An Hội Tây"
    shop.mutate(
        "checkout/checkoutBillingAddressUpdate",
        "checkoutBillingAddressUpdate",
        checkoutId=checkout_id,
        billingAddress=ADDRESS,
        languageCode=LANGUAGE,
    )

    methods = {m["name"]: m for m in addressed["shippingMethods"]}
    fast = next(m for name, m in methods.items() if name.endswith("Giao nhanh"))
    assert fast["price"]["amount"] == 55000
    delivered = shop.mutate(
        "checkout/checkoutDeliveryMethodUpdate",
        "checkoutDeliveryMethodUpdate",
        checkoutId=checkout_id,
        deliveryMethodId=fast["id"],
        languageCode=LANGUAGE,
    )["checkout"]
    assert delivered["deliveryMethod"]["id"] == fast["id"]
    assert delivered["totalPrice"]["gross"]["amount"] == 2 * 45000 + 55000

    current = shop.run("checkout/checkout", id=checkout_id, languageCode=LANGUAGE)["checkout"]
    gateways = {g["id"] for g in current["availablePaymentGateways"]}
    assert "nongsan.cod" in gateways
    shop.mutate(
        "checkout/paymentGatewaysInitialize",
        "paymentGatewayInitialize",
        checkoutId=checkout_id,
        paymentGateways=[{"id": "nongsan.cod"}],
    )
    shop.mutate(
        "checkout/TransactionInitialize",
        "transactionInitialize",
        checkoutId=checkout_id,
        paymentGateway={"id": "nongsan.cod"},
    )

    order_id = shop.mutate("checkout/checkoutComplete", "checkoutComplete", checkoutId=checkout_id)["order"][
        "id"
    ]
    group = OrderGroup.objects.get()
    order = Order.objects.get(group=group)
    assert (group.email, order.stall_id, order.lines.get().quantity) == ("mai@example.vn", stall.pk, 2)

    mine = shop.run("storefront/CurrentUserWithAddresses")["me"]
    assert [e["node"]["id"] for e in mine["orders"]["edges"]] == [order_id]
    listed_orders = shop.run("storefront/CurrentUserOrderList")["me"]["orders"]["edges"]
    (placed,) = [e["node"] for e in listed_orders]
    assert placed["number"] == order.number
    assert placed["total"]["gross"]["amount"] == 2 * 45000 + 55000
    assert [(li["quantity"], li["variant"]["id"]) for li in placed["lines"]] == [(2, cart.variant_id)]
    confirmation = shop.run("checkout/order", id=order_id, languageCode=LANGUAGE)["order"]
    assert confirmation["userEmail"] == "mai@example.vn"
    assert confirmation["shippingAddress"]["city"] == "Phường An Hội Tây"
