"""A stall's voucher page: it lists and creates only its own codes, refusals in Vietnamese."""

import pytest
from django.urls import reverse

from backend.discounts.models import Voucher
from tests.backend.accounts.support import post_form
from tests.backend.checkout.builders import channel
from tests.backend.discounts.builders import make_voucher
from tests.factories import make_stall, make_user

pytestmark = pytest.mark.django_db


def test_the_stall_creates_and_lists_its_own_vouchers_only(client):
    channel("vn")
    owner, other_owner = make_user(), make_user()
    stall, other = make_stall(owner), make_stall(other_owner)
    make_voucher("NGUOIKHAC", stall=other)
    url = reverse("dashboard:discounts:stall_list", args=[stall.pk])
    client.force_login(owner)
    response = post_form(
        client, url, {"code": "tet25", "kind": "percentage", "value": "25", "usage_limit": "50"}
    )
    assert response.status_code == 302
    voucher = Voucher.objects.get(code="TET25")
    assert (voucher.stall, voucher.usage_limit) == (stall, 50)
    page = client.get(url).content.decode()
    assert "TET25" in page and "NGUOIKHAC" not in page
    refused = post_form(client, url, {"code": "NGUOIKHAC", "kind": "fixed", "value": "10000"})
    assert refused.status_code == 200 and "Mã này đã được dùng." in refused.content.decode()
    client.force_login(other_owner)
    assert client.get(url).status_code == 404
