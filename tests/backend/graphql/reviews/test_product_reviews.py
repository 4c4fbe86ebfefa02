"""productReviews and Product.rating: visible reviews only, newest first, one query for a page's ratings."""

import graphene
import pytest

from backend.reviews import actions
from tests.backend.checkout.builders import make_variant
from tests.backend.reviews.builders import purchase, seller
from tests.factories import make_user
from tests.graphql_client import gql

pytestmark = pytest.mark.django_db

PRODUCT_REVIEWS = """
query($product: ID!) {
  productReviews(product: $product, first: 10) {
    totalCount
    edges { node { rating text reviewerName verifiedPurchase reply { text } } }
  }
}"""
RATINGS = (
    "query($first: Int!) { products(first: $first) "
    "{ edges { node { slug ratingSummary { average count } rating } } } }"
)


def _review(variant, rating, name="Lê Thị Hoa", text=""):
    buyer = make_user(full_name=name)
    purchase(buyer, variant=variant)
    return actions.review_create(user=buyer, product=variant.product, rating=rating, text=text)


def test_visible_reviews_newest_first_with_the_stall_reply(client):
    stall, owner = seller()
    variant = make_variant(stall)
    first = _review(variant, 2, text="Hơi ngọt")
    _review(variant, 5, name="Phạm Minh", text="Tuyệt")
    hidden = _review(variant, 1, text="Spam")
    actions.review_reply(review=first, user=owner, text="Cảm ơn góp ý")
    actions.review_hide(review=hidden, user=make_user(is_staff=True), reason="Quảng cáo")
    answer = gql(
        client, PRODUCT_REVIEWS, {"product": graphene.Node.to_global_id("Product", variant.product.pk)}
    )
    reviews = answer["data"]["productReviews"]
    assert reviews["totalCount"] == 2
    assert [e["node"] for e in reviews["edges"]] == [
        {"rating": 5, "text": "Tuyệt", "reviewerName": "Minh P.", "verifiedPurchase": True, "reply": None},
        {
            "rating": 2,
            "text": "Hơi ngọt",
            "reviewerName": "Hoa L.",
            "verifiedPurchase": True,
            "reply": {"text": "Cảm ơn góp ý"},
        },
    ]


def test_a_product_not_on_sale_has_no_reviews_to_show(client):
    stall, _ = seller()
    variant = make_variant(stall)
    _review(variant, 4)
    variant.listings.update(is_published=False)
    product_id = graphene.Node.to_global_id("Product", variant.product.pk)
    assert gql(client, PRODUCT_REVIEWS, {"product": product_id})["data"]["productReviews"] is None
    assert gql(client, PRODUCT_REVIEWS, {"product": "bad"})["data"]["productReviews"] is None


def test_product_rating_costs_one_query_for_the_whole_page(client, django_assert_max_num_queries):
    stall, _ = seller()
    variants = [make_variant(stall) for _ in range(4)]
    _review(variants[0], 5)
    _review(variants[0], 4)
    _review(variants[1], 3)
    with django_assert_max_num_queries(20) as small:
        gql(client, RATINGS, {"first": 1})
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        answer = gql(client, RATINGS, {"first": 4})
    ratings = {e["node"]["slug"]: e["node"]["ratingSummary"] for e in answer["data"]["products"]["edges"]}
    averages = {e["node"]["slug"]: e["node"]["rating"] for e in answer["data"]["products"]["edges"]}
    assert averages[variants[0].product.slug] == 4.5 and averages[variants[2].product.slug] is None
    assert ratings[variants[0].product.slug] == {"average": 4.5, "count": 2}
    assert ratings[variants[1].product.slug] == {"average": 3.0, "count": 1}
    assert ratings[variants[2].product.slug] == {"average": None, "count": 0}
    assert len(large.captured_queries) == len(small.captured_queries)
