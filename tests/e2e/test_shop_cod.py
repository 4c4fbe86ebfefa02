"""A new buyer on a phone finds coconut candy by typing "keo dua", adds lychee from another stall, pays
on delivery and sees two orders; each cooperative's dashboard shows only its own."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from backend.orders.models import OrderGroup
from tests.e2e.conftest import sign_in
from tests.e2e.shop_builders import (
    BUYER_PASSWORD,
    add_to_cart,
    build_shop,
    check,
    fill_checkout,
    search_and_open,
    sign_up_and_confirm,
)
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_two_stalls_cash_on_delivery_make_two_orders_each_coop_sees_its_own(page, live_server):
    shop = build_shop()
    base = live_server.url

    page.goto(base + "/")
    check(page, "cod-01-home")
    sign_up_and_confirm(page, base, email="lan@example.vn", full_name="Phạm Thị Lan")
    sign_in(page, base, "lan@example.vn", BUYER_PASSWORD)

    search_and_open(page, base, "keo dua", "Kẹo dừa sáp lá dứa", shot="cod-02-search")
    check(page, "cod-03-product")
    add_to_cart(page, 2)
    search_and_open(page, base, "vai thieu", "Vải thiều sấy khô")
    add_to_cart(page, 1)
    assert page.url == f"{base}/cart/"
    expect(page.locator("#cart-form [data-stall]")).to_have_count(2)
    expect(page.locator("#cart-subtotal")).to_have_text("320.000 ₫")  # 2 × 85.000 + 150.000
    check(page, "cod-04-cart")

    page.click("#cart-checkout")
    page.wait_for_url(f"{base}/checkout/")
    # A signed-in buyer's email is filled in for them.
    expect(page.locator("#id_email")).to_have_value("lan@example.vn")
    expect(page.locator("#checkout-delivery")).to_contain_text("2–4 ngày")
    fill_checkout(page, payment="cod")
    check(page, "cod-05-checkout")
    with page.expect_navigation():
        page.click("#place-order")

    group = OrderGroup.objects.get()
    assert group.user.email == "lan@example.vn"
    assert "/orders/" in page.url
    orders = page.locator("section.stall-order[data-order]")
    expect(orders).to_have_count(2)
    expect(page.locator("#group-number")).to_have_text(group.number)
    # 320.000 ₫ of goods and 30.000 ₫ of delivery per stall.
    expect(page.locator("#group-total")).to_have_text("380.000 ₫")
    candy_order = group.orders.get(stall=shop.candy.stall)
    lychee_order = group.orders.get(stall=shop.lychee.stall)
    expect(page.locator(f"[data-order='{candy_order.number}']")).to_contain_text("2 × Kẹo dừa sáp lá dứa")
    expect(page.locator(f"[data-order='{lychee_order.number}']")).to_contain_text("1 × Vải thiều sấy khô")
    check(page, "cod-06-confirmation")

    for mine, theirs in ((shop.candy, shop.lychee), (shop.lychee, shop.candy)):
        context = page.context.browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
        coop = context.new_page()
        sign_in(coop, base, mine.owner.email, PASSWORD)
        coop.goto(base + reverse("dashboard:orders:list", args=[mine.stall.pk]))
        rows = coop.locator("table.orders tbody tr")
        expect(rows).to_have_count(1)
        expect(rows).to_contain_text(group.orders.get(stall=mine.stall).number)
        expect(rows).not_to_contain_text(group.orders.get(stall=theirs.stall).number)
        check(coop, f"cod-07-dashboard-{mine.stall.slug}")
        # The other cooperative's orders are not theirs to open.
        response = coop.goto(base + reverse("dashboard:orders:list", args=[theirs.stall.pk]))
        assert response.status in (403, 404)
        context.close()
