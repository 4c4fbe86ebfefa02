"""A card checkout on a phone: placing the order goes to Stripe's hosted page (the local fake), paying
there comes back to the order page, which shows the payment confirmed by Stripe's signed webhook."""

import pytest
from playwright.sync_api import expect

from backend.payments.models import Payment
from tests.e2e.shop_builders import add_to_cart, build_shop, check, fill_checkout, search_and_open
from tests.e2e.support import screenshot
from tests.fakes.stripe_server import stripe_checkout_fake  # noqa: F401 - the fixture

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_card_checkout_through_the_hosted_page_ends_paid(page, live_server, stripe_checkout_fake):  # noqa: F811
    build_shop()
    base = live_server.url
    search_and_open(page, base, "keo dua", "Kẹo dừa sáp lá dứa")
    add_to_cart(page, 1)
    page.click("#cart-checkout")
    page.wait_for_url(f"{base}/checkout/")
    fill_checkout(page, payment="stripe", email="hoa@example.vn")
    with page.expect_navigation():
        page.click("#place-order")

    # The checkout form's 303 ended on the hosted page (CSP form-action names its origin).
    assert page.url.startswith(f"{stripe_checkout_fake.url}/c/pay/cs_test_"), page.url
    expect(page.locator("h1")).to_have_text("Pay 115000 VND")
    screenshot(page, "card-01-hosted-page")  # the fake's page, not ours: no axe there
    with page.expect_navigation():
        page.click("button[value=pay]")

    assert page.url.startswith(f"{base}/orders/"), page.url
    expect(page.locator("#payment")).to_have_attribute("data-status", "paid", timeout=20_000)
    expect(page.locator("#pay-card")).to_have_count(0)
    payment = Payment.objects.get()
    assert (payment.method, payment.status) == ("stripe", "paid")
    assert [d.status for d in stripe_checkout_fake.state.deliveries] == [200, 200]
    check(page, "card-02-paid")
