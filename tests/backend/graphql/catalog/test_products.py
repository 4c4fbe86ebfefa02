"""products(...) and product(...): accent-insensitive search, filters, sorts, pagination, visibility."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from backend.catalog.models import Category, Product
from backend.stalls.models import CertificateStatus, OcopCertificate, StallStatus
from tests.backend.catalog.factories import make_product
from tests.factories import make_stall, make_user
from tests.graphql_client import gql

pytestmark = pytest.mark.django_db

PRODUCTS = """
query(
  $channel: String, $filter: ProductFilterInput, $sortBy: ProductOrder, $first: Int, $after: String
) {
  products(first: $first, after: $after, channel: $channel, filter: $filter, sortBy: $sortBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      name slug channel
      stall { name }
      category { slug }
      ocopBadge { stars }
      thumbnail(size: 200) { url }
      variants { sku pricing { price { gross { amount currency formatted } } } }
      pricing { priceRange { start { gross { amount currency } } } }
    } }
  }
}"""
PRODUCT = """
query($id: ID, $slug: String, $channel: String) {
  product(id: $id, slug: $slug, channel: $channel) {
    name variants { sku channelListings { channel { slug } } }
  }
}"""


def _names(client, first=20, **variables):
    data = gql(client, PRODUCTS, {"first": first, **variables})
    assert "errors" not in data, data
    return [edge["node"]["name"] for edge in data["data"]["products"]["edges"]]


@pytest.fixture
def stall():
    return make_stall(make_user(), name="HTX Nông sản Bến Tre")


def test_search_without_accents_finds_vietnamese_names(client, stall):
    make_product(stall, "Kẹo dừa sáp")
    make_product(stall, "Vải thiều Lục Ngạn loại 1", category="vai-nhan")
    make_product(stall, "Nước mắm cá cơm", category="nuoc-mam-gia-vi")
    assert _names(client, filter={"search": "keo dua"}) == ["Kẹo dừa sáp"]
    assert _names(client, filter={"search": "vai thieu"}) == ["Vải thiều Lục Ngạn loại 1"]
    assert _names(client, filter={"search": "NUOC MAM"}) == ["Nước mắm cá cơm"]


def test_search_matches_stall_category_and_origin_province(client, stall):
    make_product(stall, "Bưởi da xanh", category="buoi-cam-quyt", origin_province_code=86)
    assert _names(client, filter={"search": "ben tre"}) == ["Bưởi da xanh"]
    assert _names(client, filter={"search": "pomelo"}) == ["Bưởi da xanh"]
    assert _names(client, filter={"search": "vinh long"}) == ["Bưởi da xanh"]


def test_prices_come_in_the_channel_currency(client, stall):
    make_product(stall, "Kẹo dừa sáp", price=45000)
    node = gql(client, PRODUCTS, {"first": 5})["data"]["products"]["edges"][0]["node"]
    price = node["variants"][0]["pricing"]["price"]["gross"]
    assert price["amount"] == 45000 and price["currency"] == "VND"
    assert price["formatted"].replace("\xa0", " ") == "45.000 ₫"
    assert node["channel"] == "vn"


def test_export_channel_lists_only_usd_priced_products(client, stall):
    make_product(stall, "Kẹo dừa sáp", price=45000)
    make_product(stall, "Cà phê Arabica", category="ca-phe", channel="export", price=Decimal("12.50"))
    data = gql(client, PRODUCTS, {"first": 5, "channel": "export"})["data"]["products"]
    assert [e["node"]["name"] for e in data["edges"]] == ["Cà phê Arabica"]
    gross = data["edges"][0]["node"]["variants"][0]["pricing"]["price"]["gross"]
    assert (gross["amount"], gross["currency"]) == (12.5, "USD")
    assert gross["formatted"].replace("\xa0", " ") == "12,50 US$"


def test_unknown_channel_is_an_error(client):
    data = gql(client, PRODUCTS, {"first": 5, "channel": "mars"})
    assert data["errors"][0]["extensions"]["code"] == "CHANNEL_NOT_FOUND"


def test_unpublished_and_unapproved_products_are_hidden(client, stall):
    make_product(stall, "Kẹo dừa sáp")
    make_product(stall, "Kẹo dừa lá dứa", published=False)
    make_product(stall, "Kẹo dừa sầu riêng", price=None)
    pending = make_stall(make_user(), status=StallStatus.PENDING)
    make_product(pending, "Kẹo dừa chờ duyệt")
    assert _names(client, filter={"search": "keo dua"}) == ["Kẹo dừa sáp"]


def test_filters_by_category_including_subcategories(client, stall):
    make_product(stall, "Vải thiều", category="vai-nhan")
    make_product(stall, "Kẹo dừa sáp", category="banh-keo")
    fruit = gql(client, '{ category(slug: "trai-cay-tuoi") { id } }')["data"]["category"]["id"]
    assert _names(client, filter={"categories": [fruit]}) == ["Vải thiều"]


def test_filters_by_province_stall_price_and_stock(client, stall):
    other = make_stall(make_user(), name="HTX Khác", province_code=24, commune_code=7582)
    make_product(stall, "Kẹo dừa rẻ", price=20000, stock=0)
    make_product(stall, "Kẹo dừa vừa", price=50000)
    make_product(other, "Vải thiều", category="vai-nhan", price=90000)
    assert _names(client, filter={"provinces": [24]}) == ["Vải thiều"]
    stall_id = gql(client, "query($s: String!) { stall(slug: $s) { id } }", {"s": other.slug})["data"][
        "stall"
    ]["id"]
    assert _names(client, filter={"stalls": [stall_id]}) == ["Vải thiều"]
    assert _names(client, filter={"price": {"gte": "30000", "lte": "60000"}}) == ["Kẹo dừa vừa"]
    assert _names(client, filter={"inStock": True}) == ["Kẹo dừa vừa", "Vải thiều"]
    assert _names(client, filter={"inStock": False}) == ["Kẹo dừa rẻ"]


def test_filters_by_ocop_stars_of_verified_unexpired_certificates(client, stall):
    today = timezone.localdate()

    def certificate(stars, status=CertificateStatus.VERIFIED, age_days=30):
        return OcopCertificate.objects.create(
            stall=stall,
            stars=stars,
            group=1,
            decision_number=f"QĐ-{stars}-{age_days}",
            decision_date=today - timedelta(days=age_days),
            issuing_authority="UBND tỉnh Vĩnh Long",
            status=status,
        )

    make_product(stall, "Bốn sao", ocop_certificate=certificate(4))
    make_product(stall, "Năm sao hết hạn", ocop_certificate=certificate(5, age_days=4 * 365))
    make_product(stall, "Năm sao chưa duyệt", ocop_certificate=certificate(5, CertificateStatus.SUBMITTED))
    make_product(stall, "Ba sao", ocop_certificate=certificate(3))
    assert _names(client, filter={"ocopStars": [4, 5]}) == ["Bốn sao"]
    nodes = gql(client, PRODUCTS, {"first": 10})["data"]["products"]["edges"]
    badges = {e["node"]["name"]: e["node"]["ocopBadge"] for e in nodes}
    assert badges == {
        "Ba sao": {"stars": 3},
        "Bốn sao": {"stars": 4},
        "Năm sao chưa duyệt": None,
        "Năm sao hết hạn": None,
    }


def test_sorts_by_name_price_and_newest(client, stall):
    make_product(stall, "B giữa", price=50000)
    make_product(stall, "A đắt", price=90000)
    make_product(stall, "C rẻ", price=10000)
    assert _names(client) == ["A đắt", "B giữa", "C rẻ"]
    assert _names(client, sortBy={"field": "NAME", "direction": "DESC"}) == ["C rẻ", "B giữa", "A đắt"]
    assert _names(client, sortBy={"field": "PRICE", "direction": "ASC"}) == ["C rẻ", "B giữa", "A đắt"]
    assert _names(client, sortBy={"field": "PRICE", "direction": "DESC"}) == ["A đắt", "B giữa", "C rẻ"]
    assert _names(client, sortBy={"field": "CREATED_AT", "direction": "DESC"}) == ["C rẻ", "A đắt", "B giữa"]
    assert _names(client, sortBy={"field": "CREATED_AT", "direction": "ASC"}) == ["B giữa", "A đắt", "C rẻ"]


def test_pages_follow_cursors_and_count_everything(client, stall):
    for letter in "ABCDE":
        make_product(stall, f"Kẹo {letter}")
    first = gql(client, PRODUCTS, {"first": 2})["data"]["products"]
    assert first["totalCount"] == 5 and first["pageInfo"]["hasNextPage"]
    second = gql(client, PRODUCTS, {"first": 2, "after": first["pageInfo"]["endCursor"]})["data"]["products"]
    assert [e["node"]["name"] for e in second["edges"]] == ["Kẹo C", "Kẹo D"]


def test_page_size_above_100_is_refused(client):
    data = gql(client, PRODUCTS, {"first": 101})
    assert data["errors"][0]["extensions"]["code"] == "PAGINATION_LIMIT"


def test_filter_lists_above_100_are_refused(client):
    data = gql(client, PRODUCTS, {"first": 5, "filter": {"provinces": list(range(101))}})
    assert data["errors"][0]["extensions"]["code"] == "INPUT_TOO_LARGE"


def test_member_sees_own_unpublished_product_others_do_not(client, stall):
    owner = stall.members.get().user
    product = make_product(stall, "Kẹo dừa bí mật", published=False)
    assert gql(client, PRODUCT, {"slug": product.slug})["data"]["product"] is None
    assert gql(client, PRODUCT, {"slug": product.slug}, user=make_user())["data"]["product"] is None
    own = gql(client, PRODUCT, {"slug": product.slug}, user=owner)["data"]["product"]
    assert own["name"] == "Kẹo dừa bí mật"
    assert own["variants"][0]["channelListings"] == [{"channel": {"slug": "vn"}}]


def test_public_product_hides_member_only_fields(client, stall):
    product = make_product(stall, "Kẹo dừa sáp")
    public = gql(client, PRODUCT, {"slug": product.slug})["data"]["product"]
    assert public["variants"][0]["channelListings"] is None


def test_categories_and_channels_are_seeded_by_migration(client):
    data = gql(client, "{ channels { slug currencyCode } categoryList(topLevel: true) { name nameEn } }")[
        "data"
    ]
    assert data["channels"] == [
        {"slug": "vn", "currencyCode": "VND"},
        {"slug": "export", "currencyCode": "USD"},
    ]
    names = [c["nameEn"] for c in data["categoryList"]]
    assert names == ["Fresh fruit", "Processed specialties", "Beverages", "Herbal products", "Handicrafts"]
    assert Category.objects.get(slug="trai-cay-tuoi").name == "Trái cây tươi"
    assert Product.objects.count() == 0
