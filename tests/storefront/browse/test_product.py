"""Product page: gallery, variants priced in the channel, stock, OCOP certificate, origin, stall,
delivery estimate, reviews, add to cart, share links and its JSON-LD."""

import datetime
import json
import re
from html import unescape

import pytest
from django.utils import timezone

from backend.catalog import actions
from backend.catalog.models import Stock
from backend.stalls.models import CertificateStatus
from tests.backend.checkout.builders import make_shipping
from tests.factories import make_stall
from tests.storefront.browse.builders import certify, make_product, review, with_export_price, with_photo

pytestmark = pytest.mark.django_db


def _json_ld(body: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


@pytest.fixture
def product():
    stall = make_stall(province_code=86, name="HTX Dừa Bến Tre")
    product = make_product(
        stall, "Kẹo dừa sáp", price=120000, description="<p>Kẹo dừa <strong>thơm</strong> béo.</p>"
    )
    actions.product_update(product=product, origin_province_code=86, origin_commune_code=28777)
    return with_photo(product)


def test_shows_price_stock_origin_stall_and_photo(client, product):
    response = client.get(f"/products/{product.slug}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<h1") == 1 and "Kẹo dừa sáp" in body
    assert "120.000\u00a0₫" in body and "Còn hàng" in body
    assert "Vĩnh Long" in body and 'href="/stalls/' + product.stall.slug + '/"' in body
    img = re.search(r'<img src="/thumbnail/[^>]+>', body).group(0)
    assert 'srcset="' in img and " 512w" in img and 'width="512" height="384"' in img


def test_more_photos_load_lazily_after_the_first(client, product):
    with_photo(product)
    body = client.get(f"/products/{product.slug}/").content.decode()
    gallery = re.findall(r"<li><img [^>]+>", body)
    assert len(gallery) == 2
    assert "loading=" not in gallery[0] and 'loading="lazy"' in gallery[1]


def test_sold_out_variant_says_so_and_offers_no_cart_form(client, product):
    Stock.objects.filter(variant__product=product).update(quantity=0)
    body = client.get(f"/products/{product.slug}/").content.decode()
    assert "Hết hàng" in body and "add-to-cart" not in body


def test_add_to_cart_form_posts_variant_and_quantity(client, product):
    body = client.get(f"/products/{product.slug}/").content.decode()
    form = re.search(r'<form method="post" action="([^"]+)" class="add-to-cart">(.*?)</form>', body, re.S)
    assert form.group(1) == "/cart/add/"
    assert f'<option value="{product.variants.get().pk}">' in form.group(2)
    assert 'name="quantity"' in form.group(2) and "csrfmiddlewaretoken" in form.group(2)


def test_export_channel_prices_in_dollars(client, product):
    with_export_price(product, "12.5")
    body = client.get(f"/products/{product.slug}/", {"channel": "export"}).content.decode()
    assert "$12.50" in body and "₫" not in body.split("<footer")[0].split("</header>")[1]
    data = _json_ld(body)
    assert data["offers"][0]["price"] == "12.50" and data["offers"][0]["priceCurrency"] == "USD"


def test_a_product_not_priced_in_the_channel_still_shows_and_says_so(client, product):
    response = client.get(f"/products/{product.slug}/", {"channel": "export"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "không bán bằng loại tiền này" in body and "add-to-cart" not in body


def test_valid_ocop_certificate_details_with_dates_in_the_users_language(client, product):
    certify(product, 4, decided=datetime.date(2025, 3, 5))
    body = client.get(f"/products/{product.slug}/").content.decode()
    assert "OCOP 4 sao" in body and "QĐ-" in body and "UBND tỉnh Vĩnh Long" in body
    assert "Ngày 05 tháng 3 năm 2025" in body and "Ngày 05 tháng 3 năm 2028" in body
    english = client.get(f"/products/{product.slug}/", {"lang": "en"}).content.decode()
    assert "OCOP 4 stars" in english and "March 5, 2025" in english


@pytest.mark.parametrize("status", [CertificateStatus.SUBMITTED, CertificateStatus.REJECTED])
def test_unverified_certificate_shows_no_badge(client, product, status):
    certify(product, 5, status=status)
    assert "OCOP 5 sao" not in client.get(f"/products/{product.slug}/").content.decode()


def test_expired_certificate_shows_no_badge(client, product):
    certify(product, 5, decided=timezone.localdate() - datetime.timedelta(days=37 * 31))
    assert "OCOP 5 sao" not in client.get(f"/products/{product.slug}/").content.decode()


def test_delivery_estimate_from_the_stalls_stated_days(client, product):
    assert (
        "Thời gian giao hàng được xác nhận khi thanh toán"
        in client.get(f"/products/{product.slug}/").content.decode()
    )
    method = make_shipping(product.stall)
    method.min_days, method.max_days = 2, 4
    method.save()
    assert "Giao trong 2–4 ngày" in client.get(f"/products/{product.slug}/").content.decode()


def test_json_ld_is_a_product_with_offers_and_escapes_markup(client, product):
    actions.product_update(product=product, description="<p>Ngon &lt;/script&gt;&lt;b&gt; lắm</p>")
    body = client.get(f"/products/{product.slug}/").content.decode()
    data = _json_ld(body)
    assert data["@type"] == "Product" and data["name"] == "Kẹo dừa sáp"
    assert data["brand"]["name"] == "HTX Dừa Bến Tre"
    offer = data["offers"][0]
    assert offer["@type"] == "Offer" and offer["price"] == "120000" and offer["priceCurrency"] == "VND"
    assert offer["availability"] == "https://schema.org/InStock"
    assert data["image"][0].startswith("http://testserver/thumbnail/")
    assert "</script><b>" in data["description"]
    assert "aggregateRating" not in data
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1)
    assert "<" not in block and ">" not in block


def test_json_ld_carries_the_rating_once_there_are_reviews(client, product):
    review(product, 5)
    review(product, 4)
    body = client.get(f"/products/{product.slug}/").content.decode()
    rating = _json_ld(body)["aggregateRating"]
    assert rating == {
        "@type": "AggregateRating",
        "ratingValue": "4.5",
        "reviewCount": 2,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert 'id="reviews"' in body


def test_share_links_are_plain_urls_to_this_page(client, product):
    body = unescape(client.get(f"/products/{product.slug}/").content.decode())
    page = f"http%3A%2F%2Ftestserver%2Fproducts%2F{product.slug}%2F"
    assert f"https://sp.zalo.me/share?url={page}" in body
    assert f"https://www.facebook.com/sharer/sharer.php?u={page}" in body
    assert "zalo.me/sdk" not in body and "connect.facebook.net" not in body


def test_open_graph_and_description(client, product):
    body = unescape(client.get(f"/products/{product.slug}/").content.decode())
    assert '<meta property="og:type" content="product">' in body
    assert re.search(r'<meta property="og:image" content="http://testserver/thumbnail/\d+/1024/', body)
    assert '<meta name="description" content="Kẹo dừa thơm béo.">' in body


def test_unknown_or_hidden_product_is_404(client):
    hidden = make_product(make_stall(), "Ẩn", published=False)
    assert client.get("/products/khong-co/").status_code == 404
    assert client.get(f"/products/{hidden.slug}/").status_code == 404
