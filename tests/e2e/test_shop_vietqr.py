"""A VietQR checkout on a phone: the waiting page shows the code and the transfer details, and turns
"paid" by itself once the bank's signed notification reaches the server."""

import hashlib
import hmac
import urllib.request

import pytest
from playwright.sync_api import expect

from backend.payments.models import Payment
from tests.backend.payments.conftest import bank_body
from tests.e2e.shop_builders import add_to_cart, build_shop, check, fill_checkout, search_and_open

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BANK_SECRET = "e2e-bank-secret"


@pytest.fixture(autouse=True)
def _bank(settings):
    settings.BANK_WEBHOOK_SECRET = BANK_SECRET
    settings.VIETQR_BANK_BIN = "970436"
    settings.VIETQR_ACCOUNT_NUMBER = "0011004123456"


def post_signed_bank_notification(url: str, body: bytes) -> int:
    """POST the bank's notification as the bank does: JSON body, hex HMAC-SHA256 in X-Signature."""
    signature = hmac.new(BANK_SECRET.encode(), body, hashlib.sha256).hexdigest()
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json", "X-Signature": signature}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status


def test_vietqr_waiting_page_turns_paid_after_a_signed_bank_webhook(page, live_server):
    build_shop()
    base = live_server.url
    search_and_open(page, base, "keo dua", "Kẹo dừa sáp lá dứa")
    add_to_cart(page, 1)
    page.click("#cart-checkout")
    page.wait_for_url(f"{base}/checkout/")
    fill_checkout(page, payment="vietqr", email="minh@example.vn")
    with page.expect_navigation():
        page.click("#place-order")

    payment = Payment.objects.get()
    expect(page.locator("#payment")).to_have_attribute("data-status", payment.status)
    expect(page.locator("#transfer-reference")).to_have_text(payment.reference)
    # 85.000 ₫ of candy and 30.000 ₫ of delivery.
    expect(page.locator("#transfer-amount")).to_have_text("115.000 ₫")
    expect(page.locator("#vietqr-image")).to_be_visible()
    # The code is an SVG the order page serves itself, and the browser could draw it (a complete
    # image with no intrinsic width is one it failed to decode).
    page.wait_for_function("() => document.querySelector('#vietqr-image').complete")
    qr = page.request.get(base + page.locator("#vietqr-image").get_attribute("src"))
    assert qr.status == 200 and qr.headers["content-type"].startswith("image/svg+xml"), qr.headers
    assert page.locator("#vietqr-image").evaluate("img => img.naturalWidth") > 0
    check(page, "vietqr-01-waiting")

    body = bank_body(
        transaction_id=4242, amount=int(payment.amount), content=f"NS {payment.reference} chuyen tien"
    )
    assert post_signed_bank_notification(f"{base}/webhooks/bank/", body) == 200

    # No reload from the test: payment-wait.js polls and the page updates itself.
    expect(page.locator("#payment")).to_have_attribute("data-status", "paid", timeout=20_000)
    expect(page.locator("#vietqr-image")).to_have_count(0)
    payment.refresh_from_db()
    assert payment.status == "paid"
    check(page, "vietqr-02-paid")
