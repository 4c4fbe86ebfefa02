"""Stated delivery days on shipping methods and the per-stall estimate products show."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from backend.checkout.selectors import DeliveryEstimate, delivery_estimate
from backend.orders.models import DeliveryKind
from tests.backend.checkout.builders import channel, make_shipping
from tests.factories import make_stall

pytestmark = pytest.mark.django_db


def _days(method, low, high):
    method.min_days, method.max_days = low, high
    method.save(update_fields=["min_days", "max_days"])
    return method


def test_estimate_is_the_fastest_active_non_pickup_range():
    stall = make_stall()
    _days(make_shipping(stall), 3, 5)
    _days(make_shipping(stall), 1, 2)
    _days(make_shipping(stall, kind=DeliveryKind.PICKUP, price=0), 0, 0)
    inactive = _days(make_shipping(stall), 0, 1)
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    assert delivery_estimate(stall_id=stall.pk, channel=channel()) == DeliveryEstimate(min_days=1, max_days=2)


def test_no_estimate_without_stated_days_or_in_another_channel():
    stall = make_stall()
    make_shipping(stall)
    assert delivery_estimate(stall_id=stall.pk, channel=channel()) is None
    _days(make_shipping(stall, channel_slug="export", price=25), 7, 14)
    assert delivery_estimate(stall_id=stall.pk, channel=channel()) is None
    assert delivery_estimate(stall_id=stall.pk, channel=channel("export")) == DeliveryEstimate(7, 14)


def test_other_stalls_methods_do_not_count():
    mine, other = make_stall(), make_stall()
    _days(make_shipping(other), 1, 1)
    assert delivery_estimate(stall_id=mine.pk, channel=channel()) is None


def test_database_refuses_min_above_max_or_half_a_range():
    method = make_shipping(make_stall())
    for low, high in ((5, 3), (2, None)):
        method.min_days, method.max_days = low, high
        with pytest.raises(IntegrityError), transaction.atomic():
            method.save(update_fields=["min_days", "max_days"])


def test_clean_explains_a_bad_range():
    method = make_shipping(make_stall())
    method.min_days, method.max_days = 4, 2
    with pytest.raises(ValidationError) as exc:
        method.full_clean()
    assert "max_days" in exc.value.message_dict
    method.min_days, method.max_days = None, 2
    with pytest.raises(ValidationError):
        method.full_clean()
