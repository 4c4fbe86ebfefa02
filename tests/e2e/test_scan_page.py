"""A phone scans a printed stamp: headless Chromium follows the resolver's 307 to the scan page."""

import pytest

from tests.traceability.builders import issue_stamps, make_lot, make_variant
from traceability import signing

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

GTIN = "08931234567897"


def test_stamp_url_opens_a_genuine_verdict_then_scanned_before(page, live_server):
    stamp = issue_stamps(make_lot(make_variant(gtin=GTIN), code="LOT2406"), 1, with_pin=True).stamps.get()
    url = signing.stamp_url_build(
        gtin=GTIN,
        lot_code="LOT2406",
        serial=stamp.serial,
        signature=stamp.signature,
        base_url=live_server.url,
    )

    page.goto(url)
    assert "/scan/01/" in page.url
    assert page.locator(".verdict h1").inner_text() == "Chính hãng"
    assert page.viewport_size["width"] == 390
    # The verdict sits above the fold on a phone.
    assert page.locator(".verdict").bounding_box()["y"] < 844
    assert page.locator("input[name=pin]").count() == 1

    page.goto(url)
    assert page.locator(".verdict h1").inner_text() == "Chính hãng – đã được quét trước đó"

    page.goto(url.replace(f"s={stamp.signature}", "s=AAAAAAAAAAAAAAAA"))
    assert page.locator(".verdict h1").inner_text() == "Không xác thực được"
    # A PIN means something only on a stamp that verified: the forged page offers no PIN check.
    assert page.locator("input[name=pin]").count() == 0
