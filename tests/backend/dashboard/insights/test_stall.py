"""A stall's own insights and its monthly declarations: members only see and write their own stall,
officials read declarations but not the stall's money, and the home page reminds until declared."""

import io
from datetime import date
from decimal import Decimal
from html import unescape

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from backend.insights.models import SalesDeclaration
from tests.factories import make_stall, make_user

pytestmark = pytest.mark.django_db


def _last_month() -> date:
    return timezone.localdate().replace(day=1) - relativedelta(months=1)


def test_a_member_sees_the_stalls_sales_by_product(client, province_world):
    client.force_login(province_world["owner"])
    stall = province_world["stall"]
    response = client.get(reverse("dashboard:insights:stall", args=[stall.pk]))
    assert response.status_code == 200
    insights = response.context["insights"]
    assert insights.sales.units_sold == 5 and insights.sales.order_count == 2
    table = next(t for t in response.context["tables"] if t.slug == "product-months")
    assert [row[1:4] for row in table.rows] == [[province_world["candy"].product.name, 5, Decimal(250000)]]
    export = client.get(
        reverse("dashboard:insights:stall_export", args=[stall.pk]), {"table": "all", "format": "xlsx"}
    )
    book = load_workbook(io.BytesIO(export.content))
    assert "Doanh số theo sản phẩm và tháng" in book.sheetnames


def test_an_official_and_another_stalls_member_cannot_open_a_stalls_insights(client, province_world):
    url = reverse("dashboard:insights:stall", args=[province_world["stall"].pk])
    client.force_login(province_world["official"])
    assert client.get(url).status_code == 403
    client.force_login(make_user())
    assert client.get(url).status_code == 404


def test_a_member_declares_last_month_and_the_reminder_goes(client, province_world):
    owner, stall = province_world["owner"], province_world["stall"]
    client.force_login(owner)
    home = reverse("dashboard:home")
    assert "chưa khai báo doanh số ngoài Nông Sàn" in unescape(client.get(home).content.decode())
    url = reverse("dashboard:insights:declarations", args=[stall.pk])
    response = client.post(
        url,
        {
            "month": _last_month().isoformat(),
            "scope": f"p{province_world['candy'].product_id}",
            "currency": "VND",
            "other_online_amount": "1500000",
            "offline_amount": "3000000",
        },
    )
    assert response.status_code == 302
    declaration = SalesDeclaration.objects.get(stall=stall)
    assert (declaration.month, declaration.product_id) == (_last_month(), province_world["candy"].product_id)
    assert declaration.offline_amount == Decimal(3_000_000)
    assert f"{stall.name} chưa khai báo" not in unescape(client.get(home).content.decode())
    # Correcting the same month and product replaces it.
    client.post(url, {"month": _last_month().isoformat(), "scope": f"p{province_world['candy'].product_id}",
                      "currency": "VND", "other_online_amount": "0", "offline_amount": "10"})  # fmt: skip
    assert SalesDeclaration.objects.get(stall=stall).offline_amount == Decimal(10)
    client.post(url, {"delete": declaration.pk})
    assert not SalesDeclaration.objects.filter(stall=stall).exists()


def test_a_closed_month_another_stalls_product_or_a_negative_amount_is_refused(client, province_world):
    owner, stall = province_world["owner"], province_world["stall"]
    foreign = make_stall(make_user())
    client.force_login(owner)
    url = reverse("dashboard:insights:declarations", args=[stall.pk])
    base = {
        "month": _last_month().isoformat(),
        "currency": "VND",
        "other_online_amount": "1",
        "offline_amount": "1",
    }
    closed = {**base, "month": (_last_month() - relativedelta(months=3)).isoformat()}
    for data in (closed, {**base, "scope": f"p{foreign.pk}"}, {**base, "offline_amount": "-5"}):
        response = client.post(url, data)
        assert response.status_code == 400
        assert response.context["form"].errors
    assert not SalesDeclaration.objects.exists()


def test_an_official_reads_declarations_but_cannot_write(client, province_world):
    client.force_login(province_world["official"])
    url = reverse("dashboard:insights:declarations", args=[province_world["stall"].pk])
    response = client.get(url)
    assert response.status_code == 200 and 'name="offline_amount"' not in response.content.decode()
    data = {
        "month": _last_month().isoformat(),
        "currency": "VND",
        "other_online_amount": "1",
        "offline_amount": "1",
    }
    assert client.post(url, data).status_code == 403
    assert not SalesDeclaration.objects.exists()
