"""Search and category listings: accent-insensitive words, every filter, sorting, bad input."""

import pytest

from backend.catalog.models import Stock
from backend.stalls.models import StallStatus
from tests.factories import make_stall
from tests.storefront.browse.builders import certify, make_product, with_export_price

pytestmark = pytest.mark.django_db


def _names(response) -> list[str]:
    """Product names in the result grid, in page order."""
    body = response.content.decode()
    grid = body[body.index('id="results-count"') :]
    return [chunk.split("</span>")[0] for chunk in grid.split('<span class="name">')[1:]]


@pytest.fixture
def shelf():
    south = make_stall(province_code=86)
    north = make_stall(province_code=24, commune_code=7210)
    coconut = make_product(south, "Kẹo dừa sáp", price=120000, category="banh-keo")
    certify(coconut, 4)
    lychee = make_product(north, "Vải thiều Lục Ngạn", price=85000, category="vai-nhan")
    honey = make_product(south, "Mật ong hoa cà phê", price=250000, category="mat-ong", stock=0)
    pomelo = make_product(
        north, "Bưởi da xanh", price=65000, category="buoi-cam-quyt", origin_province_code=86
    )
    certify(pomelo, 5)
    return {"coconut": coconut, "lychee": lychee, "honey": honey, "pomelo": pomelo}


def test_words_without_accents_find_vietnamese_names_with_vnd_prices(client, shelf):
    response = client.get("/search/", {"q": "keo dua"})
    assert _names(response) == ["Kẹo dừa sáp"]
    assert "120.000\u00a0₫" in response.content.decode()


def test_category_filter_includes_subcategories(client, shelf):
    assert _names(client.get("/search/", {"category": "trai-cay-tuoi", "sort": "name"})) == [
        "Bưởi da xanh",
        "Vải thiều Lục Ngạn",
    ]


def test_province_of_origin_uses_the_products_origin_before_the_stalls(client, shelf):
    assert _names(client.get("/search/", {"province": "86", "sort": "name"})) == [
        "Bưởi da xanh",
        "Kẹo dừa sáp",
        "Mật ong hoa cà phê",
    ]


def test_ocop_stars_filter(client, shelf):
    assert _names(client.get("/search/", {"stars": ["5"]})) == ["Bưởi da xanh"]
    assert _names(client.get("/search/", {"stars": ["4", "5"], "sort": "name"})) == [
        "Bưởi da xanh",
        "Kẹo dừa sáp",
    ]


def test_price_range_reads_vietnamese_thousands(client, shelf):
    response = client.get("/search/", {"price_min": "80.000", "price_max": "130000 ₫", "sort": "price"})
    assert _names(response) == ["Vải thiều Lục Ngạn", "Kẹo dừa sáp"]


def test_in_stock_only_hides_sold_out_products(client, shelf):
    names = _names(client.get("/search/", {"in_stock": "on"}))
    assert "Mật ong hoa cà phê" not in names and len(names) == 3


def test_sorting_changes_the_order(client, shelf):
    assert _names(client.get("/search/", {"sort": "price"})) == [
        "Bưởi da xanh",
        "Vải thiều Lục Ngạn",
        "Kẹo dừa sáp",
        "Mật ong hoa cà phê",
    ]
    assert _names(client.get("/search/", {"sort": "price-desc"}))[0] == "Mật ong hoa cà phê"
    assert _names(client.get("/search/", {"sort": "newest"}))[0] == "Bưởi da xanh"


@pytest.mark.parametrize(
    "params",
    [
        {"price_min": "abc"},
        {"price_max": "1e999"},
        {"price_min": "-5"},
        {"province": "999"},
        {"province": "Hà Nội"},
        {"stars": ["9"]},
        {"category": "khong-co"},
        {"sort": "drop table"},
        {"page": "999"},
        {"page": "-1"},
        {"q": "x" * 5000},
        {"in_stock": "maybe"},
    ],
)
def test_bad_query_parameters_never_fail(client, shelf, params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    # A refused filter is left out, so the products still list (a long query is cut, not refused).
    assert len(_names(response)) >= (0 if "q" in params else 1)


def test_a_refused_filter_says_why_in_the_users_language_and_the_rest_still_applies(client, shelf):
    response = client.get("/search/", {"price_min": "abc", "stars": ["5"]})
    body = response.content.decode()
    assert "Nhập giá bằng số" in body
    assert _names(response) == ["Bưởi da xanh"]
    english = client.get("/search/", {"price_min": "abc", "lang": "en"}).content.decode()
    assert "Enter a price as a number" in english


def test_page_past_the_end_shows_the_last_page(client):
    stall = make_stall()
    for n in range(26):
        make_product(stall, f"Trà số {n:02d}", category="tra")
    response = client.get("/search/", {"page": "999", "sort": "name"})
    assert _names(response) == ["Trà số 24", "Trà số 25"]
    assert "Trang 2/2" in response.content.decode()


def test_pager_links_keep_the_filters(client):
    stall = make_stall()
    for n in range(25):
        make_product(stall, f"Trà {n}", category="tra")
    body = client.get("/search/", {"category": "tra", "sort": "name"}).content.decode()
    assert 'href="?category=tra&amp;sort=name&amp;page=2"' in body


def test_export_channel_lists_only_what_it_prices_in_dollars(client, shelf):
    with_export_price(shelf["coconut"], "12.5")
    response = client.get("/search/", {"channel": "export"})
    assert _names(response) == ["Kẹo dừa sáp"]
    assert "$12.50" in response.content.decode()


def test_category_page_lists_its_tree_with_filters(client, shelf):
    response = client.get("/categories/trai-cay-tuoi/", {"stars": ["5"]})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Trái cây tươi</h1>" in body
    assert 'href="/categories/vai-nhan/"' in body
    assert _names(response) == ["Bưởi da xanh"]
    assert client.get("/categories/khong-co/").status_code == 404


def test_hidden_products_stay_out_of_results(client):
    make_product(make_stall(), "Kẹo dừa nháp", published=False)
    make_product(make_stall(status=StallStatus.PENDING), "Kẹo dừa chờ duyệt")
    assert _names(client.get("/search/", {"q": "keo dua"})) == []


def test_sold_out_means_every_unit_promised(client, shelf):
    Stock.objects.filter(variant__product=shelf["coconut"]).update(quantity_allocated=10)
    assert "Kẹo dừa sáp" not in _names(client.get("/search/", {"in_stock": "1"}))


def _stock_shop(count: int) -> None:
    stall = make_stall()
    for n in range(count):
        certify(make_product(stall, f"Trà {n}", category="tra"), 4)


@pytest.mark.parametrize("count", [3, 24])
def test_a_page_of_results_costs_the_same_queries_for_any_size(client, django_assert_max_num_queries, count):
    _stock_shop(count)
    client.get("/search/")  # the session and the language cookie settle on the first visit
    with django_assert_max_num_queries(12):
        response = client.get("/search/", {"category": "tra"})
    assert len(_names(response)) == count
