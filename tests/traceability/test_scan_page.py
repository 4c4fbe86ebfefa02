"""The scan page: the verdict first (genuine, scanned before, suspicious, recalled, not verified),
then the origin facts Circular 02/2024 asks for; every GET records one scan; PIN and location forms."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.backend.accounts.support import post_form
from tests.traceability.builders import issue_stamps, make_lot, make_variant
from traceability import signing
from traceability.models import DiaryKind, Lot, LotStatus, Scan, VerdictKind
from traceability.views import DEVICE_COOKIE

pytestmark = pytest.mark.django_db

GTIN = "08931234567897"
HOST = "http://testserver"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}


class Phone:
    """The test client, running on-commit callbacks (scan recording) as a real request would."""

    def __init__(self, client, capture):
        self.client = client
        self.capture = capture
        self.cookies = client.cookies

    def get(self, *args, **kwargs):
        with self.capture(execute=True):
            return self.client.get(*args, **kwargs)

    def post(self, path, data, **kwargs):
        with self.capture(execute=True):
            return post_form(self.client, path, data, **kwargs)


@pytest.fixture
def phone(client, django_capture_on_commit_callbacks):
    return Phone(client, django_capture_on_commit_callbacks)


def _stamp(*, with_pin=False, gtin=GTIN, **lot_fields):
    lot = make_lot(make_variant(gtin=gtin), code="LOT2406", **lot_fields)
    Lot.objects.filter(pk=lot.pk).update(released_at=timezone.now() - timedelta(days=3))
    return issue_stamps(lot, 1, with_pin=with_pin).stamps.get()


def _scan_url(stamp, signature=None) -> str:
    return f"/scan/01/{GTIN}/10/{stamp.lot.code}/21/{stamp.serial}?s={signature or stamp.signature}"


def _follow_stamp(phone, stamp, **headers):
    """Scan like a phone: the printed URL, then the resolver's 307."""
    url = signing.stamp_url_build(
        gtin=stamp.job.gtin,
        lot_code=stamp.lot.code,
        serial=stamp.serial,
        signature=stamp.signature,
        base_url=HOST,
    )
    redirect = phone.get(url.removeprefix(HOST), **headers)
    assert redirect.status_code == 307
    return phone.get(redirect["Location"].removeprefix(HOST), **headers)


def test_stamp_url_redirects_to_a_page_that_says_genuine_then_scanned_before(phone):
    stamp = _stamp()
    first = _follow_stamp(phone, stamp, **VI)
    assert first.status_code == 200
    html = first.content.decode()
    assert "Chính hãng" in html and "đã được quét trước đó" not in html
    second = _follow_stamp(phone, stamp, **VI).content.decode()
    assert "Chính hãng – đã được quét trước đó" in second
    assert Scan.objects.filter(stamp=stamp).count() == 2


def test_scanned_before_shows_count_and_first_scan_date(phone):
    stamp = _stamp()
    phone.get(_scan_url(stamp), **EN)
    html = phone.get(_scan_url(stamp), **EN).content.decode()
    assert "Genuine – scanned before" in html
    assert "scanned 1 time before" in html
    assert timezone.localdate().strftime("%d/%m/%Y") in html


def test_changed_signature_is_never_called_genuine(phone):
    stamp = _stamp()
    forged = stamp.signature[:-1] + ("A" if stamp.signature[-1] != "A" else "B")
    response = phone.get(_scan_url(stamp, forged), **VI)
    html = response.content.decode()
    assert "Không xác thực được" in html
    assert "Chính hãng" not in html
    assert stamp.lot.variant.product.name not in html  # nothing of a forged URL is shown as real
    assert Scan.objects.get().verdict == VerdictKind.FORGED


def test_unknown_serial_is_not_verified(phone):
    stamp = _stamp()
    html = phone.get(f"/scan/01/{GTIN}/10/LOT2406/21/ZZZZZZZZZZZZ?s=AAAA", **EN).content.decode()
    assert "Not verified" in html and "Genuine" not in html
    assert "No stamp with this serial" in html
    assert stamp.serial not in html


def test_recalled_lot_shows_a_red_banner_with_its_notice(phone):
    stamp = _stamp()
    Lot.objects.filter(pk=stamp.lot_id).update(
        status=LotStatus.RECALLED, recall_notice="Phát hiện dư lượng vượt ngưỡng. Vui lòng trả lại."
    )
    html = phone.get(_scan_url(stamp), **VI).content.decode()
    assert "ĐÃ THU HỒI" in html
    assert 'class="verdict recall"' in html
    assert "Phát hiện dư lượng vượt ngưỡng." in html


def test_suspicious_when_scanned_by_many_devices(phone, settings):
    settings.STAMP_CLONE_DEVICE_LIMIT = 3
    stamp = _stamp()
    for n in range(3):
        phone.cookies[DEVICE_COOKIE] = f"phone-{n}"
        html = phone.get(_scan_url(stamp), **EN).content.decode()
    assert "Suspicious" in html
    assert "unusually many different phones" in html


def test_page_shows_what_circular_02_2024_asks_for(phone):
    stamp = _stamp(expiry_date=timezone.localdate() + timedelta(days=200), packing_date=timezone.localdate())
    lot = stamp.lot
    html = phone.get(_scan_url(stamp), **EN).content.decode()
    product = lot.variant.product
    assert product.name in html
    assert lot.stall.name in html
    assert "Vĩnh Long" in html  # the stall's province (2025 division)
    assert GTIN in html and lot.code in html and stamp.serial in html
    assert lot.expiry_date.strftime("%d/%m/%Y") in html
    assert lot.harvest_date.strftime("%d/%m/%Y") in html
    assert f'href="/products/{product.slug}/"' in html  # buy again


def test_diary_is_a_timeline_with_phi_warnings(phone):
    from traceability import actions

    stamp = _stamp()
    lot = stamp.lot
    owner = lot.created_by
    actions.diary_entry_create(
        lot=lot,
        author=owner,
        kind=DiaryKind.INPUT,
        occurred_at=timezone.make_aware(timezone.datetime(2026, 6, 5, 8)),
        material="Thuốc trừ sâu X",
        dose="20 ml/bình",
        pre_harvest_interval_days=14,
    )
    html = phone.get(_scan_url(stamp), **EN).content.decode()
    assert 'class="timeline"' in html
    assert "Thuốc trừ sâu X" in html
    assert 'class="phi"' in html


def test_scan_records_hashed_ip_and_user_agent_without_location(phone):
    stamp = _stamp()
    phone.get(_scan_url(stamp), HTTP_USER_AGENT="Zalo/1.0", REMOTE_ADDR="203.0.113.9")
    scan = Scan.objects.get()
    assert scan.user_agent == "Zalo/1.0"
    assert scan.ip_hash and "203.0.113.9" not in scan.ip_hash
    assert scan.province_code is None and not scan.consent


def test_location_is_shared_only_with_consent_and_attached_to_the_scan(phone):
    stamp = _stamp()
    url = _scan_url(stamp)
    phone.get(url)
    refused = phone.post(url, {"action": "location", "province": 79}, **EN)
    assert refused.status_code == 200
    assert Scan.objects.get().province_code is None
    phone.post(url, {"action": "location", "province": 79, "consent": "on"}, **EN)
    scan = Scan.objects.get()  # POSTs never count another scan
    assert (scan.consent, scan.province_code) == (True, 79)
    phone.get(url)
    assert Scan.objects.order_by("-pk").first().province_code == 79  # remembered for later scans
    phone.post(url, {"action": "forget-location"})
    phone.get(url)
    assert Scan.objects.order_by("-pk").first().province_code is None


def test_pin_verifies_once(phone):
    stamp = _stamp(with_pin=True)
    pin = signing.pin_for_serial(key_id=stamp.key_id, serial=stamp.serial)
    url = _scan_url(stamp)
    assert 'name="pin"' in phone.get(url, **EN).content.decode()
    wrong = phone.post(url, {"action": "pin", "pin": "000000" if pin != "000000" else "111111"}, **EN)
    assert "Wrong PIN" in wrong.content.decode()
    ok = phone.post(url, {"action": "pin", "pin": pin}, **EN).content.decode()
    assert "PIN correct" in ok
    again = phone.post(url, {"action": "pin", "pin": pin}, **EN).content.decode()
    assert "already checked" in again
    assert Scan.objects.count() == 1


def _forged(stamp) -> str:
    return stamp.signature[:-1] + ("A" if stamp.signature[-1] != "A" else "B")


def test_forged_url_of_a_pin_stamp_shows_no_pin_form(phone):
    stamp = _stamp(with_pin=True)
    html = phone.get(_scan_url(stamp, _forged(stamp)), **EN).content.decode()
    assert "Not verified" in html
    assert 'name="pin"' not in html and 'id="pin"' not in html


def test_pin_post_through_a_forged_url_is_refused_and_checks_nothing(phone):
    stamp = _stamp(with_pin=True)
    pin = signing.pin_for_serial(key_id=stamp.key_id, serial=stamp.serial)
    forged_url = _scan_url(stamp, _forged(stamp))
    for _ in range(6):  # more than the per-serial throttle allows, were these counted
        refused = phone.post(forged_url, {"action": "pin", "pin": pin}, **EN)
        assert refused.status_code == 400
    html = refused.content.decode()
    assert "did not verify, so no PIN was checked" in html
    assert "PIN correct" not in html and 'name="pin"' not in html
    stamp.refresh_from_db()
    assert stamp.pin_verified_at is None
    assert Scan.objects.count() == 0
    # The real stamp's one-time PIN is intact and its throttle untouched.
    assert "PIN correct" in phone.post(_scan_url(stamp), {"action": "pin", "pin": pin}, **EN).content.decode()


def test_pin_post_for_an_unknown_serial_is_refused(phone):
    response = phone.post(
        f"/scan/01/{GTIN}/10/LOT2406/21/ZZZZZZZZZZZZ?s=AAAA", {"action": "pin", "pin": "123456"}, **VI
    )
    assert response.status_code == 400
    assert "không xác thực được, nên mã PIN không được kiểm tra" in response.content.decode()


def test_pin_post_on_a_genuine_stamp_without_pin_says_it_has_none(phone):
    stamp = _stamp()
    response = phone.post(_scan_url(stamp), {"action": "pin", "pin": "123456"}, **EN)
    assert response.status_code == 200
    assert "This stamp has no scratch PIN" in response.content.decode()


def test_pin_form_needs_csrf(phone):
    stamp = _stamp(with_pin=True)
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = post_form(strict, _scan_url(stamp), {"action": "pin", "pin": "123456"})
    assert response.status_code == 403
    assert b"CSRF" in response.content


def test_pin_checks_are_rate_limited(phone):
    stamp = _stamp(with_pin=True)
    url = _scan_url(stamp)
    for _ in range(5):
        phone.post(url, {"action": "pin", "pin": "999999"})
    pin = signing.pin_for_serial(key_id=stamp.key_id, serial=stamp.serial)
    html = phone.post(url, {"action": "pin", "pin": pin}, **EN).content.decode()
    assert "Too many attempts" in html


def test_short_form_stamp_scan_page(phone):
    lot = make_lot(make_variant(gtin=None), code="NOGTIN")
    Lot.objects.filter(pk=lot.pk).update(released_at=timezone.now() - timedelta(days=1))
    stamp = issue_stamps(lot, 1).stamps.get()
    redirect = phone.get(f"/t/{stamp.serial}?s={stamp.signature}")
    html = phone.get(redirect["Location"].removeprefix(HOST), **EN).content.decode()
    assert "Genuine" in html and "NOGTIN" in html


def test_lot_page_without_serial_has_no_verdict_and_records_nothing(phone):
    stamp = _stamp()
    html = phone.get(f"/scan/01/{GTIN}/10/LOT2406", **EN).content.decode()
    assert "Genuine" not in html and "Not verified" not in html
    assert stamp.lot.variant.product.name in html
    assert Scan.objects.count() == 0


def test_page_is_never_cached_and_sets_a_device_cookie(phone):
    stamp = _stamp()
    response = phone.get(_scan_url(stamp))
    assert response["Cache-Control"] == "no-store"
    assert response.cookies[DEVICE_COOKIE]["httponly"]


def test_malformed_scan_path_is_404(phone, db):
    assert phone.get("/scan/01/08931234567894/10/X").status_code == 404
