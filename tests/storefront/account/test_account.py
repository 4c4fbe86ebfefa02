"""Account pages: only for their owner (orders, addresses), the address book's actions and reviews."""

import pytest

from backend.checkout import actions
from backend.checkout.models import SavedAddress
from backend.orders.models import Order, OrderStatus
from tests.backend.accounts.support import post_form
from tests.backend.checkout.builders import make_shipping, make_variant, place
from tests.factories import make_stall, make_user

pytestmark = pytest.mark.django_db

HANOI = {
    "full_name": "Trần Lan",
    "phone": "0987654321",
    "street": "5 Hàng Bài",
    "province_code": 1,
    "commune_code": 4,
}


def _order_of(user):
    stall = make_stall(name="Gian Chè")
    make_shipping(stall)
    return place([(make_variant(stall), 1)], user=user, email=user.email).orders.get()


def test_account_needs_sign_in(client):
    response = client.get("/account/")
    assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_the_buyer_sees_their_orders_and_opens_one(client):
    buyer = make_user()
    order = _order_of(buyer)
    client.force_login(buyer)
    body = client.get("/account/").content.decode()
    assert order.number in body and "Gian Chè" in body
    detail = client.get(f"/account/orders/{order.pk}/")
    assert detail.status_code == 200 and order.number in detail.content.decode()


def test_another_buyers_order_is_404_and_not_listed(client):
    order = _order_of(make_user())
    client.force_login(make_user())
    assert order.number not in client.get("/account/").content.decode()
    assert client.get(f"/account/orders/{order.pk}/").status_code == 404


def test_address_book_add_edit_default_delete(client):
    buyer = make_user()
    client.force_login(buyer)
    response = post_form(client, "/account/addresses/new/", {**HANOI, "save": "1"})
    assert response.status_code == 302
    first = SavedAddress.objects.get(user=buyer)
    assert first.is_default and first.phone == "+84987654321"
    post_form(
        client,
        "/account/addresses/new/",
        {**HANOI, "street": "7 Tràng Tiền", "is_default": "on", "save": "1"},
    )
    second = SavedAddress.objects.get(street="7 Tràng Tiền")
    first.refresh_from_db()
    assert second.is_default and not first.is_default
    post_form(client, f"/account/addresses/{first.pk}/", {**HANOI, "street": "9 Hàng Bài", "save": "1"})
    first.refresh_from_db()
    assert first.street == "9 Hàng Bài"
    post_form(client, f"/account/addresses/{second.pk}/delete/", {})
    first.refresh_from_db()
    assert first.is_default and SavedAddress.objects.filter(user=buyer).count() == 1
    body = client.get("/account/").content.decode()
    assert "9 Hàng Bài" in body and "Phường Ba Đình" in body


def test_a_bad_address_is_refused_in_vietnamese_and_not_saved(client):
    client.force_login(make_user())
    body = post_form(
        client, "/account/addresses/new/", {**HANOI, "commune_code": "26882", "save": "1"}
    ).content.decode()
    assert "Xã/phường này không thuộc tỉnh đã chọn." in body
    assert not SavedAddress.objects.exists()


def test_another_buyers_address_cannot_be_read_edited_or_deleted(client):
    owner = make_user()
    address = actions.saved_address_create(user=owner, **HANOI)
    client.force_login(make_user())
    assert client.get(f"/account/addresses/{address.pk}/").status_code == 404
    assert (
        post_form(
            client, f"/account/addresses/{address.pk}/", {**HANOI, "street": "x", "save": "1"}
        ).status_code
        == 404
    )
    assert post_form(client, f"/account/addresses/{address.pk}/delete/", {}).status_code == 404
    address.refresh_from_db()
    assert address.street == "5 Hàng Bài"


def test_the_address_book_is_capped(client):
    buyer = make_user()
    for n in range(actions.MAX_SAVED_ADDRESSES):
        actions.saved_address_create(user=buyer, **{**HANOI, "street": f"{n} Hàng Bài"})
    client.force_login(buyer)
    body = post_form(client, "/account/addresses/new/", {**HANOI, "save": "1"}).content.decode()
    assert "Sổ địa chỉ đã đầy" in body
    assert SavedAddress.objects.filter(user=buyer).count() == actions.MAX_SAVED_ADDRESSES


def test_delivered_products_are_offered_for_review_and_written_reviews_listed(client):
    from backend.reviews.models import Review

    buyer = make_user()
    order = _order_of(buyer)
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.DELIVERED)
    product = order.lines.get().variant.product
    client.force_login(buyer)
    body = client.get("/account/").content.decode()
    assert f"/products/{product.slug}/review/" in body
    Review.objects.create(product=product, user=buyer, rating=5, text="Chè ngon lắm")
    body = client.get("/account/").content.decode()
    assert "Chè ngon lắm" in body and f"/products/{product.slug}/review/" not in body
