"""Vietnamese by default, an English switch that keeps the page, and prices per channel."""

import pytest
from django.conf import settings
from django.utils import translation

from storefront.channel import format_price
from tests.backend.accounts.support import post_form
from tests.factories import make_stall
from tests.storefront.browse.builders import make_product, with_export_price

pytestmark = pytest.mark.django_db


@pytest.fixture
def product():
    return with_export_price(make_product(make_stall(), "Kẹo dừa", price=120000), "12.5")


def test_vietnamese_by_default(client, product):
    body = client.get(f"/products/{product.slug}/").content.decode()
    assert '<html lang="vi">' in body and "Thêm vào giỏ" in body


def test_english_switch_keeps_the_page_and_its_query(client, product):
    page = f"/products/{product.slug}/?channel=export"
    body = client.get(page).content.decode()
    assert (
        f'<input type="hidden" name="next" value="/products/{product.slug}/?channel=export">'
        in body.replace("&amp;", "&")
    )
    response = post_form(client, "/i18n/setlang/", {"language": "en", "next": page})
    assert response.status_code == 302 and response["Location"] == page
    english = client.get(response["Location"]).content.decode()
    assert '<html lang="en">' in english and "Add to cart" in english and "$12.50" in english


def test_the_cookie_switch_still_drives_other_areas(client, product):
    post_form(client, "/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/accounts/sign-in/").content.decode()
    assert '<html lang="en">' in client.get(f"/products/{product.slug}/").content.decode()


def test_lang_address_shows_english_and_is_remembered(client, product):
    body = client.get(f"/products/{product.slug}/", {"lang": "en"}).content.decode()
    assert '<html lang="en">' in body
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en">' in client.get("/accounts/sign-in/").content.decode()


def test_switching_back_from_an_english_address_drops_lang(client, product):
    body = client.get(f"/products/{product.slug}/", {"lang": "en", "page": "1"}).content.decode()
    assert f'name="next" value="/products/{product.slug}/?page=1"' in body
    post_form(client, "/i18n/setlang/", {"language": "vi", "next": f"/products/{product.slug}/?page=1"})
    assert '<html lang="vi">' in client.get(f"/products/{product.slug}/?page=1").content.decode()


def test_unknown_lang_is_ignored(client, product):
    assert '<html lang="vi">' in client.get(f"/products/{product.slug}/", {"lang": "xx"}).content.decode()


def test_channel_switch_in_the_footer_is_remembered(client, product):
    body = client.get("/").content.decode()
    assert 'href="?channel=export"' in body
    client.get("/", {"channel": "export"})
    assert "$12.50" in client.get(f"/products/{product.slug}/").content.decode()


def test_prices_read_as_their_buyers_read_them_in_either_language():
    for language in ("vi", "en"):
        with translation.override(language):
            assert format_price(120000, "VND") == "120.000\u00a0₫"
            assert format_price("12.5", "USD") == "$12.50"


def test_header_links_sign_in_up_and_cart(client):
    body = client.get("/").content.decode()
    assert 'href="/accounts/sign-in/"' in body and 'href="/accounts/sign-up/"' in body
    assert 'href="/search/"' in body
    assert 'class="skip" href="#main"' in body and '<main class="container" id="main">' in body
