"""The stall's own rates: flat, weight tiers, free-shipping threshold, pickup; unknown providers skip."""

from decimal import Decimal

import pytest

from backend.checkout.shipping import Parcel, provider_for
from backend.orders.models import DeliveryKind
from tests.backend.checkout.builders import make_shipping
from tests.factories import make_stall

pytestmark = pytest.mark.django_db


def _quote(method, grams, subtotal=100_000):
    parcel = Parcel(weight_grams=grams, subtotal=Decimal(subtotal), currency="VND")
    return provider_for(method.provider).quote(method=method, parcel=parcel)


def test_flat_rate_is_its_price():
    assert _quote(make_shipping(make_stall(), price=30_000), 5000).price == 30_000


def test_weight_tiers_pick_the_first_tier_holding_the_parcel():
    method = make_shipping(make_stall(), kind=DeliveryKind.WEIGHT, tiers=((1000, 20_000), (3000, 35_000)))
    assert _quote(method, 1000).price == 20_000
    assert _quote(method, 1001).price == 35_000


def test_parcel_heavier_than_every_tier_gets_no_quote():
    method = make_shipping(make_stall(), kind=DeliveryKind.WEIGHT, tiers=((1000, 20_000),))
    assert _quote(method, 1500) is None


def test_free_above_threshold():
    method = make_shipping(make_stall(), price=30_000, free_above=300_000)
    assert _quote(method, 500, subtotal=299_999).price == 30_000
    assert _quote(method, 500, subtotal=300_000).price == 0


def test_pickup_is_free():
    assert _quote(make_shipping(make_stall(), kind=DeliveryKind.PICKUP, price=0), 500).price == 0


def test_unregistered_provider_is_not_offered():
    assert provider_for("ghn") is None
