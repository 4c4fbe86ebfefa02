"""Issue 3's "done when", on the demo data through /graphql/: search, scoping, a coop's new product."""

import pytest

from backend.accounts.models import User
from backend.catalog.gtin import gtin_is_valid
from backend.catalog.models import Product, ProductVariant
from backend.demo import accounts as accounts_demo
from backend.demo import catalog as catalog_demo
from backend.demo import stalls as stalls_demo
from backend.stalls.models import CertificateStatus, OcopCertificate
from tests.backend.catalog.factories import image_upload
from tests.backend.graphql.catalog.multipart import gql_multipart
from tests.graphql_client import gql

pytestmark = pytest.mark.django_db

SEARCH = """
query($search: String) {
  products(first: 20, channel: "vn", filter: {search: $search}) {
    totalCount
    edges { node {
      id name
      thumbnail(size: 256) { url }
      variants { pricing { price { gross { amount currency } } } }
    } }
  }
}"""
PRODUCT_UPDATE = """
mutation($id: ID!, $name: String!) {
  productUpdate(id: $id, input: {name: $name}) { product { name } errors { field code message } }
}"""
CREATE = """
mutation($stall: ID!, $category: ID!) {
  productCreate(input: {stall: $stall, category: $category, name: "Bánh tráng dừa nướng",
                        description: "<p>Giòn, thơm</p><script>alert(1)</script>"}) {
    product { id description } errors { code }
  }
}"""
VARIANT = """
mutation($product: ID!) {
  productVariantCreate(input: {product: $product, sku: "BTD-10", name: "Túi 10 cái", gtin: "8931001999999"}) {
    productVariant { id gtin } errors { code }
  }
}"""
PRICE = """
mutation($variant: ID!) {
  productChannelListingUpdate(variantId: $variant, input: {channel: "vn", price: "35000"}) { errors { code } }
}"""
STOCK = """
mutation($variant: ID!, $warehouse: ID!) {
  productVariantStocksUpdate(variantId: $variant, stocks: [{warehouse: $warehouse, quantity: 50}]) {
    errors { code }
  }
}"""
PHOTO = """
mutation($input: ProductMediaCreateInput!) { productMediaCreate(input: $input) { errors { code } } }"""


@pytest.fixture
def demo():
    accounts_demo.seed()
    stalls_demo.seed()
    catalog_demo.seed()


def _search(client, words):
    data = gql(client, SEARCH, {"search": words})
    assert "errors" not in data, data
    return data["data"]["products"]


def test_demo_has_enough_products_certificates_and_gtins(demo):
    assert Product.objects.count() >= 40
    verified = OcopCertificate.objects.filter(status=CertificateStatus.VERIFIED)
    assert {c.stars for c in verified} == {3, 4, 5}
    assert Product.objects.filter(ocop_certificate__in=verified).count() >= 3
    gtins = list(ProductVariant.objects.exclude(gtin=None).values_list("gtin", flat=True))
    assert gtins and all(g.startswith("0893") and gtin_is_valid(g) for g in gtins)


def test_demo_seed_is_idempotent(demo):
    counts = (Product.objects.count(), ProductVariant.objects.count(), OcopCertificate.objects.count())
    stalls_demo.seed()
    catalog_demo.seed()
    assert (
        Product.objects.count(),
        ProductVariant.objects.count(),
        OcopCertificate.objects.count(),
    ) == counts


def test_done_when(client, demo):
    # 1. Searching "keo dua" finds the coconut candy with VND prices and thumbnails.
    found = _search(client, "keo dua")
    names = [e["node"]["name"] for e in found["edges"]]
    assert "Kẹo dừa sáp" in names and "Kẹo dừa lá dứa" in names
    for edge in found["edges"]:
        node = edge["node"]
        assert node["thumbnail"]["url"].startswith("http://testserver/thumbnail/")
        gross = node["variants"][0]["pricing"]["price"]["gross"]
        assert gross["currency"] == "VND" and gross["amount"] > 0
    thumbnail = found["edges"][0]["node"]["thumbnail"]["url"].removeprefix("http://testserver")
    assert client.get(thumbnail)["Content-Type"] == "image/webp"

    # 2. coop2 cannot update a product of coop: an error code, and nothing changes.
    coop, coop2 = User.objects.get(email="coop@demo.vn"), User.objects.get(email="coop2@demo.vn")
    candy = next(e["node"] for e in found["edges"] if e["node"]["name"] == "Kẹo dừa sáp")
    refused = gql(client, PRODUCT_UPDATE, {"id": candy["id"], "name": "Bị sửa"}, user=coop2)
    assert refused["data"]["productUpdate"] == {
        "product": None,
        "errors": [{"field": "id", "code": "NOT_FOUND", "message": "Product not found."}],
    }
    assert Product.objects.filter(name="Kẹo dừa sáp").exists() and not Product.objects.filter(name="Bị sửa")

    # 3. coop creates a product with a variant, price, stock and photo; it appears in search.
    ids = gql(client, '{ myStalls { id } myWarehouses { id } category(slug: "banh-keo") { id } }', user=coop)
    ids = ids["data"]
    created = gql(
        client, CREATE, {"stall": ids["myStalls"][0]["id"], "category": ids["category"]["id"]}, user=coop
    )["data"]["productCreate"]
    assert created["errors"] == [] and created["product"]["description"] == "<p>Giòn, thơm</p>"
    product_id = created["product"]["id"]
    variant = gql(client, VARIANT, {"product": product_id}, user=coop)["data"]["productVariantCreate"]
    assert variant["errors"] == [] and variant["productVariant"]["gtin"] == "08931001999999"
    variant_id = variant["productVariant"]["id"]
    assert gql(client, PRICE, {"variant": variant_id}, user=coop)["data"]["productChannelListingUpdate"] == {
        "errors": []
    }
    stock = gql(client, STOCK, {"variant": variant_id, "warehouse": ids["myWarehouses"][0]["id"]}, user=coop)
    assert stock["data"]["productVariantStocksUpdate"] == {"errors": []}
    photo = gql_multipart(
        client,
        PHOTO,
        {"input": {"product": product_id, "image": None}},
        {"variables.input.image": image_upload("PNG", (300, 300))},
        user=coop,
    )
    assert photo["data"]["productMediaCreate"] == {"errors": []}

    found = _search(client, "banh trang dua")
    assert [e["node"]["name"] for e in found["edges"]] == ["Bánh tráng dừa nướng"]
    node = found["edges"][0]["node"]
    assert node["variants"][0]["pricing"]["price"]["gross"] == {"amount": 35000.0, "currency": "VND"}
    assert node["thumbnail"] is not None
