"""Home page: seasonal specialties, OCOP highlights, new arrivals, categories, shop by province."""

import datetime

import pytest
from django.utils import timezone

from backend.catalog import actions
from tests.factories import make_stall
from tests.storefront.browse.builders import certify, make_product

pytestmark = pytest.mark.django_db


def _shelf(body: str, title: str) -> str:
    """The HTML of the home section headed `title`, up to the next section."""
    start = body.index(title)
    end = body.find("</section>", start)
    return body[start:end]


def test_home_shows_season_ocop_highlights_and_new_arrivals(client):
    month = timezone.localdate().month
    other_month = month % 12 + 1
    stall = make_stall(province_code=86)
    in_season = make_product(stall, "Vải thiều chính vụ")
    actions.product_update(product=in_season, harvest_months=[month])
    out_of_season = make_product(stall, "Xoài trái vụ")
    actions.product_update(product=out_of_season, harvest_months=[other_month])
    starred = make_product(stall, "Kẹo dừa 5 sao")
    certify(starred, 5)
    three = make_product(stall, "Bánh tráng 3 sao")
    certify(three, 3)
    expired = make_product(stall, "Mắm hết hạn")
    certify(expired, 5, decided=timezone.localdate() - datetime.timedelta(days=4 * 365))

    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<h1") == 1
    seasonal = _shelf(body, "Đang vào mùa")
    assert "Vải thiều chính vụ" in seasonal and "Xoài trái vụ" not in seasonal
    ocop = _shelf(body, "Nổi bật OCOP 4 và 5 sao")
    assert "Kẹo dừa 5 sao" in ocop
    assert "Bánh tráng 3 sao" not in ocop and "Mắm hết hạn" not in ocop
    assert "Mới lên kệ" in body and "Xoài trái vụ" in _shelf(body, "Mới lên kệ")


def test_shop_by_province_counts_products_by_origin_and_links_to_search(client):
    stall = make_stall(province_code=86)
    make_product(stall, "Kẹo dừa")
    make_product(stall, "Vải thiều", origin_province_code=24)
    body = client.get("/").content.decode()
    provinces = _shelf(body, "Mua theo tỉnh")
    assert 'href="/search/?province=86"' in provinces and "Vĩnh Long" in provinces
    assert 'href="/search/?province=24"' in provinces and "Bắc Ninh" in provinces
    assert "(1)" in provinces


def test_categories_link_to_their_listing_in_the_page_language(client):
    body = client.get("/").content.decode()
    assert 'href="/categories/trai-cay-tuoi/"' in body and "Trái cây tươi" in body
    english = client.get("/", {"lang": "en"}).content.decode()
    assert "Fresh fruit" in english
