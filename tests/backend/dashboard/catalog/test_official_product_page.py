"""The product page for an official of the stall's province: readable, nothing to submit, 403 on POST."""

import pytest
from django.urls import reverse

from backend.catalog.actions import product_media_create
from tests.backend.catalog.factories import image_upload
from tests.backend.dashboard.catalog.conftest import make_product
from tests.factories import make_official

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(stall):
    product = make_product(stall, name="Kẹo dừa lá dứa", sku="KD-LD-500", price=45000)
    product_media_create(product=product, upload=image_upload("PNG"), alt="Hộp kẹo")
    return product


def _write_urls(stall, product):
    variant, media = product.variants.get(), product.media.get()
    return [
        reverse("dashboard:catalog:product_delete", args=[stall.pk, product.pk]),
        reverse("dashboard:catalog:variant_new", args=[stall.pk, product.pk]),
        reverse("dashboard:catalog:media_new", args=[stall.pk, product.pk]),
        reverse("dashboard:catalog:media_delete", args=[stall.pk, product.pk, media.pk]),
        reverse("dashboard:catalog:variant_edit", args=[stall.pk, product.pk, variant.pk]),
    ]


def test_an_official_of_the_province_reads_the_product_page(client, stall, product):
    client.force_login(make_official([stall.province_code]))
    response = client.get(reverse("dashboard:catalog:product_edit", args=[stall.pk, product.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kẹo dừa lá dứa" in body and "KD-LD-500" in body and "45.000" in body
    assert 'alt="Hộp kẹo"' in body
    assert "<fieldset disabled>" in body
    assert 'method="post" action="{}"'.format(response.request["PATH_INFO"]) not in body
    for url in _write_urls(stall, product):
        assert url not in body, url
    for label in ("Lưu sản phẩm", "Thêm phân loại", "Tải ảnh lên", "Xoá sản phẩm"):
        assert label not in body, label


def test_the_official_page_is_read_only_in_english_too(client, stall, product):
    client.force_login(make_official([stall.province_code]))
    url = reverse("dashboard:catalog:product_edit", args=[stall.pk, product.pk])
    body = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for label in ("Save product", "Add variant", "Upload photo", "Delete product"):
        assert label not in body, label


def test_the_member_still_gets_every_form(member_client, stall, product):
    url = reverse("dashboard:catalog:product_edit", args=[stall.pk, product.pk])
    body = member_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<fieldset disabled>" not in body
    for label in ("Save product", "Add variant", "Upload photo", "Delete product"):
        assert label in body, label
    for write_url in _write_urls(stall, product):
        assert write_url in body, write_url


def test_an_official_posting_to_the_product_page_gets_403_and_nothing_changes(client, stall, product):
    client.force_login(make_official([stall.province_code]))
    url = reverse("dashboard:catalog:product_edit", args=[stall.pk, product.pk])
    response = client.post(url, {"name": "Official edit", "category": product.category_id})
    assert response.status_code == 403
    product.refresh_from_db()
    assert product.name == "Kẹo dừa lá dứa"


def test_an_official_of_another_province_gets_404(client, stall, product):
    client.force_login(make_official([1]))
    url = reverse("dashboard:catalog:product_edit", args=[stall.pk, product.pk])
    assert client.get(url).status_code == 404


def test_a_product_of_another_stall_is_404_for_the_official(client, stall, other_stall):
    theirs = make_product(other_stall, sku="THEIRS")
    client.force_login(make_official([stall.province_code, other_stall.province_code]))
    url = reverse("dashboard:catalog:product_edit", args=[stall.pk, theirs.pk])
    assert client.get(url).status_code == 404
