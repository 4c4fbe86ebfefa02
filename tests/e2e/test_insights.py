"""An official signs in and sees the province's figures and their SVG charts in Chromium."""

import pytest
from django.urls import reverse

from backend.core.money import format_money
from backend.insights.rollups import rollups_rebuild
from tests.backend.checkout.builders import make_shipping, make_variant
from tests.backend.dashboard.insights.conftest import buy
from tests.e2e.conftest import sign_in
from tests.e2e.support import assert_accessible, screenshot
from tests.factories import PASSWORD, make_official, make_stall, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_official_sees_the_figures_and_charts(page, live_server):
    stall = make_stall(make_user(), province_code=86, commune_code=28777, name="HTX Dừa Trình duyệt")
    make_shipping(stall, price=0)
    candy = make_variant(stall, price=50_000, stock=100, weight=250)
    buy([(candy, 3)])
    buy([(candy, 2)])
    rollups_rebuild()
    official = make_official([86], email="official-e2e@example.vn")

    sign_in(page, live_server.url, official.email, PASSWORD)
    page.goto(live_server.url + reverse("dashboard:insights:province"))
    body = page.inner_text("main")
    assert format_money(250_000, "VND") in body
    assert page.locator("svg[role=img]").count() >= 3
    assert page.locator("#figure-monthly svg[role=img]").count() >= 1
    assert "<svg" not in body, "a chart was escaped into text"
    assert page.locator("#table-monthly tbody tr").count() >= 1
    assert_accessible(page)
    screenshot(page, "insights-province")
