"""The buyer's address book and the checkout actions the shop pages added or tightened."""

import pytest
from django.contrib.auth.models import AnonymousUser

from backend.checkout import actions, selectors
from backend.checkout.error_codes import CheckoutErrorCode
from backend.core.errors import DomainError
from tests.backend.checkout.builders import make_variant
from tests.factories import make_stall, make_user

pytestmark = pytest.mark.django_db
HANOI = {
    "full_name": "Trần Lan",
    "phone": "0987654321",
    "street": "5 Hàng Bài",
    "province_code": 1,
    "commune_code": 4,
}


def test_first_address_is_the_default_and_a_new_default_replaces_it():
    buyer = make_user()
    first = actions.saved_address_create(user=buyer, **HANOI)
    second = actions.saved_address_create(user=buyer, **{**HANOI, "street": "7 Tràng Tiền"}, is_default=True)
    first.refresh_from_db()
    assert second.is_default and not first.is_default
    assert list(selectors.saved_addresses_for(user=buyer)) == [second, first]


def test_deleting_the_default_makes_the_oldest_remaining_one_default():
    buyer = make_user()
    first = actions.saved_address_create(user=buyer, **HANOI)
    second = actions.saved_address_create(user=buyer, **{**HANOI, "street": "7 Tràng Tiền"})
    actions.saved_address_delete(address=first)
    second.refresh_from_db()
    assert second.is_default


def test_an_address_is_checked_like_a_checkout_address():
    with pytest.raises(DomainError) as exc:
        actions.saved_address_create(user=make_user(), **{**HANOI, "commune_code": 26882})
    assert exc.value.code is CheckoutErrorCode.COMMUNE_NOT_IN_PROVINCE


def test_another_buyers_address_looks_missing():
    address = actions.saved_address_create(user=make_user(), **HANOI)
    assert selectors.saved_address_for(user=make_user(), address_id=address.pk) is None
    assert selectors.saved_address_for(user=AnonymousUser(), address_id=address.pk) is None


@pytest.mark.parametrize("quantity", [-1, 1001])
def test_lines_update_refuses_quantities_out_of_range(quantity):
    variant = make_variant(make_stall(), stock=5000)
    checkout = actions.checkout_create(
        channel_slug="vn",
        email="",
        lines=[actions.LineInput(variant_id=variant.pk, quantity=1)],
        user=AnonymousUser(),
    )
    with pytest.raises(DomainError) as exc:
        actions.checkout_lines_update(
            checkout=checkout, lines=[actions.LineInput(variant_id=variant.pk, quantity=quantity)]
        )
    assert exc.value.code is CheckoutErrorCode.INVALID_QUANTITY
    assert checkout.lines.get().quantity == 1


def test_attaching_a_guest_checkout_gives_it_the_buyer_and_their_email():
    buyer = make_user(email="mai@example.vn")
    variant = make_variant(make_stall())
    checkout = actions.checkout_create(
        channel_slug="vn",
        email="",
        lines=[actions.LineInput(variant_id=variant.pk, quantity=1)],
        user=AnonymousUser(),
    )
    actions.checkout_user_attach(checkout=checkout, user=buyer)
    checkout.refresh_from_db()
    assert checkout.user == buyer and checkout.email == "mai@example.vn"
    assert selectors.checkout_for_token(token=checkout.token, user=AnonymousUser()) is None
    assert selectors.checkout_units(token=checkout.token, user=AnonymousUser()) == 0
    assert selectors.checkout_units(token=checkout.token, user=buyer) == 1
