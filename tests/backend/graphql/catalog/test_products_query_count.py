"""products(first: N) runs the same number of SQL queries for 20 and for 100 products."""

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
query($first: Int) {
  products(first: $first, channel: "vn") {
    totalCount
    edges { node {
      name
      thumbnail(size: 256) { url alt }
      media { url thumbnail(size: 64) { url } }
      stall { name slug province { name } }
      category { name parent { name } }
      ocopBadge { stars }
      pricing { priceRange { start { gross { amount currency } } stop { gross { amount } } } }
      variants { sku quantityAvailable pricing { price { gross { amount currency } } } }
      isAvailable
    } }
  }
}"""


def _queries(client, first: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        data = gql(client, PRODUCTS, {"first": first})
    assert "errors" not in data, data
    assert len(data["data"]["products"]["edges"]) == first
    return len(captured)


def test_query_count_does_not_grow_with_page_size(client):
    stalls = [make_stall(make_user()) for _ in range(5)]
    for i in range(100):
        product = make_product(stalls[i % 5], f"Sản phẩm {i:03d}", price=10000 + i)
        actions.variant_create(product=product, sku=f"EXTRA-{i}", name="Hộp lớn")
        ProductMedia.objects.create(product=product, image=f"products/{i}.jpg", alt=product.name)
    small, large = _queries(client, 20), _queries(client, 100)
    assert small == large
    assert large <= 8
