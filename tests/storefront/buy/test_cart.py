"""The cart pages: add, update and remove across stalls; the header count; tampered input."""

import pytest
from django.urls import reverse

from backend.catalog.models import VariantChannelListing
from backend.checkout.models import Checkout
from storefront.buy.cart import SESSION_KEY
from tests.backend.accounts.support import post_form
from tests.backend.checkout.builders import make_variant
from tests.factories import PASSWORD, make_stall, make_user

pytestmark = pytest.mark.django_db


def _add(client, variant, quantity=1, **extra):
    return post_form(client, "/cart/add/", {"variant": variant.pk, "quantity": quantity, **extra})


def _checkout(client) -> Checkout:
    return Checkout.objects.get(token=client.session[SESSION_KEY]["vn"])


def test_adding_from_two_stalls_groups_the_cart_by_stall(client):
    a = make_variant(make_stall(name="Gian A"), price=100_000)
    b = make_variant(make_stall(name="Gian B"), price=50_000)
    assert _add(client, a, 2).status_code == 302
    _add(client, b, 1)
    _add(client, a, 1)
    body = client.get("/cart/").content.decode()
    assert body.index("Gian A") < body.index("Gian B")
    assert "300.000\u00a0₫" in body  # stall A: 3 × 100.000
    assert "350.000\u00a0₫" in body  # subtotal
    assert dict(_checkout(client).lines.values_list("variant_id", "quantity")) == {a.pk: 3, b.pk: 1}


def test_update_sets_quantities_and_zero_removes(client):
    a, b = make_variant(make_stall()), make_variant(make_stall())
    _add(client, a, 2)
    _add(client, b, 2)
    lines = dict(_checkout(client).lines.values_list("variant_id", "pk"))
    post_form(client, "/cart/update/", {f"quantity-{lines[a.pk]}": 5, f"quantity-{lines[b.pk]}": 0})
    assert dict(_checkout(client).lines.values_list("variant_id", "quantity")) == {a.pk: 5}


def test_remove_drops_one_line(client):
    a, b = make_variant(make_stall()), make_variant(make_stall())
    _add(client, a)
    _add(client, b)
    line = _checkout(client).lines.get(variant=a)
    post_form(client, "/cart/remove/", {"line": line.pk})
    assert list(_checkout(client).lines.values_list("variant_id", flat=True)) == [b.pk]


def test_header_count_is_the_units_and_costs_no_query_without_a_cart(client, django_assert_num_queries):
    from django.test import RequestFactory

    from storefront.buy.context import cart_count

    request = RequestFactory().get("/")
    request.session = {}
    with django_assert_num_queries(0):
        assert cart_count(request) == {"cart_count": 0}
    variant = make_variant(make_stall())
    _add(client, variant, 3)
    request.session, request.user = client.session, make_user()
    request.session.keys()  # every request loads its session anyway (auth, messages)
    with django_assert_num_queries(1):
        assert cart_count(request) == {"cart_count": 3}


@pytest.mark.parametrize("quantity", ["0", "-1", "abc", "1000001", "99999999999999999999999", ""])
def test_bad_quantities_are_refused_with_a_message(client, quantity):
    variant = make_variant(make_stall())
    response = post_form(client, "/cart/add/", {"variant": variant.pk, "quantity": quantity}, follow=True)
    assert response.status_code == 200
    assert "Nhập số lượng từ 1 đến 1000." in response.content.decode()
    assert not Checkout.objects.exists()


def test_quantity_over_the_domain_limit_is_refused(client):
    variant = make_variant(make_stall(), stock=5000)
    response = _add(client, variant, 1001)
    assert response.status_code == 302
    assert not Checkout.objects.filter(lines__isnull=False).exists()


def test_unpublished_or_unknown_variants_are_refused_in_the_users_language(client):
    variant = make_variant(make_stall())
    VariantChannelListing.objects.filter(variant=variant).update(is_published=False)
    for variant_id in (variant.pk, 987654321, 2**70, -3):
        response = post_form(
            client,
            "/cart/add/",
            {"variant": variant_id, "quantity": 1},
            follow=True,
            HTTP_ACCEPT_LANGUAGE="vi",
        )
        assert response.status_code == 200
    assert (
        "Sản phẩm này hiện không được bán."
        in post_form(
            client, "/cart/add/", {"variant": variant.pk, "quantity": 1}, follow=True
        ).content.decode()
    )


def test_foreign_line_ids_are_refused_and_change_nothing(client):
    mine = make_variant(make_stall())
    _add(client, mine, 2)
    other = client_class_cart(make_variant(make_stall()))
    line = other.lines.get()
    response = post_form(client, "/cart/update/", {f"quantity-{line.pk}": 9}, follow=True)
    assert "Sản phẩm này không còn trong giỏ hàng" in response.content.decode()
    post_form(client, "/cart/remove/", {"line": line.pk})
    post_form(client, "/cart/remove/", {"line": "x"})
    assert other.lines.get().quantity == 1
    assert _checkout(client).lines.get().quantity == 2


def client_class_cart(variant) -> Checkout:
    from django.test import Client

    other = Client()
    _add(other, variant, 1)
    return _checkout(other)


def test_next_goes_back_only_to_this_site(client):
    variant = make_variant(make_stall())
    assert _add(client, variant, next="/products/x/")["Location"] == "/products/x/"
    assert _add(client, variant, next="https://evil.example/")["Location"] == "/cart/"


def test_a_signed_in_buyers_cart_is_not_readable_from_another_session(client):
    buyer = make_user()
    client.force_login(buyer)
    _add(client, make_variant(make_stall()), 1)
    token = client.session[SESSION_KEY]["vn"]
    from django.test import Client

    thief = Client()
    session = thief.session
    session[SESSION_KEY] = {"vn": token}
    session.save()
    assert "cart-empty" in thief.get("/cart/").content.decode()


def test_signing_in_attaches_the_guest_cart_to_the_buyer(client):
    buyer = make_user(email="mai@example.vn")
    _add(client, make_variant(make_stall()), 2)
    client.force_login(buyer)
    checkout = _checkout(client)
    assert checkout.user == buyer and checkout.email == "mai@example.vn"


def test_signing_in_without_a_session_cart_picks_up_the_buyers_latest_cart(client):
    from backend.checkout import actions

    buyer = make_user(email="lan@example.vn")
    variant = make_variant(make_stall())
    kept = actions.checkout_create(
        channel_slug="vn", email="", lines=[actions.LineInput(variant_id=variant.pk, quantity=4)], user=buyer
    )
    client.force_login(buyer)
    assert _checkout(client) == kept
    assert "cart-empty" not in client.get("/cart/").content.decode()


def test_the_sign_in_form_keeps_the_guest_cart(client):
    buyer = make_user(email="hoa@example.vn", is_confirmed=True)
    _add(client, make_variant(make_stall()), 2)
    response = post_form(client, reverse("accounts:login"), {"email": buyer.email, "password": PASSWORD})
    assert response.status_code == 302
    assert _checkout(client).user == buyer
