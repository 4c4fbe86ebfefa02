"""The admin shows payments and webhook events but never lets anyone edit money by hand."""

import pytest

from tests.backend.payments.conftest import make_group, start_payment
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_staff_can_list_payments_but_not_change_them(client):
    payment = start_payment(make_group("vietqr"))
    client.force_login(make_user(is_staff=True, is_superuser=True))
    listing = client.get("/admin/payments/payment/")
    assert listing.status_code == 200
    assert payment.reference in listing.content.decode()
    assert client.get("/admin/payments/payment/add/").status_code == 403
    change = client.post(f"/admin/payments/payment/{payment.pk}/change/", {"status": "paid"})
    assert change.status_code in (200, 403)
    payment.refresh_from_db()
    assert payment.status == "pending"
