"""stampScan: a consumer app's scan is verified and recorded like the scan page's, so both agree."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.graphql_client import gql
from tests.traceability.builders import issue_stamps, make_lot, make_variant
from traceability import signing
from traceability.models import Lot, Scan, VerdictKind
from traceability.verification import scan_meta_from_request

pytestmark = pytest.mark.django_db

GTIN = "08931234567897"
HOST = "http://testserver"
SCAN = """mutation($url: String!, $device: String!, $consent: Boolean, $province: Int) {
  stampScan(url: $url, deviceId: $device, consent: $consent, province: $province) {
    verdict { kind isGenuine serial scanCount }
    errors { field code message }
  }
}"""


def _stamp():
    lot = make_lot(make_variant(gtin=GTIN), code="LOT2406")
    Lot.objects.filter(pk=lot.pk).update(released_at=timezone.now() - timedelta(days=3))
    return issue_stamps(lot, 1).stamps.get()


def _url(stamp, signature=None) -> str:
    return signing.stamp_url_build(
        gtin=GTIN,
        lot_code=stamp.lot.code,
        serial=stamp.serial,
        signature=signature or stamp.signature,
        base_url=HOST,
    )


def _open_page(client, url: str, **headers):
    """Like a phone: the printed URL, then the resolver's 307 to the scan page."""
    redirect = client.get(url.removeprefix(HOST), **headers)
    assert redirect.status_code == 307
    return client.get(redirect["Location"].removeprefix(HOST), **headers)


@pytest.fixture
def scan(client, django_capture_on_commit_callbacks):
    def run(variables):
        with django_capture_on_commit_callbacks(execute=True):
            return gql(client, SCAN, variables)

    return run


def test_an_app_scan_is_recorded_and_the_scan_page_then_says_scanned_before(
    scan, client, rf, django_capture_on_commit_callbacks
):
    stamp = _stamp()
    first = scan({"url": _url(stamp), "device": "app-install-1"})["data"]["stampScan"]["verdict"]
    assert first == {
        "kind": "GENUINE_FIRST_SCAN",
        "isGenuine": True,
        "serial": stamp.serial,
        "scanCount": 0,
    }
    recorded = Scan.objects.get(stamp=stamp)
    assert recorded.verdict == VerdictKind.GENUINE_FIRST_SCAN
    # The device id hashes exactly like the scan page's device cookie of the same value.
    request = rf.get("/")
    assert recorded.device_hash == scan_meta_from_request(request, device_id="app-install-1").device_hash

    with django_capture_on_commit_callbacks(execute=True):
        page = _open_page(client, _url(stamp), HTTP_ACCEPT_LANGUAGE="vi")
    assert "Chính hãng – đã được quét trước đó" in page.content.decode()

    again = scan({"url": _url(stamp), "device": "app-install-1"})["data"]["stampScan"]["verdict"]
    assert again["kind"] == "GENUINE_SCANNED_BEFORE" and again["scanCount"] == 2
    assert Scan.objects.filter(stamp=stamp).count() == 3


def test_the_province_is_kept_only_with_consent(scan):
    stamp = _stamp()
    scan({"url": _url(stamp), "device": "d1", "province": 86})
    scan({"url": _url(stamp), "device": "d1", "province": 86, "consent": True})
    assert list(Scan.objects.filter(stamp=stamp).order_by("pk").values_list("province_code", flat=True)) == [
        None,
        86,
    ]


def test_a_forged_stamp_is_recorded_as_forged(scan):
    stamp = _stamp()
    verdict = scan({"url": _url(stamp, signature="AAAAAAAAAAAAAAAA"), "device": "d1"})["data"]["stampScan"][
        "verdict"
    ]
    assert verdict["kind"] == "FORGED" and verdict["isGenuine"] is False
    assert Scan.objects.get().verdict == VerdictKind.FORGED


@pytest.mark.parametrize(
    ("variables", "field", "code"),
    [
        ({"url": "https://example.com/nothing", "device": "d1"}, "url", "INVALID_URL"),
        ({"url": "x" * 600, "device": "d1"}, "url", "INVALID_URL"),
        ({"url": "URL", "device": ""}, "deviceId", "INVALID"),
        ({"url": "URL", "device": "d1", "province": 999, "consent": True}, "province", "INVALID"),
    ],
)
def test_bad_input_is_refused_with_a_code_and_records_nothing(scan, variables, field, code):
    stamp = _stamp()
    if variables["url"] == "URL":
        variables["url"] = _url(stamp)
    payload = scan(variables)["data"]["stampScan"]
    assert payload["verdict"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)]
    assert not Scan.objects.exists()


def test_app_scans_and_page_scans_share_one_rate_limit(
    scan, client, settings, django_capture_on_commit_callbacks
):
    settings.STAMP_SCAN_LIMIT = 2
    stamp = _stamp()
    assert scan({"url": _url(stamp), "device": "d1"})["data"]["stampScan"]["errors"] == []
    with django_capture_on_commit_callbacks(execute=True):
        assert _open_page(client, _url(stamp)).status_code == 200
    refused = scan({"url": _url(stamp), "device": "d1"})
    assert refused["errors"][0]["extensions"]["code"] == "TOO_MANY_SCANS"
    assert Scan.objects.count() == 2
