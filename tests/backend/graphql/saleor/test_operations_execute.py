"""Validating is not answering: every query document of a storefront page runs against the seeded
demo catalogue through `/graphql/` and comes back without an error and with its root object."""

import json

import graphene
import pytest
from django.test import Client

from backend.accounts.models import User
from backend.catalog.models import Product
from backend.demo import accounts as accounts_demo
from backend.demo import catalog as catalog_demo
from backend.demo import content as content_demo
from backend.demo import stalls as stalls_demo
from tests.backend.graphql.saleor.documents import document
from tests.graphql_client import gql

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

CHANNEL = "vn"


def _variables(product: Product) -> dict[str, dict]:
    """What the storefront would send for each page query, pointed at demo rows."""
    variant = product.variants.order_by("pk").first()
    product_id = graphene.Node.to_global_id("Product", product.pk)
    page = {"channel": CHANNEL, "languageCode": "EN", "first": 5}
    return {
        "storefront/ProductList": {},
        "storefront/ProductListPaginated": {"channel": CHANNEL, "first": 5},
        "storefront/ProductListByCategory": {"slug": product.category.slug},
        "storefront/ProductListByCategoryProducts": {"slug": product.category.slug, **page},
        "storefront/ProductListByCollection": {"slug": "dac-san-tet", **page},
        "storefront/ProductDetails": {"slug": product.slug, "channel": CHANNEL},
        "storefront/ProductElement": {"id": product_id},
        "storefront/ProductSlug": {"productId": product_id, "channel": CHANNEL},
        "storefront/ProductVariantsForPdp": {"slug": product.slug, **page},
        "storefront/ProductVariantForPdp": {
            "id": graphene.Node.to_global_id("ProductVariant", variant.pk),
            "channel": CHANNEL,
        },
        "storefront/SearchProducts": {
            "search": "keo dua",
            "sortBy": "RANK",
            "sortDirection": "DESC",
            "first": 5,
            "channel": CHANNEL,
        },
        "storefront/CategoriesList": {"first": 10},
        "storefront/CategoriesBySlug": {"slugs": [product.category.slug]},
        "storefront/CollectionsList": {"channel": CHANNEL, "first": 10},
        "storefront/HomepageCollections": {"channel": CHANNEL},
        "storefront/ChannelsList": {},
        "storefront/MenuGetBySlug": {"slug": "navbar", "channel": CHANNEL},
        "checkout/addressValidationRules": {"countryCode": "VN"},
    }


SIGNED_IN = (
    "storefront/CurrentUser",
    "storefront/CurrentUserProfile",
    "storefront/CurrentUserWithAddresses",
    "checkout/user",
)


def _run(client: Client, operation_id: str, variables: dict, user: User | None = None) -> dict:
    return gql(client, document(operation_id), variables, user=user)


def test_every_storefront_page_query_answers_the_demo_catalogue(client):
    for step in (accounts_demo, stalls_demo, catalog_demo, content_demo):
        step.seed()
    product = Product.objects.filter(slug__startswith="keo-dua").order_by("pk").first()
    shopper = User.objects.get(email="shopper@demo.vn")
    failures = {}
    for operation_id, variables in _variables(product).items():
        body = _run(client, operation_id, variables)
        data = body.get("data") or {}
        if body.get("errors") or not data or None in data.values():
            failures[operation_id] = json.dumps(body, ensure_ascii=False)[:400]
    for operation_id in SIGNED_IN:
        body = _run(client, operation_id, {}, user=shopper)
        me = (body.get("data") or {}).get("me") or (body.get("data") or {}).get("user")
        if body.get("errors") or not me or me["email"] != "shopper@demo.vn":
            failures[operation_id] = json.dumps(body, ensure_ascii=False)[:400]
    assert not failures, "\n".join(f"{k}: {v}" for k, v in failures.items())
