"""What crawlers and phones read: canonical and hreflang links, sitemap.xml, robots.txt, manifest."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.contrib.staticfiles import finders

from tests.factories import make_stall
from tests.storefront.browse.builders import make_product

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def test_pages_declare_canonical_and_language_alternates(client):
    product = make_product(make_stall(), "Kẹo dừa")
    body = client.get(f"/products/{product.slug}/", {"utm_source": "zalo"}).content.decode()
    page = f"http://testserver/products/{product.slug}/"
    assert f'<link rel="canonical" href="{page}">' in body
    assert f'<link rel="alternate" hreflang="vi" href="{page}">' in body
    assert f'<link rel="alternate" hreflang="en" href="{page}?lang=en">' in body
    assert f'<link rel="alternate" hreflang="x-default" href="{page}">' in body
    english = client.get(f"/products/{product.slug}/", {"lang": "en"}).content.decode()
    assert f'<link rel="canonical" href="{page}?lang=en">' in english


def test_listing_canonical_keeps_filters_and_drops_channel_and_tracking(client):
    body = client.get("/search/", {"category": "tra", "channel": "export", "fbclid": "x"}).content.decode()
    assert '<link rel="canonical" href="http://testserver/search/?category=tra">' in body
    assert 'hreflang="en" href="http://testserver/search/?category=tra&amp;lang=en"' in body


def test_typed_searches_are_not_indexed_but_listings_are(client):
    assert 'content="noindex, follow"' in client.get("/search/", {"q": "keo"}).content.decode()
    assert "noindex" not in client.get("/categories/tra/").content.decode()


def test_every_shop_page_has_a_title_and_description(client):
    stall = make_stall()
    product = make_product(stall, "Trà Shan tuyết", category="tra")
    for path in ("/", "/search/", "/categories/tra/", f"/products/{product.slug}/", f"/stalls/{stall.slug}/"):
        body = client.get(path).content.decode()
        assert "<title>" in body and "Nông Sàn</title>" in body or "Nông Sàn ·" in body, path
        assert '<meta name="description" content="' in body, path
        assert '<meta property="og:title"' in body and '<meta property="og:image" content="http' in body, path


def test_sitemap_lists_products_categories_stalls_with_vi_and_en(client):
    stall = make_stall()
    product = make_product(stall, "Kẹo dừa")
    hidden = make_product(stall, "Nháp", published=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    locations = {url.find(f"{SITEMAP}loc").text: url for url in root.findall(f"{SITEMAP}url")}
    page = f"http://testserver/products/{product.slug}/"
    assert page in locations and f"{page}?lang=en" in locations
    assert f"http://testserver/products/{hidden.slug}/" not in locations
    assert f"http://testserver/stalls/{stall.slug}/" in locations
    assert "http://testserver/categories/tra/" in locations and "http://testserver/" in locations
    alternates = {link.get("hreflang"): link.get("href") for link in locations[page].findall(f"{XHTML}link")}
    assert alternates == {"vi": page, "en": f"{page}?lang=en", "x-default": page}


def test_robots_points_to_the_sitemap_and_keeps_crawlers_out_of_the_back_office(client):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /dashboard/" in text and "Disallow: /accounts/" in text
    assert "Disallow: /products/" not in text


def test_manifest_has_the_right_type_and_icons_that_exist(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(response.content)
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])


def test_every_page_links_the_manifest_and_icons(client):
    body = client.get("/accounts/sign-in/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in body
    assert 'rel="icon" href="/static/icons/favicon.svg"' in body
