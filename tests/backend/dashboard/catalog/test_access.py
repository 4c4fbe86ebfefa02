"""Who reaches the catalog pages: members, other stalls' members, anonymous visitors, officials."""

import pytest
from django.urls import reverse

from tests.backend.dashboard.catalog.conftest import make_product
from tests.factories import make_official, make_stall, make_user

pytestmark = pytest.mark.django_db

READ_PAGES = ("product_list", "warehouses")
WRITE_PAGES = ("product_new", "product_import")


def _product_urls(stall, product, variant):
    return [
        reverse("dashboard:catalog:product_edit", args=[stall.pk, product.pk]),
        reverse("dashboard:catalog:variant_edit", args=[stall.pk, product.pk, variant.pk]),
    ]


@pytest.mark.parametrize("name", READ_PAGES + WRITE_PAGES)
def test_each_stall_page_renders_for_a_member(member_client, stall, name):
    response = member_client.get(reverse(f"dashboard:catalog:{name}", args=[stall.pk]))
    assert response.status_code == 200
    assert stall.name in response.content.decode()


def test_product_and_variant_pages_render_for_a_member(member_client, stall):
    product = make_product(stall)
    for url in _product_urls(stall, product, product.variants.get()):
        assert member_client.get(url).status_code == 200


@pytest.mark.parametrize("name", READ_PAGES + WRITE_PAGES)
def test_a_member_of_another_stall_gets_404(client, stall, name):
    client.force_login(make_stall(make_user()).members.get().user)
    assert client.get(reverse(f"dashboard:catalog:{name}", args=[stall.pk])).status_code == 404


def test_another_stalls_product_is_404_even_under_the_members_own_stall(member_client, stall, other_stall):
    theirs = make_product(other_stall, sku="THEIRS")
    variant = theirs.variants.get()
    for url in _product_urls(stall, theirs, variant) + _product_urls(other_stall, theirs, variant):
        assert member_client.get(url).status_code == 404
    edit = reverse("dashboard:catalog:product_edit", args=[stall.pk, theirs.pk])
    response = member_client.post(edit, {"name": "Hijacked", "category": theirs.category_id})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Kẹo dừa sáp"


@pytest.mark.parametrize("name", READ_PAGES + WRITE_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, stall, name):
    url = reverse(f"dashboard:catalog:{name}", args=[stall.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_an_official_reads_products_of_a_stall_in_their_province(client, stall):
    make_product(stall, name="Kẹo dừa lá dứa", price=45000)
    client.force_login(make_official([stall.province_code]))
    response = client.get(reverse("dashboard:catalog:product_list", args=[stall.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kẹo dừa lá dứa" in body
    assert reverse("dashboard:catalog:product_new", args=[stall.pk]) not in body


def test_an_official_cannot_see_a_stall_outside_their_provinces(client, stall):
    client.force_login(make_official([1]))
    assert client.get(reverse("dashboard:catalog:product_list", args=[stall.pk])).status_code == 404


@pytest.mark.parametrize("name", WRITE_PAGES)
def test_an_official_gets_403_on_write_pages(client, stall, name):
    client.force_login(make_official([stall.province_code]))
    url = reverse(f"dashboard:catalog:{name}", args=[stall.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "X"}).status_code == 403


def test_an_official_gets_403_on_every_product_write(client, stall, category):
    product = make_product(stall)
    variant = product.variants.get()
    client.force_login(make_official([stall.province_code]))
    posts = [
        reverse("dashboard:catalog:product_edit", args=[stall.pk, product.pk]),
        reverse("dashboard:catalog:product_delete", args=[stall.pk, product.pk]),
        reverse("dashboard:catalog:variant_new", args=[stall.pk, product.pk]),
        reverse("dashboard:catalog:media_new", args=[stall.pk, product.pk]),
        reverse("dashboard:catalog:variant_edit", args=[stall.pk, product.pk, variant.pk]),
        reverse("dashboard:catalog:variant_prices", args=[stall.pk, product.pk, variant.pk]),
        reverse("dashboard:catalog:variant_stock", args=[stall.pk, product.pk, variant.pk]),
        reverse("dashboard:catalog:variant_delete", args=[stall.pk, product.pk, variant.pk]),
        reverse("dashboard:catalog:warehouses", args=[stall.pk]),
    ]
    for url in posts:
        assert client.post(url, {"name": "Official edit", "sku": "X"}).status_code == 403, url
    product.refresh_from_db()
    assert product.name == "Kẹo dừa sáp"
    assert product.variants.count() == 1


def test_posts_without_a_csrf_token_are_refused(stall, owner):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(owner)
    response = strict.post(reverse("dashboard:catalog:product_new", args=[stall.pk]), {"name": "X"})
    assert response.status_code == 403


def test_the_catalog_entry_opens_the_members_first_stall(member_client, stall):
    response = member_client.get(reverse("dashboard:catalog:index"))
    assert response["Location"] == reverse("dashboard:catalog:product_list", args=[stall.pk])


def test_the_stall_switcher_lists_only_the_members_stalls(member_client, owner, stall, other_stall):
    second = make_stall(owner, name="HTX Thứ Hai")
    body = member_client.get(reverse("dashboard:catalog:product_list", args=[stall.pk])).content.decode()
    assert reverse("dashboard:catalog:product_list", args=[second.pk]) in body
    assert other_stall.name not in body
