"""productChannelListingRemove: a variant leaves a channel, and the product leaves that channel's search."""

import graphene
import pytest
from django.conf import settings

from backend.catalog import actions
from backend.catalog.models import Channel, VariantChannelListing
from tests.backend.catalog.factories import make_product
from tests.factories import make_official, make_stall, make_user
from tests.graphql_client import gql

pytestmark = pytest.mark.django_db

REMOVE = """
mutation($v: ID!, $channels: [String!]!) {
  productChannelListingRemove(variantId: $v, channels: $channels) {
    productVariant { sku channelListings { channel { slug } } }
    errors { field code message }
  }
}"""
PRODUCTS = """
query($channel: String) {
  products(first: 10, channel: $channel) { totalCount edges { node { name } } }
}"""
UPDATE = """
mutation($v: ID!, $input: ProductChannelListingInput!) {
  productChannelListingUpdate(variantId: $v, input: $input) { errors { field code } }
}"""


def _gid(variant) -> str:
    return graphene.Node.to_global_id("ProductVariant", variant.pk)


def _names(client, channel: str) -> list[str]:
    data = gql(client, PRODUCTS, {"channel": channel})["data"]["products"]
    return [edge["node"]["name"] for edge in data["edges"]]


def _slugs(variant) -> set[str]:
    return set(VariantChannelListing.objects.filter(variant=variant).values_list("channel__slug", flat=True))


@pytest.fixture
def owner(db):
    return make_user("owner@example.vn")


@pytest.fixture
def stall(owner):
    return make_stall(owner, name="HTX Kẹo dừa")


@pytest.fixture
def variant(stall):
    """One variant priced in `vn` and in `export`."""
    variant = make_product(stall, "Kẹo dừa sáp").variants.get()
    actions.variant_channel_listing_update(
        variant=variant, channel=Channel.objects.get(slug="export"), price_amount="4.50"
    )
    return variant


def test_removing_the_only_listing_takes_the_product_out_of_that_channels_search(client, owner, variant):
    assert _names(client, "vn") == ["Kẹo dừa sáp"]
    result = gql(client, REMOVE, {"v": _gid(variant), "channels": ["vn"]}, user=owner)
    payload = result["data"]["productChannelListingRemove"]
    assert payload["errors"] == []
    assert payload["productVariant"]["channelListings"] == [{"channel": {"slug": "export"}}]
    assert _names(client, "vn") == []
    assert _names(client, "export") == ["Kẹo dừa sáp"]


def test_the_product_stays_in_search_while_another_variant_is_published_there(client, owner, stall, variant):
    other = actions.variant_create(product=variant.product, sku="KD-1KG", name="Túi 1 kg")
    actions.variant_channel_listing_update(
        variant=other, channel=Channel.objects.get(slug="vn"), price_amount=150000
    )
    gql(client, REMOVE, {"v": _gid(variant), "channels": ["vn"]}, user=owner)
    assert _names(client, "vn") == ["Kẹo dừa sáp"]


def test_an_unpublished_variant_left_behind_does_not_keep_the_product_visible(client, owner, stall, variant):
    other = actions.variant_create(product=variant.product, sku="KD-1KG", name="Túi 1 kg")
    actions.variant_channel_listing_update(
        variant=other, channel=Channel.objects.get(slug="vn"), price_amount=150000, is_published=False
    )
    gql(client, REMOVE, {"v": _gid(variant), "channels": ["vn"]}, user=owner)
    assert _names(client, "vn") == []


def test_several_channels_are_removed_at_once(client, owner, variant):
    result = gql(client, REMOVE, {"v": _gid(variant), "channels": ["vn", "export", "vn"]}, user=owner)
    assert result["data"]["productChannelListingRemove"]["errors"] == []
    assert _slugs(variant) == set()


def test_a_channel_without_a_listing_is_not_an_error(client, owner, stall):
    variant = make_product(stall, "Bánh tráng", price=None).variants.get()
    result = gql(client, REMOVE, {"v": _gid(variant), "channels": ["vn"]}, user=owner)
    assert result["data"]["productChannelListingRemove"]["errors"] == []


@pytest.mark.parametrize("slug", ["nowhere", ""])
def test_an_unknown_channel_removes_nothing(client, owner, variant, slug):
    result = gql(client, REMOVE, {"v": _gid(variant), "channels": ["vn", slug]}, user=owner)
    errors = result["data"]["productChannelListingRemove"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("channels", "CHANNEL_NOT_FOUND")]
    assert _slugs(variant) == {"vn", "export"}


def test_more_than_the_cap_of_channels_is_refused_before_any_work(client, owner, variant):
    channels = ["vn"] * (settings.GRAPHQL_INPUT_LIST_MAX + 1)
    result = gql(client, REMOVE, {"v": _gid(variant), "channels": channels}, user=owner)
    assert result["errors"][0]["extensions"]["code"] == "INPUT_TOO_LARGE"
    assert _slugs(variant) == {"vn", "export"}


def test_a_member_of_another_stall_gets_not_found(client, variant):
    intruder = make_user("intruder@example.vn")
    make_stall(intruder, name="HTX Khác", province_code=24, commune_code=7582)
    result = gql(client, REMOVE, {"v": _gid(variant), "channels": ["vn"]}, user=intruder)
    errors = result["data"]["productChannelListingRemove"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("variantId", "NOT_FOUND")]
    assert _slugs(variant) == {"vn", "export"}


@pytest.mark.parametrize("caller", ["anonymous", "official"])
def test_anonymous_callers_and_officials_are_refused(client, stall, variant, caller):
    user = make_official([stall.province_code]) if caller == "official" else None
    result = gql(client, REMOVE, {"v": _gid(variant), "channels": ["vn"]}, user=user)
    assert result["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    assert _slugs(variant) == {"vn", "export"}


def test_an_empty_price_in_the_update_mutation_is_still_refused_not_a_removal(client, owner, variant):
    # Existing behaviour: the update mutation never removes; its price stays required.
    result = gql(client, UPDATE, {"v": _gid(variant), "input": {"channel": "vn"}}, user=owner)
    assert "errors" in result
    assert _slugs(variant) == {"vn", "export"}
