"""Harvest months on products: checked and kept in calendar order, and the in-season shelf."""

import pytest

from backend.catalog import actions
from backend.catalog.error_codes import CatalogErrorCode
from backend.catalog.models import Channel
from backend.catalog.selectors import products_in_season
from backend.core.errors import DomainError
from tests.backend.catalog.factories import make_product
from tests.factories import make_stall, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def vn():
    return Channel.objects.get(slug="vn")


def _names(products):
    return sorted(p.name for p in products)


def test_months_are_stored_once_each_in_calendar_order():
    product = make_product(make_stall(make_user()), "Bưởi da xanh", harvest_months=[12, 8, 9, 8])
    product.refresh_from_db()
    assert product.harvest_months == [8, 9, 12]
    actions.product_update(product=product, harvest_months=[])
    product.refresh_from_db()
    assert product.harvest_months == []


@pytest.mark.parametrize("months", [[0], [13], [5, "6"], [True], "5,6", [5.0]])
def test_a_month_outside_1_to_12_is_refused_and_nothing_is_written(months):
    product = make_product(make_stall(make_user()), "Vải thiều", harvest_months=[5, 6])
    with pytest.raises(DomainError) as refused:
        actions.product_update(product=product, harvest_months=months)
    assert (refused.value.code, refused.value.field) == (CatalogErrorCode.INVALID, "harvestMonths")
    product.refresh_from_db()
    assert product.harvest_months == [5, 6]


def test_in_season_lists_visible_products_harvested_that_month(vn):
    stall = make_stall(make_user())
    make_product(stall, "Vải thiều", harvest_months=[5, 6])
    make_product(stall, "Nhãn lồng", harvest_months=[7, 8])
    make_product(stall, "Dưa hấu", harvest_months=[12, 1, 2])
    make_product(stall, "Nước mắm")  # all year: not on the seasonal shelf
    make_product(stall, "Vải chưa bán", harvest_months=[6], published=False)
    assert _names(products_in_season(channel=vn, month=6)) == ["Vải thiều"]
    assert _names(products_in_season(channel=vn, month=1)) == ["Dưa hấu"]
    assert _names(products_in_season(channel=vn, month=12)) == ["Dưa hấu"]
    assert _names(products_in_season(channel=vn, month=3)) == []


def test_in_season_finds_a_month_at_any_position_of_a_full_year(vn):
    make_product(make_stall(make_user()), "Dừa xiêm", harvest_months=list(range(1, 13)))
    assert [_names(products_in_season(channel=vn, month=m)) for m in (1, 7, 12)] == [["Dừa xiêm"]] * 3
