"""Shop pages: accent-insensitive search with VND prices, and the product page stamps link to."""

import pytest

from backend.catalog import actions
from backend.catalog.models import Category, Channel
from backend.stalls.models import StallStatus
from tests.factories import make_stall

pytestmark = pytest.mark.django_db


def _product(stall, name, price, published=True):
    product = actions.product_create(stall=stall, category=Category.objects.first(), name=name)
    variant = actions.variant_create(product=product, sku=f"SKU-{product.pk}", name="Hộp 500 g")
    actions.variant_channel_listing_update(
        variant=variant, channel=Channel.objects.get(slug="vn"), price_amount=price, is_published=published
    )
    return product


def test_search_without_accents_finds_vietnamese_names_with_vnd_prices(client):
    stall = make_stall()
    _product(stall, "Kẹo dừa sáp", 120000)
    _product(stall, "Vải thiều Lục Ngạn", 85000)
    body = client.get("/", {"q": "keo dua"}).content.decode()
    assert "Kẹo dừa sáp" in body and "120.000\u00a0₫" in body
    assert "Vải thiều" not in body


def test_unpublished_and_unapproved_products_stay_hidden(client):
    _product(make_stall(), "Kẹo dừa nháp", 1000, published=False)
    _product(make_stall(status=StallStatus.PENDING), "Kẹo dừa chờ duyệt", 1000)
    body = client.get("/", {"q": "keo dua"}).content.decode()
    assert "nháp" not in body and "chờ duyệt" not in body


def test_product_page_shows_variants_and_prices(client):
    product = _product(make_stall(), "Bưởi da xanh", 65000)
    response = client.get(f"/products/{product.slug}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Bưởi da xanh" in body and "Hộp 500 g" in body and "65.000\u00a0₫" in body


def test_unknown_or_hidden_product_is_404(client):
    hidden = _product(make_stall(), "Ẩn", 1000, published=False)
    assert client.get("/products/khong-co/").status_code == 404
    assert client.get(f"/products/{hidden.slug}/").status_code == 404


def test_sort_by_price_descending(client):
    stall = make_stall()
    _product(stall, "Mật ong rẻ", 50000)
    _product(stall, "Mật ong đắt", 250000)
    body = client.get("/", {"q": "mat ong", "sort": "price-desc"}).content.decode()
    assert body.index("Mật ong đắt") < body.index("Mật ong rẻ")
