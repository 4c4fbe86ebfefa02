"""Attach a consented province to the visitor's scan just recorded (the scan page's opt-in form).

The scan was recorded without a location when the page opened; when the visitor then agrees to
share a province, it is added to that scan (same serial, same device, within a few minutes), so the
clone check sees it without counting a second scan.
"""

from datetime import timedelta

from django.utils import timezone

from traceability.models import Scan

CONSENT_WINDOW = timedelta(minutes=30)


def scan_location_share(*, serial: str, device_hash: str, province_code: int) -> bool:
    """Record consent and the province on the device's latest unlocated scan of `serial`."""
    if not device_hash:
        return False
    latest = (
        Scan.objects.filter(
            serial=serial,
            device_hash=device_hash,
            province_code__isnull=True,
            scanned_at__gte=timezone.now() - CONSENT_WINDOW,
        )
        .order_by("-scanned_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    if latest is None:
        return False
    return bool(Scan.objects.filter(pk=latest).update(consent=True, province_code=province_code))
