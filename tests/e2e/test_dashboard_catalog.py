"""A cooperative owner signs in, creates a product with a variant and a price, and finds it listed."""

import pytest
from django.urls import reverse

from backend.catalog.models import Category, Product
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD, make_stall, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_owner_creates_a_priced_product_and_sees_it_in_the_list(page, live_server):
    category = Category.objects.get(slug="banh-keo")
    owner = make_user("coop-e2e@example.vn", full_name="Trần Văn Dừa")
    stall = make_stall(owner, name="HTX Kẹo dừa Trình duyệt")

    sign_in(page, live_server.url, owner.email, PASSWORD)
    page.goto(live_server.url + reverse("dashboard:catalog:product_new", args=[stall.pk]))
    page.fill("input[name=name]", "Kẹo dừa sáp lá dứa")
    page.select_option("select[name=category]", str(category.pk))
    page.fill("textarea[name=description]", "Nấu thủ công từ nước cốt dừa.")
    # Choosing the province refills the commune list (dashboard.js asks the communes endpoint).
    page.select_option("select[name=origin_province_code]", "86")
    page.wait_for_selector("select[name=origin_commune_code] option[value='28777']", state="attached")
    page.select_option("select[name=origin_commune_code]", "28777")
    with page.expect_navigation():
        page.click("button:has-text('Tạo sản phẩm')")

    product = Product.objects.get(stall=stall)
    assert (product.origin_province_code, product.origin_commune_code) == (86, 28777)
    assert page.url.endswith(reverse("dashboard:catalog:product_edit", args=[stall.pk, product.pk]))
    page.fill("input[name=variant-sku]", "KD-LD-500")
    page.fill("input[name=variant-name]", "Hộp 500 g")
    with page.expect_navigation():
        page.click("button:has-text('Thêm phân loại')")

    page.fill("input[name=price_vn]", "85000")
    with page.expect_navigation():
        page.click("button:has-text('Lưu giá')")
    assert "Đã lưu giá." in page.content()

    page.click("nav.tabs >> text=Sản phẩm")
    page.wait_for_url("**" + reverse("dashboard:catalog:product_list", args=[stall.pk]))
    row = page.locator("table.products tbody tr", has_text="Kẹo dừa sáp lá dứa")
    assert row.count() == 1
    assert "85.000" in row.inner_text()
    assert "KD-LD-500" in row.inner_text()

    # The accent-free search box finds it too.
    page.fill("input[name=q]", "keo dua la dua")
    with page.expect_navigation():
        page.press("input[name=q]", "Enter")
    assert page.locator("table.products tbody tr", has_text="Kẹo dừa sáp lá dứa").count() == 1
