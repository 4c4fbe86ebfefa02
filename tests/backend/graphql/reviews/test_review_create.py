"""reviewCreate: a verified buyer reviews once; everyone else gets ReviewErrorCode data, never a 500."""

import graphene
import pytest

from backend.reviews.models import Review
from tests.backend.checkout.builders import make_variant
from tests.backend.reviews.builders import delivered_product, purchase, seller
from tests.factories import make_user
from tests.graphql_client import gql

pytestmark = pytest.mark.django_db

REVIEW_CREATE = """
mutation($input: ReviewCreateInput!) {
  reviewCreate(input: $input) {
    review { id rating text reviewerName verifiedPurchase productSlug status reply { text } }
    errors { field code message }
  }
}"""


def _create(client, user, product, rating=5, text="Ngon"):
    product_id = graphene.Node.to_global_id("Product", product.pk) if hasattr(product, "pk") else product
    answer = gql(
        client,
        REVIEW_CREATE,
        {"input": {"product": product_id, "rating": rating, "text": text}},
        user=user,
    )
    payload = (answer.get("data") or {}).get("reviewCreate")
    return payload if payload is not None else answer


def test_a_buyer_of_a_delivered_order_reviews_and_the_payload_hides_the_email(client):
    buyer = make_user("mai@example.vn", full_name="Nguyễn Thị Mai")
    product = delivered_product(buyer)
    payload = _create(client, buyer, product, 4, "<b>Thơm</b> ngon")
    assert payload["errors"] == []
    assert payload["review"] == {
        "id": graphene.Node.to_global_id("Review", Review.objects.get().pk),
        "rating": 4,
        "text": "Thơm ngon",
        "reviewerName": "Mai N.",
        "verifiedPurchase": True,
        "productSlug": product.slug,
        "status": "VISIBLE",
        "reply": None,
    }
    assert "mai@example.vn" not in str(payload)


def test_codes_for_each_refusal(client):
    buyer = make_user()
    product = delivered_product(buyer)
    assert _create(client, buyer, product, 6)["errors"] == [
        {"field": "rating", "code": "INVALID_RATING", "message": "Give between 1 and 5 stars."}
    ]
    assert _create(client, buyer, product)["errors"] == []
    assert [e["code"] for e in _create(client, buyer, product)["errors"]] == ["ALREADY_REVIEWED"]
    # On sale but never received by this user.
    stranger = make_user()
    assert [(e["field"], e["code"]) for e in _create(client, stranger, product)["errors"]] == [
        ("product", "NOT_ELIGIBLE")
    ]
    not_delivered = purchase(stranger, delivered=False).lines.get().variant.product
    assert [e["code"] for e in _create(client, stranger, not_delivered)["errors"]] == ["NOT_ELIGIBLE"]
    assert Review.objects.count() == 1


def test_an_unpublished_product_or_a_bad_id_looks_missing(client):
    stall, _ = seller()
    variant = make_variant(stall)
    variant.listings.update(is_published=False)
    user = make_user()
    for product in (variant.product, "not-an-id", graphene.Node.to_global_id("Stall", stall.pk)):
        errors = _create(client, user, product)["errors"]
        assert [(e["field"], e["code"]) for e in errors] == [("product", "NOT_FOUND")]


def test_an_anonymous_caller_is_refused_at_the_top(client):
    product = delivered_product(make_user())
    answer = _create(client, None, product)
    assert answer["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    assert not Review.objects.exists()
