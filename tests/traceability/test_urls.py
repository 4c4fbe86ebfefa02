"""The root URL map: a compressed Digital Link claims a root segment only when it decodes, so the
storefront's URLs (and its 404 page) are never swallowed by the resolver."""

import pytest
from django.urls import resolve

pytestmark = pytest.mark.django_db

COMPRESSED_GTIN = "ARA-7iCtsg"  # digital-link.js's compression of /01/08931234567897

STOREFRONT = {
    "/": "storefront:home",
    "/search/": "storefront:search",
    "/cart/": "storefront:cart",
    "/checkout/": "storefront:checkout",
    "/account/": "storefront:account",
    "/products/keo-dua-ben-tre/": "storefront:product",
    f"/products/{COMPRESSED_GTIN}/": "storefront:product",  # a slug that happens to decode
    "/stalls/htx-dua-ben-tre/": "storefront:stall",
    "/categories/dac-san/": "storefront:category",
    "/orders/AbCdEfGhIjKlMnOpQrStUv/": "storefront:order",
    "/sitemap.xml": "storefront:sitemap",
    "/robots.txt": "storefront:robots",
    "/manifest.webmanifest": "storefront:manifest",
}


@pytest.mark.parametrize(("path", "view_name"), STOREFRONT.items())
def test_storefront_urls_resolve_to_the_storefront(path, view_name):
    assert resolve(path).view_name == view_name


def test_a_root_segment_that_decodes_is_the_resolvers():
    match = resolve(f"/{COMPRESSED_GTIN}")
    assert match.view_name == "traceability:compressed_link"
    assert match.kwargs["link"].path == "/01/08931234567897"


@pytest.mark.parametrize(
    "path", ["/", "/search/", "/cart/", "/robots.txt", "/manifest.webmanifest", "/sitemap.xml"]
)
def test_storefront_pages_answer_as_pages_not_resolver_problems(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] != "application/problem+json"
    assert "Access-Control-Allow-Origin" not in response


def test_account_still_asks_a_visitor_to_sign_in(client):
    response = client.get("/account/")
    assert response.status_code == 302


@pytest.mark.parametrize("path", ["/search", "/cart", "/checkout", "/account"])
def test_a_storefront_path_without_its_slash_is_still_redirected_to_it(client, path):
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == path + "/"


@pytest.mark.parametrize("path", ["/khongcotrangnay", "/NoSuchPageHere", "/ARA-7iCtsh", "/01x", "/tt/abc"])
def test_unknown_root_paths_get_the_sites_404_page(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
