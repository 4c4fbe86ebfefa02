"""Checkout actions: stock checks, address rules, grouping by stall, completion into orders."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from backend.catalog.models import Stock, VariantChannelListing
from backend.checkout import actions, selectors
from backend.checkout.complete import checkout_complete
from backend.checkout.error_codes import CheckoutErrorCode
from backend.checkout.models import Checkout
from backend.core.errors import DomainError
from backend.orders.models import CommissionLine, Order, OrderGroup, OrderStatus
from tests.backend.checkout.builders import ADDRESS, make_shipping, make_variant, place, ready_checkout
from tests.factories import make_stall

pytestmark = pytest.mark.django_db
ANON = AnonymousUser()


def _create(variant, quantity):
    return actions.checkout_create(
        channel_slug="vn",
        email="buyer@example.vn",
        lines=[actions.LineInput(variant_id=variant.pk, quantity=quantity)],
        user=ANON,
    )


def test_adding_more_than_in_stock_is_an_insufficient_stock_error():
    variant = make_variant(make_stall(), stock=3)
    with pytest.raises(DomainError) as exc:
        _create(variant, 4)
    assert exc.value.code is CheckoutErrorCode.INSUFFICIENT_STOCK


def test_units_allocated_to_open_orders_are_not_available_to_add():
    stall = make_stall()
    make_shipping(stall)
    variant = make_variant(stall, stock=3)
    place([(variant, 2)])
    with pytest.raises(DomainError) as exc:
        _create(variant, 2)
    assert exc.value.code is CheckoutErrorCode.INSUFFICIENT_STOCK


def test_unpublished_variant_cannot_be_added():
    variant = make_variant(make_stall())
    VariantChannelListing.objects.filter(variant=variant).update(is_published=False)
    with pytest.raises(DomainError) as exc:
        _create(variant, 1)
    assert exc.value.code is CheckoutErrorCode.VARIANT_NOT_AVAILABLE


def test_variant_of_a_stall_awaiting_approval_cannot_be_added():
    variant = make_variant(make_stall(status="pending"))
    with pytest.raises(DomainError) as exc:
        _create(variant, 1)
    assert exc.value.code is CheckoutErrorCode.VARIANT_NOT_AVAILABLE


def test_lines_add_accumulates_and_update_to_zero_removes():
    variant = make_variant(make_stall(), stock=10)
    checkout = _create(variant, 2)
    actions.checkout_lines_add(checkout=checkout, lines=[actions.LineInput(variant.pk, 3)])
    assert checkout.lines.get().quantity == 5
    actions.checkout_lines_update(checkout=checkout, lines=[actions.LineInput(variant.pk, 0)])
    assert not checkout.lines.exists()


def test_summary_groups_lines_by_stall_with_subtotals():
    coop_a, coop_b = make_stall(name="A coop"), make_stall(name="B coop")
    a1, a2 = make_variant(coop_a, price=50_000), make_variant(coop_a, price=20_000)
    b1 = make_variant(coop_b, price=120_000)
    checkout = actions.checkout_create(
        channel_slug="vn",
        email="x@example.vn",
        lines=[actions.LineInput(a1.pk, 2), actions.LineInput(b1.pk, 1), actions.LineInput(a2.pk, 1)],
        user=ANON,
    )
    summary = selectors.checkout_summary(checkout=checkout)
    assert [(g.stall, g.subtotal) for g in summary.groups] == [(coop_a, 120_000), (coop_b, 120_000)]
    assert summary.total == 240_000


def test_pre_2025_province_code_is_refused_with_the_new_province_named():
    checkout = _create(make_variant(make_stall()), 1)
    with pytest.raises(DomainError) as exc:
        actions.checkout_shipping_address_update(checkout=checkout, **{**ADDRESS, "province_code": 83})
    assert exc.value.code is CheckoutErrorCode.LEGACY_PROVINCE_CODE
    assert "before 1 July 2025" in exc.value.message and "Vĩnh Long" in exc.value.message


def test_commune_must_belong_to_the_province():
    checkout = _create(make_variant(make_stall()), 1)
    with pytest.raises(DomainError) as exc:
        actions.checkout_shipping_address_update(checkout=checkout, **{**ADDRESS, "commune_code": 28777})
    assert exc.value.code is CheckoutErrorCode.COMMUNE_NOT_IN_PROVINCE
    assert exc.value.field == "communeCode"


def test_address_phone_is_stored_in_plus84_form():
    checkout = _create(make_variant(make_stall()), 1)
    actions.checkout_shipping_address_update(checkout=checkout, **ADDRESS)
    assert Checkout.objects.get(pk=checkout.pk).phone == "+84912345678"


def test_invalid_phone_is_refused():
    checkout = _create(make_variant(make_stall()), 1)
    with pytest.raises(DomainError) as exc:
        actions.checkout_shipping_address_update(checkout=checkout, **{**ADDRESS, "phone": "12345"})
    assert exc.value.code is CheckoutErrorCode.INVALID_PHONE


def test_delivery_method_of_a_stall_not_in_the_checkout_is_refused():
    stall, other = make_stall(), make_stall()
    make_shipping(stall)
    foreign = make_shipping(other)
    checkout = _create(make_variant(stall), 1)
    with pytest.raises(DomainError) as exc:
        actions.checkout_delivery_method_update(checkout=checkout, shipping_method_id=foreign.pk)
    assert exc.value.code is CheckoutErrorCode.DELIVERY_METHOD_INVALID


def test_completion_creates_one_order_per_stall_with_snapshots_and_commission():
    coop_a, coop_b = make_stall(name="A coop"), make_stall(name="B coop", commission_rate=Decimal("0.1"))
    make_shipping(coop_a, price=30_000)
    make_shipping(coop_b, price=25_000)
    a, b = make_variant(coop_a, price=50_000, stock=5), make_variant(coop_b, price=80_000, stock=5)
    group = place([(a, 2), (b, 1)])
    orders = list(group.orders.order_by("number"))
    assert [o.stall for o in orders] == [coop_a, coop_b]
    assert [o.status for o in orders] == [OrderStatus.CONFIRMED, OrderStatus.CONFIRMED]
    assert (orders[0].merchandise_total, orders[0].shipping_total, orders[0].total) == (
        100_000,
        30_000,
        130_000,
    )
    assert group.total == 130_000 + 105_000
    line = orders[0].lines.get()
    assert (line.product_name, line.sku, line.unit_price, line.quantity) == (a.product.name, a.sku, 50_000, 2)
    assert CommissionLine.objects.get(order=orders[1]).amount == Decimal("8000")
    assert Stock.objects.get(variant=a).quantity_allocated == 2
    assert not Checkout.objects.exists()


def test_prices_are_recomputed_from_the_listing_at_completion():
    stall = make_stall()
    make_shipping(stall, price=0)
    variant = make_variant(stall, price=50_000)
    checkout = ready_checkout([(variant, 1)])
    VariantChannelListing.objects.filter(variant=variant).update(price_amount=55_000)
    group = checkout_complete(checkout=checkout, payment_method="cod", user=ANON)
    assert group.orders.get().lines.get().unit_price == 55_000


def test_completing_twice_returns_the_same_group():
    stall = make_stall()
    make_shipping(stall)
    checkout = ready_checkout([(make_variant(stall), 1)])
    first = checkout_complete(checkout=checkout, payment_method="cod", user=ANON)
    again = checkout_complete(checkout=checkout, payment_method="cod", user=ANON)
    assert again.pk == first.pk
    assert OrderGroup.objects.count() == 1


def test_completion_without_a_delivery_choice_is_refused():
    stall = make_stall()
    make_shipping(stall)
    checkout = _create(make_variant(stall), 1)
    actions.checkout_shipping_address_update(checkout=checkout, **ADDRESS)
    with pytest.raises(DomainError) as exc:
        checkout_complete(checkout=checkout, payment_method="cod", user=ANON)
    assert exc.value.code is CheckoutErrorCode.DELIVERY_METHOD_REQUIRED


def test_stock_gone_before_completion_rolls_everything_back():
    stall = make_stall()
    make_shipping(stall)
    variant = make_variant(stall, stock=3)
    checkout = ready_checkout([(variant, 3)])
    Stock.objects.filter(variant=variant).update(quantity=2)
    with pytest.raises(DomainError) as exc:
        checkout_complete(checkout=checkout, payment_method="cod", user=ANON)
    assert exc.value.code is CheckoutErrorCode.INSUFFICIENT_STOCK
    assert not Order.objects.exists() and not OrderGroup.objects.exists()
    assert Stock.objects.get(variant=variant).quantity_allocated == 0
    assert Checkout.objects.filter(pk=checkout.pk).exists()


def test_prepaid_orders_stay_unconfirmed_until_paid():
    stall = make_stall()
    make_shipping(stall)
    group = place([(make_variant(stall), 1)], payment_method="vietqr")
    assert group.orders.get().status == OrderStatus.UNCONFIRMED
