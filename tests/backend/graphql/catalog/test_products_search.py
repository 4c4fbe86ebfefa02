"""products(filter: {search}) ranks by relevance (RANK) unless another sort is asked for."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backend.catalog import actions
from backend.catalog.models import ProductMedia
from tests.backend.catalog.factories import make_product
from tests.factories import make_stall, make_user
from tests.graphql_client import gql

pytestmark = pytest.mark.django_db

PRODUCTS = """
query($filter: ProductFilterInput, $sortBy: ProductOrder, $first: Int) {
  products(first: $first, channel: "vn", filter: $filter, sortBy: $sortBy) {
    totalCount
    edges { node {
      name
      thumbnail(size: 256) { url }
      stall { name }
      category { name }
      ocopBadge { stars }
      variants { sku quantityAvailable pricing { price { gross { amount } } } }
    } }
  }
}"""


def _names(client, first=20, **variables):
    data = gql(client, PRODUCTS, {"first": first, **variables})
    assert "errors" not in data, data
    return [edge["node"]["name"] for edge in data["data"]["products"]["edges"]]


@pytest.fixture
def honey_stall():
    stall = make_stall(make_user(), name="HTX Mật ong Buôn Ma Thuột")
    make_product(stall, "Cà phê Robusta", category="ca-phe", price=140000)
    make_product(stall, "Mật ong hoa cà phê", category="mat-ong", price=160000)
    make_product(stall, "Mật ong rừng", category="mat-ong", price=350000)
    return stall


def test_a_search_ranks_by_relevance_by_default(client, honey_stall):
    assert _names(client, filter={"search": "mat ong"}) == [
        "Mật ong hoa cà phê",
        "Mật ong rừng",
        "Cà phê Robusta",
    ]
    assert _names(client, filter={"search": "ca phe"}) == ["Cà phê Robusta", "Mật ong hoa cà phê"]


def test_rank_can_be_asked_for_and_reads_best_first_in_either_direction(client, honey_stall):
    ranked = ["Mật ong hoa cà phê", "Mật ong rừng", "Cà phê Robusta"]
    for direction in ("ASC", "DESC"):
        sort = {"field": "RANK", "direction": direction}
        assert _names(client, filter={"search": "mật ong"}, sortBy=sort) == ranked


def test_an_explicit_sort_still_orders_a_search(client, honey_stall):
    by_name = _names(client, filter={"search": "mat ong"}, sortBy={"field": "NAME", "direction": "ASC"})
    assert by_name == ["Cà phê Robusta", "Mật ong hoa cà phê", "Mật ong rừng"]
    by_price = _names(client, filter={"search": "mat ong"}, sortBy={"field": "PRICE", "direction": "DESC"})
    assert by_price == ["Mật ong rừng", "Mật ong hoa cà phê", "Cà phê Robusta"]


def test_without_a_search_the_listing_stays_by_name_and_rank_is_refused(client, honey_stall):
    assert _names(client) == ["Cà phê Robusta", "Mật ong hoa cà phê", "Mật ong rừng"]
    for filter_ in ({}, {"search": "   "}):
        data = gql(
            client,
            PRODUCTS,
            {"first": 5, "filter": filter_, "sortBy": {"field": "RANK", "direction": "DESC"}},
        )
        assert data["data"] is None or data["data"]["products"] is None
        assert data["errors"][0]["extensions"]["code"] == "INVALID_SORT"


def test_rank_is_in_the_schema_next_to_the_older_sorts(client):
    data = gql(client, '{ __type(name: "ProductOrderField") { enumValues { name description } } }')
    values = {v["name"]: v["description"] for v in data["data"]["__type"]["enumValues"]}
    assert {"NAME", "PRICE", "CREATED_AT", "RANK"} <= set(values)
    assert "filter.search" in values["RANK"]


@pytest.mark.postgres
def test_a_typo_still_finds_the_product(client, honey_stall):
    assert _names(client, filter={"search": "mat ongg"})[:2] == ["Mật ong hoa cà phê", "Mật ong rừng"]


def _queries(client, first: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        data = gql(client, PRODUCTS, {"first": first, "filter": {"search": "san pham"}})
    assert "errors" not in data, data
    assert len(data["data"]["products"]["edges"]) == first
    return len(captured)


def test_a_ranked_search_runs_the_same_queries_for_20_and_100_products(client):
    stalls = [make_stall(make_user()) for _ in range(5)]
    for i in range(100):
        product = make_product(stalls[i % 5], f"Sản phẩm {i:03d}", price=10000 + i)
        actions.variant_create(product=product, sku=f"EXTRA-{i}", name="Hộp lớn")
        ProductMedia.objects.create(product=product, image=f"products/{i}.jpg", alt=product.name)
    small, large = _queries(client, 20), _queries(client, 100)
    assert small == large
    # The listing's pin (8) plus, on PostgreSQL, the one count that decides on typo tolerance.
    assert large <= 9
