"""Saleor's catalog shapes: cursors, channel(slug), categories/products/collections, translations."""

import base64

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphql_relay import offset_to_cursor

from backend.catalog import actions
from backend.catalog.models import Category, Channel, ProductMedia
from backend.core.errors import DomainError
from tests.backend.catalog.factories import make_product
from tests.factories import make_stall, make_user
from tests.graphql_client import gql

pytestmark = pytest.mark.django_db

PAGE = """
query($first: Int, $after: String, $last: Int, $before: String) {
  products(first: $first, after: $after, last: $last, before: $before, channel: "vn") {
    totalCount
    edges { cursor node { name } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}"""


@pytest.fixture
def stall():
    return make_stall(make_user())


def _names(data) -> list[str]:
    return [e["node"]["name"] for e in data["edges"]]


def test_cursors_are_opaque_walk_both_ways_and_old_cursors_still_work(client, stall):
    for letter in "ABCDE":
        make_product(stall, f"Kẹo {letter}")
    first = gql(client, PAGE, {"first": 2})["data"]["products"]
    assert _names(first) == ["Kẹo A", "Kẹo B"]
    end = first["pageInfo"]["endCursor"]
    assert "arrayconnection" not in base64.b64decode(end).decode()
    second = gql(client, PAGE, {"first": 2, "after": end})["data"]["products"]
    assert _names(second) == ["Kẹo C", "Kẹo D"]
    assert second["pageInfo"]["hasPreviousPage"] and second["pageInfo"]["hasNextPage"]
    back = gql(client, PAGE, {"last": 2, "before": second["pageInfo"]["startCursor"]})["data"]["products"]
    assert _names(back) == ["Kẹo A", "Kẹo B"]
    # A cursor handed out before the change (offset 1 = "Kẹo B") still pages on.
    old = gql(client, PAGE, {"first": 1, "after": offset_to_cursor(1)})["data"]["products"]
    assert _names(old) == ["Kẹo C"]


@pytest.mark.parametrize(
    "cursor", ["not-a-cursor", base64.b64encode(b'saleor:["x"]').decode(), "c2FsZW9yOls"]
)
def test_a_cursor_we_never_gave_is_refused_with_its_code(client, cursor):
    answer = gql(client, PAGE, {"first": 2, "after": cursor})
    assert answer["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"


def test_channel_by_slug_and_channels_in_saleor_shape(client):
    data = gql(
        client, '{ channel(slug: "export") { slug isActive currencyCode } channels { slug isActive } }'
    )
    assert data["data"]["channel"] == {"slug": "export", "isActive": True, "currencyCode": "USD"}
    assert {c["slug"] for c in data["data"]["channels"]} == {"vn", "export"}
    assert gql(client, '{ channel(slug: "nope") { slug } }')["data"]["channel"] is None


def test_categories_connection_filters_by_slugs_search_and_level(client):
    by_slug = gql(
        client,
        '{ categories(first: 10, filter: {slugs: ["tra", "vai-nhan"]}) '
        "{ totalCount edges { node { slug level parent { slug } } } } }",
    )["data"]["categories"]
    assert by_slug["totalCount"] == 2
    levels = {e["node"]["slug"]: e["node"]["level"] for e in by_slug["edges"]}
    assert levels == {"tra": 1, "vai-nhan": 1}
    roots = gql(client, "{ categories(first: 20, level: 0) { edges { node { slug level } } } }")["data"]
    assert {e["node"]["level"] for e in roots["categories"]["edges"]} == {0}
    assert len(roots["categories"]["edges"]) == Category.objects.filter(parent__isnull=True).count()
    search = gql(client, '{ categories(first: 5, filter: {search: "trai cay"}) { edges { node { slug } } } }')
    assert "trai-cay-tuoi" in [e["node"]["slug"] for e in search["data"]["categories"]["edges"]]
    children = gql(
        client,
        '{ category(slug: "trai-cay-tuoi") { children(first: 2) { totalCount edges { node { slug } } } } }',
    )["data"]["category"]["children"]
    assert children["totalCount"] == Category.objects.get(slug="trai-cay-tuoi").children.count()
    assert len(children["edges"]) == 2


def test_category_products_include_subcategories(client, stall):
    make_product(stall, "Vải thiều", category="vai-nhan")
    make_product(stall, "Trà xanh", category="tra")
    data = gql(
        client,
        '{ category(slug: "trai-cay-tuoi") { products(first: 10, channel: "vn") '
        "{ edges { node { name } } } } }",
    )
    assert _names(data["data"]["category"]["products"]) == ["Vải thiều"]


def test_products_search_where_filter_and_rank(client, stall):
    coconut = make_product(stall, "Kẹo dừa sáp")
    make_product(stall, "Dầu dừa", stock=0)
    make_product(stall, "Trà xanh")
    found = gql(
        client,
        '{ products(first: 10, channel: "vn", search: "dua", sortBy: {field: RANK, direction: ASC}) '
        "{ totalCount edges { node { name } } } }",
    )["data"]["products"]
    assert found["totalCount"] == 2
    where = gql(
        client,
        "query($slug: String!) { products(first: 5, where: {slug: {eq: $slug}}) "
        "{ edges { node { name } } } }",
        {"slug": coconut.slug},
    )["data"]["products"]
    assert _names(where) == ["Kẹo dừa sáp"]
    in_stock = gql(
        client,
        '{ products(first: 5, filter: {stockAvailability: IN_STOCK, search: "dua"}) '
        "{ edges { node { name } } } }",
    )["data"]["products"]
    assert _names(in_stock) == ["Kẹo dừa sáp"]
    by_slugs = gql(
        client,
        "query($s: [String!]) { products(first: 5, filter: {slugs: $s}) { edges { node { name } } } }",
        {"s": [coconut.slug]},
    )["data"]["products"]
    assert _names(by_slugs) == ["Kẹo dừa sáp"]
    refused = gql(client, "{ products(first: 5, sortBy: {field: RANK, direction: ASC}) { totalCount } }")
    assert refused["errors"][0]["extensions"]["code"] == "INVALID_SORT"


PRODUCT = """
query($slug: String!, $lang: LanguageCodeEnum!) {
  product(slug: $slug, channel: "vn") {
    name seoTitle
    thumbnail(size: 1024, format: WEBP) { url alt }
    media { url(size: 512, format: WEBP) alt type }
    pricing { onSale priceRange { start { gross { amount currency } } }
              priceRangeUndiscounted { stop { gross { amount } } } }
    variants { name quantityAvailable pricing { price { gross { amount } } }
               attributes(variantSelection: ALL) {
                 attribute { name slug translation(languageCode: $lang) { name } }
                 values { name value translation(languageCode: $lang) { name } } } }
    attributes { attribute { name } values { name translation(languageCode: $lang) { name } } }
    attributePairs { name value }
    translation(languageCode: $lang) { name language { code } }
    category { translation(languageCode: $lang) { name } }
  }
}"""


def test_product_page_in_saleor_shape_with_english_translations(client, stall):
    product = make_product(stall, "Kẹo dừa sáp", price=45000, attributes={"Đóng gói": "Hộp giấy"})
    ProductMedia.objects.create(product=product, image="products/x.jpg", alt="Kẹo")
    actions.product_translation_set(product=product, language_code="en", name="Wax coconut candy")
    actions.category_translation_set(category=product.category, language_code="en", name="Sweets")
    for source, text in (("Đóng gói", "Packaging"), ("Hộp giấy", "Paper box"), ("Hộp 500 g", "Box 500 g")):
        actions.attribute_translation_set(source=source, language_code="en", text=text)
    data = gql(client, PRODUCT, {"slug": product.slug, "lang": "EN"})["data"]["product"]
    assert data["thumbnail"]["url"].endswith(".webp") and "/1024/" in data["thumbnail"]["url"]
    assert data["media"][0]["type"] == "IMAGE" and "/512/" in data["media"][0]["url"]
    assert data["pricing"]["onSale"] is False
    assert data["pricing"]["priceRange"]["start"]["gross"] == {"amount": 45000.0, "currency": "VND"}
    assert data["pricing"]["priceRangeUndiscounted"]["stop"]["gross"]["amount"] == 45000.0
    variant = data["variants"][0]
    assert variant["quantityAvailable"] == 10
    assert variant["attributes"][0]["values"][0] == {
        "name": "Hộp 500 g",
        "value": "Hộp 500 g",
        "translation": {"name": "Box 500 g"},
    }
    assert data["attributes"] == [
        {
            "attribute": {"name": "Đóng gói"},
            "values": [{"name": "Hộp giấy", "translation": {"name": "Paper box"}}],
        }
    ]
    assert data["attributePairs"] == [{"name": "Đóng gói", "value": "Hộp giấy"}]
    assert data["translation"] == {"name": "Wax coconut candy", "language": {"code": "EN"}}
    assert data["category"]["translation"] == {"name": "Sweets"}
    vietnamese = gql(client, PRODUCT, {"slug": product.slug, "lang": "VI"})["data"]["product"]
    assert vietnamese["translation"] is None and vietnamese["name"] == "Kẹo dừa sáp"


def test_translation_into_vietnamese_is_refused_by_the_action(stall):
    product = make_product(stall)
    with pytest.raises(DomainError) as refused:
        actions.product_translation_set(product=product, language_code="vi", name="x")
    assert refused.value.field == "languageCode"


COLLECTION = """
query($slug: String!, $channel: String!) {
  collection(slug: $slug, channel: $channel) {
    name slug channel translation(languageCode: EN) { name }
    products(first: 10) { totalCount edges { node { name } } }
  }
  collections(first: 10, channel: $channel, filter: {published: PUBLISHED}) { edges { node { slug } } }
}"""


def test_collections_keep_their_curated_order_and_their_channels(client, stall):
    late = make_product(stall, "A Trà")
    early = make_product(stall, "Z Kẹo")
    hidden = make_product(stall, "Ẩn", published=False)
    vn = Channel.objects.get(slug="vn")
    tet = actions.collection_save(
        slug="dac-san-tet", name="Đặc sản Tết", products=[early, late, hidden], channels=[vn]
    )
    actions.collection_translation_set(collection=tet, language_code="en", name="Tet specialties")
    data = gql(client, COLLECTION, {"slug": "dac-san-tet", "channel": "vn"})["data"]
    assert data["collection"]["translation"] == {"name": "Tet specialties"}
    assert _names(data["collection"]["products"]) == ["Z Kẹo", "A Trà"]  # curated, the unpublished left out
    assert data["collections"]["edges"] == [{"node": {"slug": "dac-san-tet"}}]
    sorted_by_name = gql(
        client,
        '{ collection(slug: "dac-san-tet") { products(first: 5, sortBy: {field: NAME, direction: ASC}) '
        "{ edges { node { name } } } } }",
    )["data"]["collection"]["products"]
    assert _names(sorted_by_name) == ["A Trà", "Z Kẹo"]
    export = gql(client, COLLECTION, {"slug": "dac-san-tet", "channel": "export"})["data"]
    assert export["collection"] is None and export["collections"]["edges"] == []
    # Saving again replaces the list: the removed product leaves the collection.
    actions.collection_save(slug="dac-san-tet", name="Đặc sản Tết", products=[late], channels=[vn])
    again = gql(client, COLLECTION, {"slug": "dac-san-tet", "channel": "vn"})["data"]["collection"]
    assert _names(again["products"]) == ["A Trà"]
    filtered = gql(
        client,
        "query($c: [ID!]) { products(first: 5, filter: {collections: $c}) { edges { node { name } } } }",
        {"c": [_collection_id(tet.pk)]},
    )["data"]["products"]
    assert _names(filtered) == ["A Trà"]


def _collection_id(pk: int) -> str:
    return base64.b64encode(f"Collection:{pk}".encode()).decode()


LIST = """
query($first: Int) {
  products(first: $first, channel: "vn") {
    edges { node {
      name translation(languageCode: EN) { name }
      attributes { attribute { name translation(languageCode: EN) { name } } values { name } }
      variants { attributes { values { name } } media { alt } }
      pricing { onSale priceRangeUndiscounted { start { gross { amount } } } }
      thumbnail(size: 512, format: WEBP) { url }
    } }
  }
}"""


def _queries(client, first: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        data = gql(client, LIST, {"first": first})
    assert "errors" not in data, data
    assert len(data["data"]["products"]["edges"]) == first
    return len(captured)


def test_translations_and_attributes_cost_the_same_for_20_and_100_products(client):
    stalls = [make_stall(make_user()) for _ in range(4)]
    for i in range(100):
        product = make_product(stalls[i % 4], f"Sản phẩm {i:03d}", attributes={"Đóng gói": f"Hộp {i}"})
        actions.product_translation_set(product=product, language_code="en", name=f"Product {i:03d}")
    actions.attribute_translation_set(source="Đóng gói", language_code="en", text="Packaging")
    small, large = _queries(client, 20), _queries(client, 100)
    assert small == large
    assert large <= 10


VARIANT = """
query($id: ID, $sku: String) {
  productVariant(id: $id, sku: $sku, channel: "vn") { sku name quantityAvailable product { name } }
}"""


def test_product_variant_by_id_or_sku_only_when_on_sale_or_own(client, stall):
    product = make_product(stall, "Kẹo dừa sáp", sku="KD-1")
    variant = product.variants.get()
    gid = base64.b64encode(f"ProductVariant:{variant.pk}".encode()).decode()
    by_id = gql(client, VARIANT, {"id": gid})["data"]["productVariant"]
    assert by_id == {
        "sku": "KD-1",
        "name": "Hộp 500 g",
        "quantityAvailable": 10,
        "product": {"name": "Kẹo dừa sáp"},
    }
    assert gql(client, VARIANT, {"sku": "KD-1"})["data"]["productVariant"]["sku"] == "KD-1"
    hidden = make_product(stall, "Chưa bán", sku="KD-2", published=False)
    assert gql(client, VARIANT, {"sku": "KD-2"})["data"]["productVariant"] is None
    owner = stall.members.get().user
    assert gql(client, VARIANT, {"sku": "KD-2"}, user=owner)["data"]["productVariant"]["product"] == {
        "name": hidden.name
    }
    both = gql(client, VARIANT, {"id": gid, "sku": "KD-1"})
    assert both["errors"][0]["extensions"]["code"] == "REQUIRED"
