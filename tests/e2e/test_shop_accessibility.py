"""axe-core finds no serious or critical violation on each page the issue lists, at phone size:
home, search, product, cart, checkout, confirmation, order tracking, and a genuine and a forged
stamp's scan pages."""

import pytest
from playwright.sync_api import expect

from backend.orders.models import OrderGroup
from tests.e2e.shop_builders import add_to_cart, build_shop, check, deliver, fill_checkout, search_and_open
from tests.traceability.builders import issue_stamps, make_lot, make_variant
from traceability import signing

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

GTIN = "08931234567897"


def test_the_shop_pages_have_no_serious_or_critical_axe_violation(page, live_server):
    build_shop()
    base = live_server.url
    page.goto(base + "/")
    check(page, "axe-home")
    search_and_open(page, base, "keo dua", "Kẹo dừa sáp lá dứa", shot="axe-search")
    check(page, "axe-product")
    add_to_cart(page, 1)
    check(page, "axe-cart")
    page.click("#cart-checkout")
    page.wait_for_url(f"{base}/checkout/")
    check(page, "axe-checkout")
    # A refused checkout (nothing filled in) shows its errors accessibly too.
    with page.expect_navigation():
        page.click("#place-order")
    expect(page.locator("#checkout-form .errorlist").first).to_be_visible()
    check(page, "axe-checkout-errors")
    fill_checkout(page, payment="cod", email="an@example.vn")
    with page.expect_navigation():
        page.click("#place-order")
    expect(page.locator("section.stall-order[data-order]")).to_have_count(1)
    check(page, "axe-confirmation")

    # Order tracking: the guest's link, once the stall has shipped and delivered.
    tracking_url = page.url
    deliver(OrderGroup.objects.get())
    page.goto(tracking_url)
    expect(page.locator(".tracking")).to_be_visible()
    check(page, "axe-tracking")


def test_genuine_and_forged_scan_pages_have_no_serious_or_critical_axe_violation(page, live_server):
    stamp = issue_stamps(make_lot(make_variant(gtin=GTIN), code="LOT2406"), 1, with_pin=True).stamps.get()
    url = signing.stamp_url_build(
        gtin=GTIN,
        lot_code="LOT2406",
        serial=stamp.serial,
        signature=stamp.signature,
        base_url=live_server.url,
    )
    page.goto(url)
    expect(page.locator(".verdict h1")).to_have_text("Chính hãng")
    check(page, "axe-scan-genuine")
    page.goto(url.replace(f"s={stamp.signature}", "s=AAAAAAAAAAAAAAAA"))
    expect(page.locator(".verdict h1")).to_have_text("Không xác thực được")
    check(page, "axe-scan-forged")
