"""The same purchase again in English: the header's switch turns the shop English for the rest of the
visit, sign-up to review, and a product page's switch keeps the buyer on that product."""

import pytest
from playwright.sync_api import expect

from backend.accounts.models import User
from backend.reviews.models import Review
from tests.e2e.shop_builders import ENGLISH, build_shop, check, journey

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_english_switch_carries_the_whole_purchase(page, live_server):
    shop = build_shop()
    base = live_server.url
    page.goto(f"{base}/products/{shop.candy.product.slug}/")
    expect(page.locator("form.add-to-cart button[type=submit]")).to_have_text("Thêm vào giỏ")
    with page.expect_navigation():
        page.click("form.lang button[value=en]")
    # The switch keeps the buyer on the page they were reading, now in English.
    assert page.url == f"{base}/products/{shop.candy.product.slug}/"
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("form.add-to-cart button[type=submit]")).to_have_text("Add to cart")
    page.goto(base + "/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    check(page, "en-home")

    journey(page, base, words=ENGLISH, email="jane@example.com", name="Jane Nguyen", prefix="en")

    assert User.objects.get(email="jane@example.com").language == "en"
    assert Review.objects.get().product == shop.candy.product
    # Back to Vietnamese from the same switch.
    with page.expect_navigation():
        page.click("form.lang button[value=vi]")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
