"""The issue's Done-when on the demo: after seed_demo, official@demo.vn sees Vĩnh Long's figures on the
dashboard page, in provinceInsights and in the XLSX export, each equal to a direct count over the
orders and scans of the period.

One test on purpose: seed_demo takes tens of seconds, so it is built once and checked in one go.
"""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from backend.accounts.models import User
from backend.demo.accounts import DEMO_PASSWORD
from backend.insights.rollups import COUNTED_STATUSES, day_bounds
from backend.orders.models import Order, OrderLine
from tests.backend.graphql.insights.test_province_insights import PROVINCE as PROVINCE_QUERY
from tests.graphql_client import gql
from traceability.models import Scan

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
VINH_LONG = 86


@pytest.mark.django_db
def test_the_demo_official_sees_vinh_long_figures_a_direct_count_gives(client):
    call_command("seed_demo", verbosity=0)
    today = timezone.localdate()
    date_from, date_to = today - timedelta(days=364), today
    start, end = day_bounds(date_from)[0], day_bounds(date_to)[1]
    orders = Order.objects.filter(
        stall__province_code=VINH_LONG, status__in=COUNTED_STATUSES, created_at__gte=start, created_at__lt=end
    )
    lines = OrderLine.objects.filter(order__in=orders)
    revenue: dict[str, Decimal] = {}
    for order in orders.prefetch_related("lines"):
        goods = sum((line.total for line in order.lines.all()), Decimal(0))
        revenue[order.currency] = (
            revenue.get(order.currency, Decimal(0)) + goods - min(order.refunded_amount, goods)
        )
    units = sum(lines.values_list("quantity", flat=True))
    scans = Scan.objects.filter(
        stamp__lot__stall__province_code=VINH_LONG, scanned_at__gte=start, scanned_at__lt=end
    ).count()
    assert orders.count() > 0 and scans > 0, "the demo history must give the official something to see"

    assert client.login(email="official@demo.vn", password=DEMO_PASSWORD)
    period = {"province": VINH_LONG, "date_from": date_from.isoformat(), "date_to": date_to.isoformat()}
    page = client.get(reverse("dashboard:insights:province"), period)
    assert page.status_code == 200
    insights = page.context["insights"]
    assert insights.province_code == VINH_LONG
    assert insights.sales.order_count == orders.count()
    assert insights.sales.units_sold == units
    assert {a.currency: a.amount for a in insights.sales.revenue} == revenue
    assert insights.stamps.scans == scans
    assert insights.stalls_online > 0 and insights.ocop.ocop_products_certified > 0
    assert insights.declared.online, "most demo stalls declared their sales"

    variables = {"province": VINH_LONG, "from": date_from.isoformat(), "to": date_to.isoformat()}
    official = User.objects.get(email="official@demo.vn")
    data = gql(client, PROVINCE_QUERY, variables, user=official)["data"]["provinceInsights"]
    assert data["orderCount"] == orders.count()
    assert data["unitsSold"] == units
    assert {r["currency"]: Decimal(str(r["amount"])) for r in data["revenue"]} == revenue
    assert data["scans"] == scans

    export = client.get(
        reverse("dashboard:insights:province_export"), {**period, "table": "monthly", "format": "xlsx"}
    )
    assert export.status_code == 200
    rows = list(load_workbook(io.BytesIO(export.content)).worksheets[0].iter_rows(values_only=True))
    header, body = rows[0], [r for r in rows[1:] if r[0] and "/" in str(r[0])]
    assert header[1] == "Đơn hàng" and header[2] == "Số lượng bán"
    assert sum(r[1] for r in body) == orders.count()
    assert sum(r[2] for r in body) == units
    vnd = header.index("Doanh thu (VND)")
    assert sum(Decimal(str(r[vnd])) for r in body) == revenue.get("VND", Decimal(0))
