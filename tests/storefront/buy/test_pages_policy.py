"""Every buying and account page, filled with real data, runs no inline script or style."""

import pytest

from tests.backend.checkout.builders import make_shipping, make_variant
from tests.backend.core.test_content_security_policy import inline_code
from tests.factories import make_stall, make_user
from tests.storefront.buy.support import add, place

pytestmark = pytest.mark.django_db


def test_cart_checkout_order_and_account_pages_have_no_inline_code(client):
    buyer = make_user()
    client.force_login(buyer)
    stall = make_stall()
    method = make_shipping(stall)
    add(client, make_variant(stall), 2)
    pages = {"cart": client.get("/cart/"), "checkout": client.get("/checkout/")}
    token = place(client, [method], payment="vietqr")["Location"]
    pages["order"] = client.get(token)
    pages["account"] = client.get("/account/")
    pages["address"] = client.get("/account/addresses/new/")
    for name, response in pages.items():
        assert response.status_code == 200, name
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], name
        assert inline_code(response.content.decode()) == [], name
