"""The officials' province page and its exports: Vĩnh Long's figures equal a direct count over the
orders, another province is refused, every table downloads as XLSX and CSV with the same numbers."""

import csv
import io
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from backend.core.money import format_money
from backend.insights.rollups import COUNTED_STATUSES
from backend.orders.models import Order, OrderLine
from tests.backend.dashboard.insights.conftest import OTHER_PROVINCE, PROVINCE, SECRETS
from tests.factories import make_official, make_user

pytestmark = pytest.mark.django_db
PAGE = reverse("dashboard:insights:province")
EXPORT = reverse("dashboard:insights:province_export")


def _counted(province: int):
    return Order.objects.filter(stall__province_code=province, status__in=COUNTED_STATUSES)


def _this_month() -> str:
    today = timezone.localdate()
    return f"{today.month:02d}/{today.year}"


def _sheet_rows(response) -> list[list]:
    book = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def test_an_official_sees_the_province_figures_a_direct_count_gives(client, province_world):
    client.force_login(province_world["official"])
    response = client.get(PAGE)
    assert response.status_code == 200
    orders = _counted(PROVINCE)
    revenue = sum((o.merchandise_total for o in orders), Decimal(0))
    units = sum(OrderLine.objects.filter(order__in=orders).values_list("quantity", flat=True))
    insights = response.context["insights"]
    assert (insights.sales.order_count, insights.sales.units_sold) == (orders.count(), units) == (3, 6)
    assert [(a.currency, a.amount) for a in insights.sales.revenue] == [("VND", revenue)]
    body = unescape(response.content.decode())
    assert revenue == 370_000  # 5 × 50.000 + 120.000
    assert format_money(revenue, "VND") in body
    monthly = next(t for t in response.context["tables"] if t.slug == "monthly")
    row = next(r for r in monthly.rows if r[0] == _this_month())
    # 5 × 250 g + 1 kg = 2,25 kg: tonnes to the kilogram, as the selector rounds them.
    assert row[1:4] == [3, 6, Decimal("0.002")]
    assert 'role="img"' in body and "<title" in body


def test_the_monthly_table_downloads_as_xlsx_with_the_same_numbers(client, province_world):
    client.force_login(province_world["official"])
    response = client.get(EXPORT, {"province": PROVINCE, "table": "monthly", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="nongsan-')
    rows = _sheet_rows(response)
    assert rows[0][:5] == ["Tháng", "Đơn hàng", "Số lượng bán", "Khối lượng bán (tấn)", "Doanh thu (VND)"]
    row = next(r for r in rows if r[0] == _this_month())
    assert row[1:5] == [_counted(PROVINCE).count(), 6, 0.002, 370000]


def test_every_table_downloads_in_one_workbook_and_as_csv_in_vietnamese(client, province_world):
    client.force_login(province_world["official"])
    book = load_workbook(
        io.BytesIO(client.get(EXPORT, {"province": PROVINCE, "table": "all", "format": "xlsx"}).content)
    )
    tables = client.get(PAGE).context["tables"]
    assert len(book.sheetnames) == len(tables) + 1
    top = client.get(
        EXPORT, {"province": PROVINCE, "table": "top-products", "format": "csv"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    rows = list(csv.reader(io.StringIO(top.content.decode("utf-8").lstrip("\ufeff"))))
    assert rows[0] == ["Sản phẩm", "Gian hàng", "Số lượng bán", "Doanh thu (VND)"]
    candy = province_world["candy"].product
    assert rows[1] == [candy.name, province_world["stall"].name, "5", "250000"]


def test_an_unknown_table_or_format_is_refused(client, province_world):
    client.force_login(province_world["official"])
    assert client.get(EXPORT, {"province": PROVINCE, "table": "nope", "format": "csv"}).status_code == 404
    assert client.get(EXPORT, {"province": PROVINCE, "table": "monthly", "format": "pdf"}).status_code == 400


def test_filters_narrow_the_figures(client, province_world):
    client.force_login(province_world["official"])
    response = client.get(PAGE, {"legal_form": "household"})
    assert response.status_code == 200
    assert response.context["insights"].sales.units_sold == 1


def test_another_province_is_refused_to_an_official(client, province_world):
    client.force_login(province_world["official"])
    assert client.get(PAGE, {"province": OTHER_PROVINCE}).status_code == 403
    assert (
        client.get(EXPORT, {"province": OTHER_PROVINCE, "table": "monthly", "format": "csv"}).status_code
        == 403
    )
    assert client.get(reverse("dashboard:insights:report"), {"province": OTHER_PROVINCE}).status_code == 403


def test_consumers_and_stall_members_are_refused(client, province_world):
    client.force_login(make_user())
    assert client.get(PAGE).status_code == 403
    client.force_login(province_world["owner"])
    assert client.get(PAGE).status_code == 403
    assert client.get(reverse("dashboard:insights:ocop_list")).status_code == 403


def test_platform_staff_read_any_province(client, province_world):
    client.force_login(make_user(is_staff=True))
    response = client.get(PAGE, {"province": OTHER_PROVINCE})
    assert response.status_code == 200
    assert response.context["insights"].sales.units_sold == 5


def test_a_period_ending_before_it_starts_is_a_form_error_in_vietnamese(client, province_world):
    client.force_login(province_world["official"])
    response = client.get(PAGE, {"date_from": "2025-05-01", "date_to": "2025-04-01"})
    assert response.status_code == 400
    assert "Ngày kết thúc trước ngày bắt đầu." in unescape(response.content.decode())


def test_the_monthly_report_prints_with_its_own_stylesheet(client, province_world):
    client.force_login(province_world["official"])
    today = timezone.localdate()
    response = client.get(reverse("dashboard:insights:report"), {"month": today.strftime("%Y-%m")})
    assert response.status_code == 200
    body = response.content.decode()
    assert "dashboard/insights/insights.css" in body and "data-print" in body
    assert response.context["insights"].sales.order_count == 3
    assert len(next(t for t in response.context["tables"] if t.slug == "monthly").rows) == 12


def test_no_insights_page_shows_an_official_a_buyers_personal_data(client, province_world):
    client.force_login(province_world["official"])
    urls = [
        PAGE,
        reverse("dashboard:insights:report"),
        reverse("dashboard:insights:ocop_list"),
        reverse("dashboard:insights:declarations", args=[province_world["stall"].pk]),
        reverse("dashboard:home"),
    ]
    exports = [
        f"{EXPORT}?province={PROVINCE}&table=all&format=xlsx",
        *(
            f"{EXPORT}?province={PROVINCE}&table={t.slug}&format=csv"
            for t in client.get(PAGE).context["tables"]
        ),
    ]
    leaks = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        leaks += [(url, s) for s in SECRETS if s in unescape(response.content.decode())]
    for url in exports:
        response = client.get(url)
        assert response.status_code == 200, url
        if url.endswith("xlsx"):
            book = load_workbook(io.BytesIO(response.content))
            text = " ".join(
                str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row
            )
        else:
            text = response.content.decode("utf-8")
        leaks += [(url, s) for s in SECRETS if s in text]
    assert leaks == []
    # The buyers' province is shown as an aggregate: Hồ Chí Minh City bought all of it.
    assert "Thành phố Hồ Chí Minh" in unescape(client.get(PAGE).content.decode())


def test_an_official_of_two_provinces_chooses_between_them(client, province_world):
    client.force_login(make_official([PROVINCE, OTHER_PROVINCE]))
    response = client.get(PAGE, {"province": OTHER_PROVINCE})
    assert response.status_code == 200
    assert response.context["insights"].province_code == OTHER_PROVINCE
