"""Products through the dashboard forms: create, edit, list with prices and stock, search, delete."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backend.catalog.models import Product
from backend.stalls.models import OcopCertificate
from tests.backend.dashboard.catalog.conftest import make_product
from tests.factories import make_stall, make_user

pytestmark = pytest.mark.django_db


def _product_data(category, **overrides):
    data = {
        "name": "Kẹo dừa sáp",
        "category": category.pk,
        "description": "<p>Nấu <strong>thủ công</strong></p><script>alert(1)</script>",
        "packaging": "Hộp giấy",
        "ocop_certificate": "",
        "origin_province_code": "86",
        "origin_commune_code": "28777",
    }
    return {**data, **overrides}


def test_a_member_creates_a_product_through_the_form(member_client, stall, category):
    url = reverse("dashboard:catalog:product_new", args=[stall.pk])
    response = member_client.post(url, _product_data(category))
    product = Product.objects.get(stall=stall)
    assert response["Location"] == reverse("dashboard:catalog:product_edit", args=[stall.pk, product.pk])
    assert product.name == "Kẹo dừa sáp"
    assert product.attributes == {"packaging": "Hộp giấy"}
    assert product.origin_commune_code == 28777
    assert "<script>" not in product.description


def test_a_commune_outside_the_province_is_refused_in_vietnamese(member_client, stall, category):
    url = reverse("dashboard:catalog:product_new", args=[stall.pk])
    # 7582 is in Bắc Ninh (24), not Vĩnh Long (86).
    response = member_client.post(url, _product_data(category, origin_commune_code="7582"))
    assert response.status_code == 400
    errors = response.context["form"].errors["origin_commune_code"]
    assert errors == ["Hãy chọn một lựa chọn hợp lệ. 7582 không phải là một trong các lựa chọn khả thi."]
    assert not Product.objects.exists()


def test_the_commune_picker_lists_the_chosen_provinces_communes(member_client, category, stall):
    response = member_client.get(reverse("dashboard:catalog:communes"), {"province": "86"})
    names = [c["name"] for c in response.json()["communes"]]
    assert "Phường An Hội" in names
    assert len(names) > 50


def test_a_member_edits_a_product(member_client, stall, category):
    product = make_product(stall)
    certificate = OcopCertificate.objects.create(
        stall=stall,
        stars=4,
        group=1,
        decision_number="12/QĐ",
        decision_date="2025-03-01",
        issuing_authority="UBND",
    )
    url = reverse("dashboard:catalog:product_edit", args=[stall.pk, product.pk])
    data = _product_data(category, name="Kẹo dừa lá dứa", ocop_certificate=certificate.pk, packaging="")
    assert member_client.post(url, data).status_code == 302
    product.refresh_from_db()
    assert product.name == "Kẹo dừa lá dứa"
    assert product.ocop_certificate == certificate
    assert product.attributes == {}


def test_another_stalls_certificate_cannot_be_attached(member_client, stall, other_stall, category):
    product = make_product(stall)
    theirs = OcopCertificate.objects.create(
        stall=other_stall,
        stars=5,
        group=1,
        decision_number="9/QĐ",
        decision_date="2025-03-01",
        issuing_authority="UBND",
    )
    url = reverse("dashboard:catalog:product_edit", args=[stall.pk, product.pk])
    response = member_client.post(url, _product_data(category, ocop_certificate=theirs.pk))
    assert response.status_code == 400
    product.refresh_from_db()
    assert product.ocop_certificate is None


def test_the_list_shows_each_variants_price_and_stock(member_client, stall, warehouse):
    make_product(stall, name="Kẹo dừa sáp", price=45000, quantity=120, warehouse=warehouse)
    body = member_client.get(reverse("dashboard:catalog:product_list", args=[stall.pk])).content.decode()
    assert "Kẹo dừa sáp" in body
    assert "45.000\xa0₫" in body
    assert "120" in body


def test_the_list_formats_prices_in_english_after_switching(member_client, stall, warehouse):
    make_product(stall, price=45000, quantity=3, warehouse=warehouse)
    member_client.cookies["django_language"] = "en"
    body = member_client.get(reverse("dashboard:catalog:product_list", args=[stall.pk])).content.decode()
    assert "₫45,000" in body
    assert "In stock" in body
    assert "Còn hàng" not in body


def test_the_list_is_in_vietnamese_by_default(member_client, stall):
    body = member_client.get(reverse("dashboard:catalog:product_list", args=[stall.pk])).content.decode()
    assert "Thêm sản phẩm" in body
    assert "Chưa có sản phẩm nào." in body


def test_search_ignores_vietnamese_accents(member_client, stall):
    make_product(stall, name="Kẹo dừa sáp", sku="A")
    make_product(stall, name="Bánh tráng", sku="B")
    url = reverse("dashboard:catalog:product_list", args=[stall.pk])
    # The stall's own name has "Kẹo dừa" in it, so the query needs a word only the product has.
    body = member_client.get(url, {"q": "dua sap"}).content.decode()
    assert "Kẹo dừa sáp" in body
    assert "Bánh tráng" not in body


def test_the_list_never_shows_another_stalls_products(member_client, stall):
    make_product(make_stall(make_user()), name="Vải thiều Lục Ngạn", sku="V1")
    body = member_client.get(reverse("dashboard:catalog:product_list", args=[stall.pk])).content.decode()
    assert "Vải thiều" not in body


def _list_queries(client, stall) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("dashboard:catalog:product_list", args=[stall.pk])).status_code == 200
    return len(queries)


def test_the_list_query_count_does_not_grow_with_products(member_client, stall, warehouse):
    make_product(stall, name="Sản phẩm đầu", sku="S-first", price=1000, quantity=1, warehouse=warehouse)
    few = _list_queries(member_client, stall)
    for n in range(12):
        make_product(
            stall, name=f"Sản phẩm {n}", sku=f"S{n}", price=1000 + n, quantity=n, warehouse=warehouse
        )
    assert _list_queries(member_client, stall) == few


def test_a_member_deletes_a_product(member_client, stall):
    product = make_product(stall)
    response = member_client.post(reverse("dashboard:catalog:product_delete", args=[stall.pk, product.pk]))
    assert response.status_code == 302
    assert not Product.objects.filter(pk=product.pk).exists()
