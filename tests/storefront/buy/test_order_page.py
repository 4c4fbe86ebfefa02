"""The guest's order page by the group token: one block per stall's order, nothing of other groups,
404 for any other token, and the buyer's cancel where the domain allows it."""

import uuid

import pytest

from backend.orders.models import Order, OrderStatus
from tests.backend.accounts.support import post_form
from tests.backend.checkout.builders import make_shipping, make_variant, place
from tests.factories import make_stall, make_user

pytestmark = pytest.mark.django_db


def _group(**kwargs):
    a, b = make_stall(name="Gian Một"), make_stall(name="Gian Hai")
    make_shipping(a)
    make_shipping(b)
    return place([(make_variant(a), 1), (make_variant(b), 2)], **kwargs)


def test_the_token_shows_each_stalls_order_and_its_tracking_number(client):
    group = _group()
    first = group.orders.order_by("number").first()
    Order.objects.filter(pk=first.pk).update(carrier="GHN", tracking_number="GHN123456")
    body = client.get(f"/orders/{group.token}/").content.decode()
    for order in group.orders.all():
        assert order.number in body
    assert "Gian Một" in body and "Gian Hai" in body and "GHN123456" in body
    assert '<meta name="robots" content="noindex, nofollow">' in body


def test_unknown_or_malformed_tokens_are_404_like_any_missing_page(client):
    _group()
    for token in (uuid.uuid4(), "not-a-token", "1"):
        response = client.get(f"/orders/{token}/")
        assert response.status_code == 404
    assert client.get(f"/orders/{uuid.uuid4()}/status.json").status_code == 404
    assert client.get(f"/orders/{uuid.uuid4()}/qr.svg").status_code == 404


def test_one_groups_page_shows_nothing_of_another_group(client):
    mine, theirs = _group(email="a@example.vn"), _group(email="b@example.vn")
    body = client.get(f"/orders/{mine.token}/").content.decode()
    for order in theirs.orders.all():
        assert order.number not in body
    assert theirs.number not in body and str(theirs.token) not in body


def test_the_buyer_cancels_an_order_by_the_token_until_it_is_packed(client):
    group = _group()
    first, second = group.orders.order_by("number")
    post_form(client, f"/orders/{group.token}/cancel/", {"order": first.pk})
    first.refresh_from_db()
    assert first.status == OrderStatus.CANCELLED
    Order.objects.filter(pk=second.pk).update(status=OrderStatus.PACKED)
    body = post_form(
        client, f"/orders/{group.token}/cancel/", {"order": second.pk}, follow=True
    ).content.decode()
    second.refresh_from_db()
    assert second.status == OrderStatus.PACKED
    assert "Đơn hàng này không thể hủy nữa." in body


def test_an_order_of_another_group_cannot_be_cancelled_with_this_token(client):
    mine, theirs = _group(), _group()
    foreign = theirs.orders.first()
    for value in (foreign.pk, "x", -1, 2**70):
        response = post_form(client, f"/orders/{mine.token}/cancel/", {"order": value}, follow=True)
        assert response.status_code == 200
    foreign.refresh_from_db()
    assert foreign.status != OrderStatus.CANCELLED
    assert "Đơn hàng này không thuộc lần mua này." in response.content.decode()


def test_a_signed_in_buyers_group_is_shown_by_its_token_too(client):
    buyer = make_user()
    group = _group(user=buyer, email=buyer.email)
    assert client.get(f"/orders/{group.token}/").status_code == 200
