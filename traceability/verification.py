"""Is this stamp genuine? The verdict for one scan, cheap scan recording and the one-time PIN check.

Order of checks: an unknown serial or a bad signature is never genuine; a GTIN or lot in the URL that
disagrees with the stamp's lot is forged; a lot on hold or recalled says so before anything else;
clone signals (many devices, far-apart provinces within a short time, scans before release) make it
suspicious; otherwise it is genuine, first scan or scanned before.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from backend.catalog.models import Product
from backend.core.throttle import Throttle, client_ip
from traceability import signing
from traceability.models import Lot, Scan, Stamp, VerdictKind
from traceability.signals import scan_recorded

PIN_IP_THROTTLE = Throttle(group="stamp-pin-ip", limit=20, window_seconds=3600)
PIN_SERIAL_THROTTLE = Throttle(group="stamp-pin-serial", limit=5, window_seconds=3600)
_USER_AGENT_MAX = 255


class VerdictReason(StrEnum):
    UNKNOWN_SERIAL = "unknown_serial"
    BAD_SIGNATURE = "bad_signature"
    GTIN_MISMATCH = "gtin_mismatch"
    LOT_MISMATCH = "lot_mismatch"
    LOT_ON_HOLD = "lot_on_hold"
    LOT_RECALLED = "lot_recalled"
    MANY_DEVICES = "many_devices"
    PROVINCES_FAR_APART = "provinces_far_apart"
    SCANNED_BEFORE_RELEASE = "scanned_before_release"


@dataclass(frozen=True)
class ScanMeta:
    """Who is scanning, reduced to what we may keep: hashes, a user agent, a province with consent."""

    ip_hash: str = ""
    device_hash: str = ""
    user_agent: str = ""
    consent: bool = False
    province_code: int | None = None


def _hash(purpose: str, value: str) -> str:
    # Keyed with the server secret: a leaked scan table does not reveal IPs by brute force.
    return salted_hmac(f"traceability.scan.{purpose}", value, algorithm="sha256").hexdigest() if value else ""


def scan_meta_from_request(
    request: HttpRequest, *, device_id: str = "", consent: bool = False, province_code: int | None = None
) -> ScanMeta:
    """Scan metadata for a request; `device_id` is a long-lived random cookie set by the scan page.

    Without a device cookie the device is approximated by IP + user agent. The province is kept only
    when the visitor consented to share a (coarse) location.
    """
    ip = client_ip(request)
    user_agent = request.META.get("HTTP_USER_AGENT", "")[:_USER_AGENT_MAX]
    return ScanMeta(
        ip_hash=_hash("ip", ip),
        device_hash=_hash("device", device_id or f"{ip}|{user_agent}"),
        user_agent=user_agent,
        consent=consent,
        province_code=province_code if consent else None,
    )


@dataclass
class Verdict:
    kind: VerdictKind
    serial: str
    scan_count: int = 0
    first_scanned_at: datetime | None = None
    first_scan_province: int | None = None
    stamp: Stamp | None = None
    lot: Lot | None = None
    product: Product | None = None
    reasons: list[VerdictReason] = field(default_factory=list)

    @property
    def is_genuine(self) -> bool:
        return self.kind in (VerdictKind.GENUINE_FIRST_SCAN, VerdictKind.GENUINE_SCANNED_BEFORE)

    @property
    def recall_notice(self) -> str:
        return self.lot.recall_notice if self.kind == VerdictKind.RECALLED and self.lot else ""


def _stamp_with_lot(serial: str) -> Stamp | None:
    return (
        Stamp.objects.select_related("job", "lot__variant__product", "lot__stall")
        .filter(serial=serial)
        .first()
    )


def _counted_scans(stamp: Stamp):
    # Forged attempts that reuse a real serial must not shape the real stamp's history.
    return Scan.objects.filter(stamp=stamp).exclude(verdict=VerdictKind.FORGED)


def _clone_signals(stamp: Stamp, scans, meta: ScanMeta, now: datetime, distinct_devices: int) -> list:
    reasons = []
    if meta.device_hash and not scans.filter(device_hash=meta.device_hash).exists():
        distinct_devices += 1
    if distinct_devices >= settings.STAMP_CLONE_DEVICE_LIMIT:
        reasons.append(VerdictReason.MANY_DEVICES)

    window = timedelta(minutes=settings.STAMP_CLONE_PROVINCE_WINDOW_MINUTES)
    located = scans.filter(province_code__isnull=False)
    elsewhere_nearby = located.filter(
        scanned_at__gte=OuterRef("scanned_at") - window, scanned_at__lte=OuterRef("scanned_at") + window
    ).exclude(province_code=OuterRef("province_code"))
    now_elsewhere = meta.province_code is not None and (
        located.filter(scanned_at__gte=now - window).exclude(province_code=meta.province_code).exists()
    )
    if now_elsewhere or located.filter(Exists(elsewhere_nearby)).exists():
        reasons.append(VerdictReason.PROVINCES_FAR_APART)

    released_at = stamp.lot.released_at
    if released_at is not None and (now < released_at or scans.filter(scanned_at__lt=released_at).exists()):
        reasons.append(VerdictReason.SCANNED_BEFORE_RELEASE)
    return reasons


def stamp_verify(
    *,
    serial: str,
    signature: str,
    gtin: str | None = None,
    lot_code: str | None = None,
    request_meta: ScanMeta | None = None,
    now: datetime | None = None,
) -> Verdict:
    """The verdict for one scan (not yet recorded: call `scan_record` with it)."""
    serial = signing.normalize_code(serial)
    meta = request_meta or ScanMeta()
    now = now or timezone.now()
    stamp = _stamp_with_lot(serial) if signing.is_code(serial, signing.SERIAL_LENGTH) else None
    if stamp is None:
        return Verdict(kind=VerdictKind.UNKNOWN, serial=serial, reasons=[VerdictReason.UNKNOWN_SERIAL])

    lot = stamp.lot
    refusal = None
    if not signing.signature_valid(
        key_id=stamp.key_id, gtin=stamp.job.gtin, lot_code=lot.code, serial=serial, signature=signature
    ):
        refusal = VerdictReason.BAD_SIGNATURE
    elif gtin is not None and gtin not in {stamp.job.gtin, lot.variant.gtin or ""} - {""}:
        refusal = VerdictReason.GTIN_MISMATCH
    elif lot_code is not None and lot_code != lot.code:
        refusal = VerdictReason.LOT_MISMATCH
    if refusal is not None:
        # The stamp is kept so the scan is linked to the serial it abused; lot and product are not
        # returned, so nothing about a forged URL is presented as real.
        return Verdict(kind=VerdictKind.FORGED, serial=serial, stamp=stamp, reasons=[refusal])

    scans = _counted_scans(stamp)
    stats = scans.aggregate(
        count=Count("id"),
        first=Min("scanned_at"),
        devices=Count("device_hash", distinct=True, filter=~Q(device_hash="")),
    )
    first_province = (
        scans.filter(province_code__isnull=False)
        .order_by("scanned_at")
        .values_list("province_code", flat=True)
        .first()
    )
    verdict = Verdict(
        kind=VerdictKind.GENUINE_FIRST_SCAN,
        serial=serial,
        scan_count=stats["count"],
        first_scanned_at=stats["first"],
        first_scan_province=first_province,
        stamp=stamp,
        lot=lot,
        product=lot.variant.product,
    )
    if lot.is_withdrawn:
        verdict.kind = VerdictKind.RECALLED
        verdict.reasons = [
            VerdictReason.LOT_RECALLED if lot.status == "recalled" else VerdictReason.LOT_ON_HOLD
        ]
        return verdict
    verdict.reasons = _clone_signals(stamp, scans, meta, now, stats["devices"])
    if verdict.reasons:
        verdict.kind = VerdictKind.SUSPICIOUS
    elif stats["count"]:
        verdict.kind = VerdictKind.GENUINE_SCANNED_BEFORE
    return verdict


def stamp_verify_url(*, url: str, request_meta: ScanMeta | None = None) -> Verdict:
    """Verify a full stamp URL (either form); raises signing.StampUrlInvalid when it is not one."""
    parsed = signing.stamp_url_parse(url)
    return stamp_verify(
        serial=parsed.serial,
        signature=parsed.signature,
        gtin=parsed.gtin,
        lot_code=parsed.lot_code,
        request_meta=request_meta,
    )


def scan_record(*, verdict: Verdict, request_meta: ScanMeta, scanned_at: datetime | None = None) -> Scan:
    """Store one scan: a single INSERT, cheap enough for transaction.on_commit or a task."""
    scan = Scan.objects.create(
        stamp=verdict.stamp,
        serial=verdict.serial[:20],
        verdict=verdict.kind,
        scanned_at=scanned_at or timezone.now(),
        ip_hash=request_meta.ip_hash,
        device_hash=request_meta.device_hash,
        user_agent=request_meta.user_agent[:_USER_AGENT_MAX],
        consent=request_meta.consent,
        province_code=request_meta.province_code if request_meta.consent else None,
    )
    scan_recorded.send(sender=Scan, scan=scan)
    return scan


# --- Scratch PIN ---------------------------------------------------------------------------------


class PinOutcome(StrEnum):
    VERIFIED = "verified"  # correct, and this is the first successful check
    ALREADY_USED = "already_used"  # correct, but it was verified before: the stamp may be a copy
    WRONG_PIN = "wrong_pin"
    NO_PIN = "no_pin"
    TOO_MANY_ATTEMPTS = "too_many_attempts"


@dataclass(frozen=True)
class PinCheck:
    outcome: PinOutcome
    verified_at: datetime | None = None


def stamp_pin_check(*, stamp: Stamp, pin: str, request: HttpRequest) -> PinCheck:
    """Check a scratch PIN once. Wrong guesses count against the caller's IP and the serial."""
    if not stamp.pin_hash:
        return PinCheck(PinOutcome.NO_PIN)
    keys = (client_ip(request),)
    if PIN_IP_THROTTLE.blocked(request, *keys) or PIN_SERIAL_THROTTLE.blocked(request, stamp.serial):
        return PinCheck(PinOutcome.TOO_MANY_ATTEMPTS)
    if not signing.pin_matches(serial=stamp.serial, pin=pin, stored=stamp.pin_hash):
        PIN_IP_THROTTLE.hit(request, *keys)
        PIN_SERIAL_THROTTLE.hit(request, stamp.serial)
        return PinCheck(PinOutcome.WRONG_PIN)
    now = timezone.now()
    # A conditional UPDATE instead of read-then-write: of two simultaneous correct checks exactly
    # one flips pin_verified_at, the other is told the PIN was already used.
    first = Stamp.objects.filter(pk=stamp.pk, pin_verified_at__isnull=True).update(pin_verified_at=now)
    if first:
        stamp.pin_verified_at = now
        return PinCheck(PinOutcome.VERIFIED, now)
    stamp.refresh_from_db(fields=["pin_verified_at"])
    return PinCheck(PinOutcome.ALREADY_USED, stamp.pin_verified_at)
