"""The whole purchase in Vietnamese, the site's default language, ending in a review: a new buyer on a
phone signs up, buys coconut candy and lychee from two stalls, pays on delivery, follows the orders
until both are delivered, and reviews the candy as a verified buyer."""

import pytest

from backend.reviews.models import Review
from tests.e2e.shop_builders import VIETNAMESE, build_shop, journey

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_new_buyer_reviews_the_candy_after_both_orders_are_delivered(page, live_server):
    shop = build_shop()
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "vi"

    journey(page, live_server.url, words=VIETNAMESE, email="lan@example.vn", name="Phạm Thị Lan", prefix="vi")

    review = Review.objects.get()
    assert (review.product, review.rating, review.user.email) == (shop.candy.product, 5, "lan@example.vn")
    # The lychee was delivered too, but not reviewed: its page still offers the form to this buyer.
    page.goto(f"{live_server.url}/products/{shop.lychee.product.slug}/")
    assert page.locator("#reviews a.button").count() == 1
