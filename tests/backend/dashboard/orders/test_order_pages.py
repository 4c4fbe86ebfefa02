"""Orders dashboard: a stall's orders by status, detail, fulfil/deliver/cancel, packing slip, payouts."""

from decimal import Decimal

import pytest
from django.urls import reverse

from backend.orders.models import OrderStatus, PayoutLedgerEntry
from tests.backend.checkout.builders import make_shipping, make_variant, place
from tests.factories import PASSWORD, make_official, make_stall, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def coop(client):
    owner = make_user()
    stall = make_stall(owner, name="HTX Dừa")
    make_shipping(stall, price=30_000)
    client.login(email=owner.email, password=PASSWORD)
    return stall, owner


def _url(name, stall, order=None, **kwargs):
    args = [stall.pk] + ([order.pk] if order else []) + list(kwargs.values())
    return reverse(f"dashboard:orders:{name}", args=args)


def test_stall_lists_its_orders_by_status_and_not_others(client, coop):
    stall, _owner = coop
    mine = place([(make_variant(stall), 1)]).orders.get()
    other = make_stall()
    make_shipping(other)
    theirs = place([(make_variant(other), 1)]).orders.get()
    page = client.get(_url("list", stall))
    assert page.status_code == 200
    assert mine.number in page.content.decode() and theirs.number not in page.content.decode()
    shipped_only = client.get(_url("list", stall), {"status": "shipped"})
    assert mine.number not in shipped_only.content.decode()
    assert client.get(_url("detail", other, theirs)).status_code == 404
    assert client.get(_url("detail", stall, theirs)).status_code == 404


def test_fulfil_then_deliver_from_the_detail_page(client, coop):
    stall, _owner = coop
    order = place([(make_variant(stall), 1)]).orders.get()
    response = client.post(
        _url("step", stall, order, step="fulfil"), {"carrier": "GHTK", "tracking_number": "S123"}
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.status, order.tracking_number) == (OrderStatus.SHIPPED, "S123")
    client.post(_url("step", stall, order, step="deliver"))
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED


def test_fulfil_without_tracking_is_refused_on_the_page(client, coop):
    stall, _owner = coop
    order = place([(make_variant(stall), 1)]).orders.get()
    response = client.post(_url("step", stall, order, step="fulfil"), {"carrier": "", "tracking_number": ""})
    assert response.status_code == 400
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED


def test_cancel_needs_a_reason(client, coop):
    stall, _owner = coop
    order = place([(make_variant(stall), 1)]).orders.get()
    assert client.post(_url("step", stall, order, step="cancel"), {"reason": ""}).status_code == 400
    client.post(_url("step", stall, order, step="cancel"), {"reason": "Hết hàng"})
    order.refresh_from_db()
    assert (order.status, order.cancel_reason) == (OrderStatus.CANCELLED, "Hết hàng")


def test_packing_slip_prints_address_and_lines(client, coop):
    stall, _owner = coop
    variant = make_variant(stall)
    order = place([(variant, 3)]).orders.get()
    page = client.get(_url("packing_slip", stall, order)).content.decode()
    assert order.number in page and variant.sku in page and "12 Lê Lợi" in page
    assert "@media print" not in page and "packing_slip.css" in page


def test_officials_cannot_open_orders_with_buyers_addresses(client, coop):
    stall, _owner = coop
    official = make_official([stall.province_code])
    client.login(email=official.email, password=PASSWORD)
    assert client.get(_url("list", stall)).status_code == 403


def test_staff_record_a_payout_within_the_balance(client, coop):
    stall, owner = coop
    order = place([(make_variant(stall, price=100_000), 1)]).orders.get()
    client.post(_url("step", stall, order, step="fulfil"), {"carrier": "GHN", "tracking_number": "1"})
    client.post(_url("step", stall, order, step="deliver"))
    assert client.get(reverse("dashboard:orders:payouts")).status_code == 403
    staff = make_user(is_staff=True)
    client.login(email=staff.email, password=PASSWORD)
    page = client.get(reverse("dashboard:orders:payouts"))
    assert page.status_code == 200 and "HTX Dừa" in page.content.decode()
    too_much = client.post(
        reverse("dashboard:orders:payouts"), {"stall": stall.pk, "amount": "200000", "reference": "VCB"}
    )
    assert too_much.status_code == 400
    ok = client.post(
        reverse("dashboard:orders:payouts"), {"stall": stall.pk, "amount": "125000", "reference": "VCB"}
    )
    assert ok.status_code == 302
    assert PayoutLedgerEntry.objects.get(kind="payout").amount == Decimal("-125000")
