"""Rate limits on guessable actions (sign-in, stamp scans, PIN checks), on top of django-ratelimit."""

from dataclasses import dataclass

from django.http import HttpRequest
from django_ratelimit.core import get_usage


@dataclass(frozen=True)
class Throttle:
    """At most `limit` counted events per `window_seconds` for one key (an email, an IP …)."""

    group: str
    limit: int
    window_seconds: int

    def _usage(self, request: HttpRequest, key: str, increment: bool) -> int:
        usage = get_usage(
            request,
            group=self.group,
            key=lambda _group, _request: key,
            rate=f"{self.limit}/{self.window_seconds}s",
            increment=increment,
        )
        return 0 if usage is None else usage["count"]

    def blocked(self, request: HttpRequest, *keys: str) -> bool:
        """True when any key has used up its allowance in the current window."""
        return any(self._usage(request, key, increment=False) >= self.limit for key in keys if key)

    def hit(self, request: HttpRequest, *keys: str) -> None:
        """Count one event against every key."""
        for key in keys:
            if key:
                self._usage(request, key, increment=True)


def client_ip(request: HttpRequest) -> str:
    """The caller's address as seen by Django (a trusted proxy must set REMOTE_ADDR correctly)."""
    return request.META.get("REMOTE_ADDR", "")
