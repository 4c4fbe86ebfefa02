"""Verdicts: genuine, scanned before, forged, unknown, mismatched URL, rotated key, clone signals, recall."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from tests.traceability.builders import issue_stamps, make_lot, make_variant
from traceability import signing
from traceability.models import Lot, LotStatus, Scan, Stamp, VerdictKind
from traceability.verification import (
    PinOutcome,
    ScanMeta,
    VerdictReason,
    scan_meta_from_request,
    scan_record,
    stamp_pin_check,
    stamp_verify,
    stamp_verify_url,
)

pytestmark = pytest.mark.django_db

GTIN = "08931234567897"


def _stamp(**lot_fields) -> Stamp:
    lot = make_lot(make_variant(gtin=GTIN), **lot_fields)
    # Released well before the back-dated scans these tests record.
    Lot.objects.filter(pk=lot.pk).update(released_at=timezone.now() - timedelta(days=30))
    lot.refresh_from_db()
    return issue_stamps(lot, 1).stamps.get()


def _verify(stamp: Stamp, meta: ScanMeta | None = None, **kw):
    args = {"serial": stamp.serial, "signature": stamp.signature, **kw}
    return stamp_verify(**args, request_meta=meta or ScanMeta(device_hash="phone-1"))


def _scan(stamp: Stamp, meta: ScanMeta, at=None):
    return scan_record(verdict=_verify(stamp, meta), request_meta=meta, scanned_at=at)


def test_first_scan_is_genuine_with_product_and_lot():
    stamp = _stamp()
    verdict = _verify(stamp)
    assert verdict.kind == VerdictKind.GENUINE_FIRST_SCAN and verdict.is_genuine
    assert verdict.scan_count == 0
    assert verdict.lot == stamp.lot and verdict.product == stamp.lot.variant.product


def test_second_scan_says_scanned_before_with_count_date_and_province():
    stamp = _stamp()
    first = _scan(stamp, ScanMeta(device_hash="phone-1", consent=True, province_code=86))
    verdict = _verify(stamp)
    assert verdict.kind == VerdictKind.GENUINE_SCANNED_BEFORE
    assert verdict.scan_count == 1
    assert verdict.first_scanned_at == first.scanned_at
    assert verdict.first_scan_province == 86


def test_changed_signature_is_forged_and_never_genuine():
    stamp = _stamp()
    bad = ("0" if stamp.signature[0] != "0" else "1") + stamp.signature[1:]
    verdict = _verify(stamp, signature=bad)
    assert verdict.kind == VerdictKind.FORGED and not verdict.is_genuine
    assert verdict.reasons == [VerdictReason.BAD_SIGNATURE]
    assert verdict.lot is None and verdict.product is None


def test_missing_signature_is_forged():
    assert _verify(_stamp(), signature="").kind == VerdictKind.FORGED


def test_unknown_serial_is_unknown():
    verdict = stamp_verify(serial=signing.serial_new(), signature="A" * 16)
    assert verdict.kind == VerdictKind.UNKNOWN and verdict.reasons == [VerdictReason.UNKNOWN_SERIAL]


def test_gtin_or_lot_in_the_url_must_match_the_stamp():
    stamp = _stamp()
    assert _verify(stamp, gtin="08931234567880").reasons == [VerdictReason.GTIN_MISMATCH]
    assert _verify(stamp, lot_code="OTHER").reasons == [VerdictReason.LOT_MISMATCH]
    assert _verify(stamp, gtin=GTIN, lot_code=stamp.lot.code).is_genuine


def test_full_url_verifies_in_both_forms():
    stamp = _stamp()
    url = signing.stamp_url_build(
        gtin=GTIN, lot_code=stamp.lot.code, serial=stamp.serial, signature=stamp.signature
    )
    assert stamp_verify_url(url=url).is_genuine
    short = signing.stamp_url_build(gtin="", lot_code="", serial=stamp.serial, signature=stamp.signature)
    assert stamp_verify_url(url=short).is_genuine


def test_lowercase_and_lookalike_characters_still_verify():
    stamp = _stamp()
    assert _verify(stamp, serial=stamp.serial.lower(), signature=stamp.signature.lower()).is_genuine


def test_stamp_signed_with_a_rotated_key_still_verifies(settings):
    stamp = _stamp()
    settings.STAMP_SIGNING_KEYS = {**settings.STAMP_SIGNING_KEYS, "k9": "a-newer-key-of-enough-length-123456"}
    settings.STAMP_ACTIVE_KEY_ID = "k9"
    newer = issue_stamps(stamp.lot, 1).stamps.get()
    assert newer.key_id == "k9" and stamp.key_id != "k9"
    assert _verify(stamp).is_genuine and _verify(newer).is_genuine


def test_many_distinct_devices_are_suspicious(settings):
    settings.STAMP_CLONE_DEVICE_LIMIT = 5
    stamp = _stamp()
    for n in range(4):
        _scan(stamp, ScanMeta(device_hash=f"phone-{n}"))
    assert _verify(stamp, ScanMeta(device_hash="phone-0")).kind == VerdictKind.GENUINE_SCANNED_BEFORE
    verdict = _verify(stamp, ScanMeta(device_hash="phone-new"))
    assert verdict.kind == VerdictKind.SUSPICIOUS and verdict.reasons == [VerdictReason.MANY_DEVICES]


def test_two_provinces_within_the_window_are_suspicious_and_stay_so(settings):
    settings.STAMP_CLONE_PROVINCE_WINDOW_MINUTES = 120
    stamp = _stamp()
    now = timezone.now()
    _scan(stamp, ScanMeta(device_hash="a", consent=True, province_code=1), at=now - timedelta(hours=5))
    _scan(stamp, ScanMeta(device_hash="b", consent=True, province_code=79), at=now - timedelta(hours=4))
    assert _verify(stamp).reasons == [VerdictReason.PROVINCES_FAR_APART]


def test_current_scan_far_from_a_recent_one_is_suspicious():
    stamp = _stamp()
    _scan(stamp, ScanMeta(device_hash="a", consent=True, province_code=1))
    same = _verify(stamp, ScanMeta(device_hash="a", consent=True, province_code=1))
    assert same.kind == VerdictKind.GENUINE_SCANNED_BEFORE
    far = _verify(stamp, ScanMeta(device_hash="b", consent=True, province_code=79))
    assert far.kind == VerdictKind.SUSPICIOUS


def test_provinces_far_apart_in_time_are_fine():
    stamp = _stamp()
    _scan(
        stamp, ScanMeta(device_hash="a", consent=True, province_code=1), at=timezone.now() - timedelta(days=3)
    )
    assert _verify(stamp, ScanMeta(device_hash="a", consent=True, province_code=79)).is_genuine


def test_scans_before_release_are_suspicious():
    stamp = _stamp()
    _scan(stamp, ScanMeta(device_hash="a"), at=stamp.lot.released_at - timedelta(days=1))
    assert _verify(stamp).reasons == [VerdictReason.SCANNED_BEFORE_RELEASE]


def test_forged_attempts_do_not_count_as_scans_of_the_real_stamp():
    stamp = _stamp()
    meta = ScanMeta(device_hash="x")
    scan_record(verdict=_verify(stamp, meta, signature="0" * 16), request_meta=meta)
    assert _verify(stamp).kind == VerdictKind.GENUINE_FIRST_SCAN


@pytest.mark.parametrize("status", [LotStatus.RECALLED, LotStatus.ON_HOLD])
def test_withdrawn_lot_gives_recalled_with_notice(status):
    stamp = _stamp(status=status)
    verdict = _verify(stamp)
    assert verdict.kind == VerdictKind.RECALLED and not verdict.is_genuine
    assert verdict.recall_notice == "Ngừng sử dụng lô này."


def test_scan_record_is_one_row_without_raw_ip_and_location_only_with_consent():
    stamp = _stamp()
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Zalo")
    meta = scan_meta_from_request(request, consent=False, province_code=79)
    scan = scan_record(verdict=_verify(stamp, meta), request_meta=meta)
    assert Scan.objects.count() == 1
    assert scan.province_code is None and scan.user_agent == "Zalo"
    assert "203.0.113.7" not in scan.ip_hash and len(scan.ip_hash) == 64
    consented = scan_meta_from_request(request, consent=True, province_code=79)
    assert scan_record(verdict=_verify(stamp, consented), request_meta=consented).province_code == 79


def _pin_request(ip="198.51.100.1"):
    return RequestFactory().post("/", REMOTE_ADDR=ip)


def test_pin_verifies_once_then_says_already_used():
    stamp = issue_stamps(make_lot(), 1, with_pin=True).stamps.get()
    pin = signing.pin_for_serial(key_id=stamp.key_id, serial=stamp.serial)
    first = stamp_pin_check(stamp=stamp, pin=pin, request=_pin_request())
    assert first.outcome == PinOutcome.VERIFIED
    again = stamp_pin_check(stamp=stamp, pin=pin, request=_pin_request())
    assert again.outcome == PinOutcome.ALREADY_USED and again.verified_at == first.verified_at


def test_wrong_pins_are_rate_limited_per_serial_even_across_ips():
    stamp = issue_stamps(make_lot(), 1, with_pin=True).stamps.get()
    pin = signing.pin_for_serial(key_id=stamp.key_id, serial=stamp.serial)
    wrong = f"{(int(pin) + 1) % 10**6:06d}"
    outcomes = [
        stamp_pin_check(stamp=stamp, pin=wrong, request=_pin_request(f"10.0.0.{n}")).outcome for n in range(5)
    ]
    assert outcomes == [PinOutcome.WRONG_PIN] * 5
    blocked = stamp_pin_check(stamp=stamp, pin=pin, request=_pin_request("10.0.0.99"))
    assert blocked.outcome == PinOutcome.TOO_MANY_ATTEMPTS


def test_stamp_without_pin_says_so():
    stamp = issue_stamps(make_lot(), 1).stamps.get()
    assert stamp.pin_hash is None
    assert stamp_pin_check(stamp=stamp, pin="123456", request=_pin_request()).outcome == PinOutcome.NO_PIN
