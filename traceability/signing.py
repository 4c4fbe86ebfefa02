"""Stamp serials, signatures, scratch PINs and the GS1 Digital Link URLs printed on stamps.

A serial is 60 random bits (12 Crockford base32 characters, all within GS1's character set), so
serials cannot be enumerated. The signature is the first 80 bits of HMAC-SHA256 over
"<gtin>|<lot code>|<serial>" under a key named by `key_id`, as 16 base32 characters: short enough
for a small QR code (an Ed25519 signature would not be). Keys live in settings.STAMP_SIGNING_KEYS;
new stamps use STAMP_ACTIVE_KEY_ID and every listed key keeps verifying what it signed.
"""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from django.conf import settings

from traceability import gs1

if TYPE_CHECKING:
    from traceability.models import Stamp

# Crockford base32: no I, L, O or U, so a serial read aloud or typed is hard to get wrong.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SERIAL_LENGTH = 12
SIGNATURE_LENGTH = 16
PIN_LENGTH = 6
_CROCKFORD_ALIASES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_CODE_RE = re.compile(f"^[{ALPHABET}]+$")


def _base32(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        value, digit = divmod(value, 32)
        chars.append(ALPHABET[digit])
    return "".join(reversed(chars))


def normalize_code(value: str) -> str:
    """Crockford decoding rules for a typed or scanned serial/signature: case and look-alikes."""
    return value.strip().upper().translate(_CROCKFORD_ALIASES)


def is_code(value: str, length: int) -> bool:
    return len(value) == length and bool(_CODE_RE.match(value))


def serial_new() -> str:
    """A fresh random serial (60 bits); uniqueness is enforced by the database."""
    return _base32(secrets.randbits(SERIAL_LENGTH * 5), SERIAL_LENGTH)


def active_key_id() -> str:
    return settings.STAMP_ACTIVE_KEY_ID


def _key(key_id: str) -> bytes | None:
    secret = settings.STAMP_SIGNING_KEYS.get(key_id)
    return secret.encode() if secret else None


def _mac(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode(), hashlib.sha256).digest()


def signature_compute(*, key_id: str, gtin: str, lot_code: str, serial: str) -> str:
    key = _key(key_id)
    if key is None:
        raise KeyError(f"unknown stamp signing key {key_id!r}")
    digest = _mac(key, f"{gtin or ''}|{lot_code}|{serial}")
    return _base32(int.from_bytes(digest[:10], "big"), SIGNATURE_LENGTH)


def signature_valid(*, key_id: str, gtin: str, lot_code: str, serial: str, signature: str) -> bool:
    """Constant-time check; a retired or unknown key id never verifies."""
    if _key(key_id) is None or not signature:
        return False
    expected = signature_compute(key_id=key_id, gtin=gtin, lot_code=lot_code, serial=serial)
    return hmac.compare_digest(expected, normalize_code(signature))


# --- Scratch PINs --------------------------------------------------------------------------------
# A PIN is derived from the serial under a PIN key derived from the signing key, so label printing
# can recompute it and nothing in the database reveals it. The stored hash is a keyed HMAC rather
# than make_password(): Django's password hashers are deliberately slow (a million stamps would take
# hours) and a slow hash of a 6-digit PIN is still guessed offline in 10^6 tries, whereas a keyed hash
# cannot be guessed without the server key.


def _pin_key(key_id: str) -> bytes:
    key = _key(key_id)
    if key is None:
        raise KeyError(f"unknown stamp signing key {key_id!r}")
    return _derived_pin_key(key)


@lru_cache(maxsize=16)
def _derived_pin_key(key: bytes) -> bytes:
    # Cached by the secret itself, so a rotated or overridden key never reuses a stale derivation.
    return _mac(key, "stamp-pin-key")


def pin_for_serial(*, key_id: str, serial: str) -> str:
    """The scratch PIN printed under the scratch-off layer of the stamp with `serial`."""
    digest = _mac(_pin_key(key_id), f"pin|{serial}")
    return f"{int.from_bytes(digest[:8], 'big') % 10**PIN_LENGTH:0{PIN_LENGTH}d}"


def pin_hash(*, key_id: str, serial: str, pin: str) -> str:
    digest = hmac.new(_pin_key(key_id), f"hash|{serial}|{pin}".encode(), hashlib.sha256).hexdigest()
    return f"hmac-sha256${key_id}${digest}"


def pin_matches(*, serial: str, pin: str, stored: str) -> bool:
    try:
        _scheme, key_id, _digest = stored.split("$", 2)
    except ValueError:
        return False
    if _key(key_id) is None:
        return False
    return hmac.compare_digest(pin_hash(key_id=key_id, serial=serial, pin=pin.strip()), stored)


# --- URLs ----------------------------------------------------------------------------------------
# Digital Link syntax (GTIN check digit, qualifier order, GS1 characters, percent-encoding) lives in
# traceability.gs1; this module only adds the signature parameter.


def stamp_url_build(
    *, gtin: str, lot_code: str, serial: str, signature: str, base_url: str | None = None
) -> str:
    """`/01/<GTIN-14>/10/<lot>/21/<serial>?s=<sig>` with a GTIN, else the permanent `/t/<serial>?s=<sig>`."""
    base = (base_url or settings.PUBLIC_BASE_URL).rstrip("/")
    if gtin:
        path = gs1.digital_link_build(gtin=gtin, lot=lot_code, serial=serial).path
    else:
        path = gs1.short_link_path(serial)
    return f"{base}{path}?s={signature}"


def stamp_url(stamp: "Stamp", *, base_url: str | None = None) -> str:
    """The URL printed in an issued stamp's QR code (load `stamp.job` and `stamp.lot` with it)."""
    return stamp_url_build(
        gtin=stamp.job.gtin,
        lot_code=stamp.lot.code,
        serial=stamp.serial,
        signature=stamp.signature,
        base_url=base_url,
    )


@dataclass(frozen=True)
class StampUrl:
    """A parsed stamp URL; `gtin`/`lot_code` are None for the short form."""

    serial: str
    signature: str
    gtin: str | None = None
    lot_code: str | None = None


class StampUrlInvalid(ValueError):
    """The text is not a stamp URL in either form."""


def stamp_url_parse(url: str) -> StampUrl:
    """Parse either stamp URL form; any host is accepted (the signature is what proves origin)."""
    parts = urlsplit((url or "").strip())
    signature = normalize_code((parse_qs(parts.query).get("s") or [""])[0])
    try:
        if parts.path.startswith("/t/"):
            return StampUrl(
                serial=normalize_code(gs1.short_serial_parse(parts.path[3:])), signature=signature
            )
        link = gs1.digital_link_parse(parts.path)
    except gs1.DigitalLinkError as exc:
        raise StampUrlInvalid(exc.message) from exc
    if link.serial is None or link.lot is None:
        raise StampUrlInvalid("A stamp URL carries a lot (10) and a serial (21).")
    return StampUrl(
        serial=normalize_code(link.serial), signature=signature, gtin=link.gtin, lot_code=link.lot
    )
