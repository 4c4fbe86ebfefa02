"""The dashboard product list's category and stock filters, next to the accent-insensitive search."""

import pytest
from django.urls import reverse

from backend.catalog.actions import stocks_update
from backend.catalog.models import Category
from tests.backend.dashboard.catalog.conftest import make_product
from tests.factories import make_official

pytestmark = pytest.mark.django_db


def _list(client, stall, **params):
    response = client.get(reverse("dashboard:catalog:product_list", args=[stall.pk]), params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_parent_category_also_lists_products_of_its_children(member_client, stall):
    make_product(stall, name="Kẹo dừa sáp", sku="A", category=Category.objects.get(slug="banh-keo"))
    make_product(stall, name="Vải thiều sấy", sku="B", category=Category.objects.get(slug="vai-nhan"))
    parent = Category.objects.get(slug="dac-san-che-bien")
    body = _list(member_client, stall, category=parent.pk)
    assert "Kẹo dừa sáp" in body
    assert "Vải thiều sấy" not in body


def test_a_child_category_lists_only_its_own_products(member_client, stall):
    make_product(stall, name="Kẹo dừa sáp", sku="A", category=Category.objects.get(slug="banh-keo"))
    make_product(stall, name="Mật ong rừng", sku="B", category=Category.objects.get(slug="mat-ong"))
    body = _list(member_client, stall, category=Category.objects.get(slug="mat-ong").pk)
    assert "Mật ong rừng" in body
    assert "Kẹo dừa sáp" not in body


def test_the_stock_filter_splits_products_with_and_without_available_units(member_client, stall, warehouse):
    make_product(stall, name="Kẹo dừa sáp", sku="A", quantity=5, warehouse=warehouse)
    make_product(stall, name="Bánh tráng", sku="B", quantity=0, warehouse=warehouse)
    make_product(stall, name="Bánh pía", sku="C")  # no stock row at all
    in_stock = _list(member_client, stall, stock="in")
    assert "Kẹo dừa sáp" in in_stock
    assert "Bánh tráng" not in in_stock
    assert "Bánh pía" not in in_stock
    out = _list(member_client, stall, stock="out")
    assert "Kẹo dừa sáp" not in out
    assert "Bánh tráng" in out
    assert "Bánh pía" in out


def test_units_promised_to_orders_do_not_count_as_in_stock(member_client, stall, warehouse):
    product = make_product(stall, name="Kẹo dừa sáp", sku="A", quantity=3, warehouse=warehouse)
    stock = product.variants.get().stocks.get()
    stock.quantity_allocated = 3
    stock.save(update_fields=["quantity_allocated"])
    assert "Kẹo dừa sáp" not in _list(member_client, stall, stock="in")
    assert "Kẹo dừa sáp" in _list(member_client, stall, stock="out")


def test_an_unpublished_variant_still_counts_as_stock_on_the_dashboard(member_client, stall, warehouse):
    # No price in any channel: the marketplace cannot sell it, but the stall still holds it.
    make_product(stall, name="Kẹo dừa sáp", sku="A")
    product = stall.products.get()
    stocks_update(variant=product.variants.get(), stocks=[(warehouse, 2)])
    assert "Kẹo dừa sáp" in _list(member_client, stall, stock="in")


def test_search_category_and_stock_combine(member_client, stall, warehouse):
    banh_keo = Category.objects.get(slug="banh-keo")
    make_product(stall, name="Kẹo dừa sáp", sku="A", category=banh_keo, quantity=5, warehouse=warehouse)
    make_product(stall, name="Kẹo dừa lá dứa", sku="B", category=banh_keo, quantity=0, warehouse=warehouse)
    make_product(stall, name="Kẹo dừa mật ong", sku="C", category=Category.objects.get(slug="mat-ong"))
    body = _list(member_client, stall, q="keo dua", category=banh_keo.pk, stock="in")
    assert "Kẹo dừa sáp" in body
    assert "Kẹo dừa lá dứa" not in body
    assert "Kẹo dừa mật ong" not in body


def test_an_unknown_filter_value_is_ignored_not_an_error(member_client, stall):
    make_product(stall, name="Kẹo dừa sáp", sku="A")
    body = _list(member_client, stall, category="999999", stock="lots")
    assert "Kẹo dừa sáp" in body


def test_no_match_says_so_in_vietnamese(member_client, stall):
    make_product(stall, name="Kẹo dừa sáp", sku="A")
    body = _list(member_client, stall, stock="in")
    assert "Không có sản phẩm nào khớp với các bộ lọc này." in body


def test_the_filters_keep_their_choice_and_offer_the_category_tree(member_client, stall):
    mat_ong = Category.objects.get(slug="mat-ong")
    body = _list(member_client, stall, category=mat_ong.pk, stock="out")
    assert f'<option value="{mat_ong.pk}" selected>— Mật ong</option>' in body
    assert '<option value="out" selected>Hết hàng</option>' in body
    assert "Tất cả danh mục" in body


def test_the_pager_keeps_the_filters(member_client, stall, monkeypatch):
    monkeypatch.setattr("backend.dashboard.catalog.views.PAGE_SIZE", 1)
    make_product(stall, name="Kẹo dừa sáp", sku="A")
    make_product(stall, name="Kẹo dừa lá dứa", sku="B")
    body = _list(member_client, stall, q="keo", stock="out")
    assert "?q=keo&amp;stock=out&amp;page=2" in body


def test_an_official_filters_a_stall_in_their_province(client, stall, warehouse):
    make_product(stall, name="Kẹo dừa sáp", sku="A", quantity=5, warehouse=warehouse)
    make_product(stall, name="Bánh tráng", sku="B")
    client.force_login(make_official([stall.province_code]))
    body = _list(client, stall, stock="in")
    assert "Kẹo dừa sáp" in body
    assert "Bánh tráng" not in body
