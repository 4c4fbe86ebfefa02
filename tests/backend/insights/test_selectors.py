"""The province figures read in few grouped queries stay exact: the year-before twin of a period
longer than a year, totals equal to the sum of the months, and the declared share under a category."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from backend.catalog.models import Category
from backend.insights.models import SalesDeclaration
from backend.insights.rollups import rollups_rebuild
from backend.insights.selectors import InsightFilters, province_insights
from backend.orders.models import Order
from tests.backend.checkout.builders import make_shipping, make_variant
from tests.backend.dashboard.insights.conftest import buy
from tests.factories import make_official, make_stall, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

PROVINCE, COMMUNE = 86, 28777


def _placed_on(order_number_prefix: str, day: date) -> None:
    moment = timezone.make_aware(datetime.combine(day, time(10)))
    Order.objects.filter(group__number__startswith=order_number_prefix).update(created_at=moment)


@pytest.fixture
def seller():
    stall = make_stall(make_user(), province_code=PROVINCE, commune_code=COMMUNE)
    make_shipping(stall, price=0)
    return stall


def test_a_two_year_period_has_exact_months_and_year_before_twins(seller):
    variant = make_variant(seller, price=10_000, stock=100, weight=100)
    days = [date(2025, 3, 10), date(2026, 3, 10), date(2026, 3, 20), date(2024, 3, 15)]
    for quantity, day in enumerate(days, start=1):
        number = buy([(variant, quantity)]).number
        _placed_on(number, day)
    rollups_rebuild()
    figures = province_insights(
        user=make_official([PROVINCE]),
        province_code=PROVINCE,
        date_from=date(2024, 12, 1),
        date_to=date(2026, 11, 30),
    )
    by_month = {m.month: m for m in figures.monthly}
    # March 2026: two orders (2 + 3 units); its twin March 2025 holds the 1-unit order.
    assert by_month[date(2026, 3, 1)].sales.units_sold == 5
    assert by_month[date(2026, 3, 1)].sales.order_count == 2
    assert by_month[date(2026, 3, 1)].previous_year.units_sold == 1
    # March 2025 is in the period and is also the year before of March 2026; its own twin is 2024's.
    assert by_month[date(2025, 3, 1)].sales.units_sold == 1
    assert by_month[date(2025, 3, 1)].previous_year.units_sold == 4
    assert figures.sales.units_sold == 6 == sum(m.sales.units_sold for m in figures.monthly)
    assert figures.sales.order_count == 3
    assert figures.sales.revenue[0].amount == Decimal("60000")
    assert figures.stalls_active == 1
    assert [p.units_sold for p in figures.top_products] == [6]


def test_the_declared_share_under_a_category_keeps_only_declarations_inside_it(seller):
    variant = make_variant(seller, price=100_000, stock=100)
    other_category = Category.objects.create(name="Trái cây", slug="trai-cay-test")
    month = timezone.localdate().replace(day=1)
    buy([(variant, 1)])
    rollups_rebuild()
    SalesDeclaration.objects.create(
        stall=seller,
        month=month,
        product=variant.product,
        other_online_amount=100_000,
        offline_amount=200_000,
    )
    SalesDeclaration.objects.create(
        stall=seller, month=month, category=other_category, other_online_amount=0, offline_amount=5_000_000
    )
    official = make_official([PROVINCE])
    period = {"date_from": month, "date_to": month + relativedelta(months=1, days=-1)}

    def shares(**filters):
        return province_insights(
            user=official, province_code=PROVINCE, filters=InsightFilters(**filters), **period
        ).declared

    everything = shares()
    assert [a.amount for a in everything.declared_offline] == [Decimal("5200000")]
    narrowed = shares(category_id=variant.product.category_id)
    assert [a.amount for a in narrowed.declared_offline] == [Decimal("200000")]
    assert [a.amount for a in narrowed.nongsan_revenue] == [Decimal("100000")]
    # (100,000 Nông Sàn + 100,000 other online) ÷ 400,000.
    assert [s.share for s in narrowed.online] == [Decimal("0.5000")]
    # OCOP and channel cannot narrow declarations: the share stays what the unfiltered one is.
    assert shares(channel="vn").declared_offline == everything.declared_offline
    assert shares(ocop_stars=0).declared_offline == everything.declared_offline
