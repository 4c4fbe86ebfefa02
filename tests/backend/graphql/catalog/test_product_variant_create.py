"""productVariantCreate: SKU unique per stall, GTIN validated and stored as 14 digits."""

import graphene
import pytest

from backend.catalog.models import ProductVariant
from tests.backend.catalog.factories import make_product
from tests.factories import make_stall, make_user
from tests.graphql_client import gql

pytestmark = pytest.mark.django_db

VARIANT_CREATE = """
mutation($input: ProductVariantCreateInput!) {
  productVariantCreate(input: $input) { productVariant { sku gtin } errors { field code message } }
}"""


@pytest.fixture
def owned():
    owner = make_user()
    product = make_product(make_stall(owner), "Kẹo dừa", sku="KD-1")
    return owner, graphene.Node.to_global_id("Product", product.pk)


def _create(client, owned, **fields):
    owner, product_id = owned
    return gql(client, VARIANT_CREATE, {"input": {"product": product_id, **fields}}, user=owner)["data"][
        "productVariantCreate"
    ]


def test_gtin_is_stored_as_14_digits(client, owned):
    payload = _create(client, owned, sku="KD-2", gtin="8934563138165")
    assert payload == {"productVariant": {"sku": "KD-2", "gtin": "08934563138165"}, "errors": []}


def test_bad_check_digit_is_an_error_code(client, owned):
    payload = _create(client, owned, sku="KD-2", gtin="8934563138166")
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("gtin", "INVALID_GTIN")]
    assert ProductVariant.objects.count() == 1


def test_sku_already_used_in_the_stall_is_refused(client, owned):
    payload = _create(client, owned, sku="KD-1")
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("sku", "DUPLICATED_SKU")]


def test_same_sku_in_another_stall_is_fine(client, owned):
    other = make_user()
    product = make_product(make_stall(other), "Vải", sku="X-1")
    data = gql(
        client,
        VARIANT_CREATE,
        {"input": {"product": graphene.Node.to_global_id("Product", product.pk), "sku": "KD-1"}},
        user=other,
    )
    assert data["data"]["productVariantCreate"]["errors"] == []
