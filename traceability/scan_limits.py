"""Rate limit on stamp scans per client address, for the scan page and `stampVerify`.

Signatures cannot be guessed, so this is not about enumeration: it keeps one client from flooding
a genuine stamp with scans (which would skew its clone signals) and from hammering the database.
The limit is generous because many phones share one address behind carrier NAT.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from backend.core.throttle import Throttle, client_network


def _throttle() -> Throttle:
    return Throttle(
        group="stamp-scan-ip",
        limit=settings.STAMP_SCAN_LIMIT,
        window_seconds=settings.STAMP_SCAN_WINDOW_SECONDS,
    )


def scan_allowed(request: HttpRequest) -> bool:
    """Count this scan against the caller's address (an IPv6 client by its /64); False once the
    allowance is used up. One atomic count, so a burst of parallel scans cannot all slip under it."""
    return _throttle().consume(request, f"ip:{client_network(request)}")


def scan_rate_limited(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer 429 with Retry-After instead of running `view` when the caller scans too often."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not scan_allowed(request):
            response = HttpResponse(
                _("Too many scans from your network. Please wait a few minutes and try again."),
                status=429,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = str(settings.STAMP_SCAN_WINDOW_SECONDS)
            return response
        return view(request, *args, **kwargs)

    return wrapper
