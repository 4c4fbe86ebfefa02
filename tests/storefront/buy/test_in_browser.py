"""The buying scripts in Debian's Chromium: the commune list follows the province, and the VietQR
page reloads itself into "paid" once the bank's notification arrives."""

import pytest
from playwright.sync_api import expect

from backend.payments.models import Payment
from tests.backend.checkout.builders import make_shipping, make_variant
from tests.backend.payments.conftest import BANK_SECRET, bank_body, post_bank
from tests.e2e.conftest import browser, page  # noqa: F401 - the browser fixtures, shared with tests/e2e
from tests.factories import make_stall

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _bank(settings):
    settings.BANK_WEBHOOK_SECRET = BANK_SECRET


def _fill_cart(page, live_server):  # noqa: F811 - `page` is the fixture above
    stall = make_stall()
    make_shipping(stall)
    variant = make_variant(stall, price=120_000)
    # Post the add-to-cart form as a product page does (the header's language form set the CSRF cookie).
    page.goto(f"{live_server.url}/cart/")
    page.evaluate(
        """([variant]) => {
            const form = document.createElement('form');
            form.method = 'post'; form.action = '/cart/add/';
            const csrf = document.cookie.split('; ').find(c => c.startsWith('csrftoken='));
            for (const [k, v] of [['variant', variant], ['quantity', '1'],
                                  ['csrfmiddlewaretoken', csrf ? csrf.split('=')[1] : '']]) {
                const input = document.createElement('input');
                input.name = k; input.value = v; form.append(input);
            }
            document.body.append(form); form.submit();
        }""",
        [str(variant.pk)],
    )
    page.wait_for_url(f"{live_server.url}/cart/")


def test_communes_follow_the_province_and_the_qr_page_turns_paid(page, live_server, client):  # noqa: F811
    _fill_cart(page, live_server)
    page.click("#cart-checkout")
    page.wait_for_url(f"{live_server.url}/checkout/")
    # The deferred script hides the no-JS button once it runs; wait for it rather than race it.
    expect(page.locator("#show-communes")).to_be_hidden()
    page.fill("#id_email", "mai@example.vn")
    page.fill("#id_phone", "0912345678")
    page.fill("#id_full_name", "Nguyễn Thị Mai")
    page.fill("#id_street", "12 Lê Lợi")
    page.select_option("#id_province_code", "1")
    page.wait_for_selector("#id_commune_code option[value='4']", state="attached")
    page.select_option("#id_commune_code", "4")
    page.check("input[name='payment_method'][value='vietqr']")
    page.click("#place-order")
    page.wait_for_selector("#transfer-reference")
    payment = Payment.objects.get()
    assert page.inner_text("#transfer-reference") == payment.reference
    assert (
        post_bank(
            client, bank_body(transaction_id=7, amount=int(payment.amount), content=payment.reference)
        ).status_code
        == 200
    )
    page.wait_for_selector("#payment[data-status='paid']", timeout=15_000)
    assert page.query_selector("#vietqr-image") is None
