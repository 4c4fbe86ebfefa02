"""Serials, signatures (with key rotation), scratch PINs and the two stamp URL forms."""

import pytest

from traceability import signing

GTIN = "08931234567897"


def test_serials_are_random_crockford_and_gs1_safe():
    serials = {signing.serial_new() for _ in range(2000)}
    assert len(serials) == 2000
    assert all(signing.is_code(s, signing.SERIAL_LENGTH) for s in serials)


def test_signature_is_16_base32_characters_and_verifies():
    sig = signing.signature_compute(key_id="dev1", gtin=GTIN, lot_code="LOT1", serial="ABC123DEF456")
    assert signing.is_code(sig, 16)
    assert signing.signature_valid(
        key_id="dev1", gtin=GTIN, lot_code="LOT1", serial="ABC123DEF456", signature=sig
    )


@pytest.mark.parametrize(
    "change", [{"gtin": "08931234567880"}, {"lot_code": "LOT2"}, {"serial": "ABC123DEF457"}]
)
def test_signature_binds_gtin_lot_and_serial(change):
    sig = signing.signature_compute(key_id="dev1", gtin=GTIN, lot_code="LOT1", serial="ABC123DEF456")
    claim = {"gtin": GTIN, "lot_code": "LOT1", "serial": "ABC123DEF456", **change}
    assert not signing.signature_valid(key_id="dev1", signature=sig, **claim)


def test_rotated_key_keeps_verifying_and_removed_key_does_not(settings):
    settings.STAMP_SIGNING_KEYS = {"k1": "first-secret-" * 3}
    old = signing.signature_compute(key_id="k1", gtin="", lot_code="L", serial="S")
    settings.STAMP_SIGNING_KEYS = {"k1": "first-secret-" * 3, "k2": "second-secret-" * 3}
    settings.STAMP_ACTIVE_KEY_ID = "k2"
    assert signing.active_key_id() == "k2"
    assert signing.signature_valid(key_id="k1", gtin="", lot_code="L", serial="S", signature=old)
    settings.STAMP_SIGNING_KEYS = {"k2": "second-secret-" * 3}
    assert not signing.signature_valid(key_id="k1", gtin="", lot_code="L", serial="S", signature=old)


def test_pin_hash_checks_the_derived_pin_only():
    pin = signing.pin_for_serial(key_id="dev1", serial="ABC123DEF456")
    stored = signing.pin_hash(key_id="dev1", serial="ABC123DEF456", pin=pin)
    assert len(pin) == 6 and pin.isdigit() and pin not in stored
    assert signing.pin_matches(serial="ABC123DEF456", pin=pin, stored=stored)
    wrong = f"{(int(pin) + 1) % 10**6:06d}"
    assert not signing.pin_matches(serial="ABC123DEF456", pin=wrong, stored=stored)


def test_url_with_gtin_is_a_digital_link_and_parses_back(settings):
    settings.PUBLIC_BASE_URL = "https://id.nongsan.vn/"
    url = signing.stamp_url_build(gtin=GTIN, lot_code="LOT/24", serial="K7Q2M9XH0A1B", signature="S" * 16)
    assert url == f"https://id.nongsan.vn/01/{GTIN}/10/LOT%2F24/21/K7Q2M9XH0A1B?s={'S' * 16}"
    parsed = signing.stamp_url_parse(url)
    assert parsed == signing.StampUrl(serial="K7Q2M9XH0A1B", signature="S" * 16, gtin=GTIN, lot_code="LOT/24")


def test_url_without_gtin_is_the_short_form():
    url = signing.stamp_url_build(
        gtin="", lot_code="L1", serial="K7Q2M9XH0A1B", signature="ABC", base_url="https://x.vn"
    )
    assert url == "https://x.vn/t/K7Q2M9XH0A1B?s=ABC"
    assert signing.stamp_url_parse(url) == signing.StampUrl(serial="K7Q2M9XH0A1B", signature="ABC")


@pytest.mark.parametrize(
    "url",
    [
        "https://x.vn/01/08931234567890/10/L1/21/S1?s=A",  # bad check digit
        "https://x.vn/01/08931234567897/21/S1/10/L1?s=A",  # qualifiers out of order
        "https://x.vn/01/08931234567897/10/L1?s=A",  # no serial
        "https://x.vn/products/keo-dua",
    ],
)
def test_malformed_urls_are_refused(url):
    with pytest.raises(signing.StampUrlInvalid):
        signing.stamp_url_parse(url)
