"""Scans are rate-limited per client address on the scan page and in stampVerify."""

import json

import pytest

from tests.traceability.builders import issue_stamps, make_lot, make_variant
from traceability import signing
from traceability.models import Scan

pytestmark = pytest.mark.django_db

GTIN = "08931234567897"
STAMP_VERIFY = "query($url: String!) { stampVerify(url: $url) { kind isGenuine } }"


@pytest.fixture
def stamp():
    lot = make_lot(make_variant(gtin=GTIN), code="LOT2406")
    return issue_stamps(lot, 1).stamps.get()


def _scan_path(stamp) -> str:
    return f"/scan/01/{GTIN}/10/{stamp.lot.code}/21/{stamp.serial}?s={stamp.signature}"


def test_scan_page_answers_429_past_the_limit_and_records_nothing_more(
    client, settings, stamp, django_capture_on_commit_callbacks
):
    settings.STAMP_SCAN_LIMIT = 3
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.get(_scan_path(stamp)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.get(_scan_path(stamp))
    assert refused.status_code == 429
    assert refused["Retry-After"] == str(settings.STAMP_SCAN_WINDOW_SECONDS)
    assert Scan.objects.filter(stamp=stamp).count() == 3


def test_another_address_is_not_limited(client, settings, stamp):
    settings.STAMP_SCAN_LIMIT = 1
    client.get(_scan_path(stamp), REMOTE_ADDR="10.0.0.1")
    assert client.get(_scan_path(stamp), REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.get(_scan_path(stamp), REMOTE_ADDR="10.0.0.2").status_code == 200


def test_stamp_verify_is_limited_with_an_error_code(client, settings, stamp):
    settings.STAMP_SCAN_LIMIT = 1
    url = signing.stamp_url_build(
        gtin=GTIN, lot_code=stamp.lot.code, serial=stamp.serial, signature=stamp.signature
    )

    def verify():
        body = json.dumps({"query": STAMP_VERIFY, "variables": {"url": url}})
        return client.post("/graphql/", body, content_type="application/json").json()

    assert verify()["data"]["stampVerify"]["isGenuine"] is True
    second = verify()
    assert second["errors"][0]["extensions"]["code"] == "TOO_MANY_SCANS"


def test_ipv6_addresses_of_one_64_network_share_one_allowance(client, settings, stamp):
    settings.STAMP_SCAN_LIMIT = 1
    assert client.get(_scan_path(stamp), REMOTE_ADDR="2001:db8:1:2::a").status_code == 200
    # Another address of the same subscriber's /64 is the same client; the next /64 is not.
    assert client.get(_scan_path(stamp), REMOTE_ADDR="2001:db8:1:2::b").status_code == 429
    assert client.get(_scan_path(stamp), REMOTE_ADDR="2001:db8:1:3::a").status_code == 200


@pytest.mark.redis
def test_parallel_scans_cannot_slip_under_the_limit_together(settings):
    # Check-then-count let every request of a burst pass the check before any was counted; one
    # atomic increment on the shared cache lets exactly the allowance through.
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from django.test import RequestFactory

    from traceability.scan_limits import scan_allowed

    settings.STAMP_SCAN_LIMIT = 5
    workers = 20
    barrier = Barrier(workers)

    def scan(_):
        request = RequestFactory().get("/scan/", REMOTE_ADDR="198.51.100.7")
        barrier.wait()
        return scan_allowed(request)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        allowed = list(pool.map(scan, range(workers)))
    assert allowed.count(True) == 5
