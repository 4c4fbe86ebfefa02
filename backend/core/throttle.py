"""Rate limits on guessable actions (sign-in, stamp scans, PIN checks), on top of django-ratelimit."""

import ipaddress
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


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

    def count(self, request: HttpRequest, key: str) -> int:
        """How many events `key` has used in the current window."""
        return self._usage(request, key, increment=False) if key else 0

    def blocked(self, request: HttpRequest, *keys: str) -> bool:
        """True when any key has used up its allowance in the current window."""
        return any(self.count(request, key) >= self.limit for key in keys if key)

    def hit(self, request: HttpRequest, *keys: str) -> None:
        """Count one event against every key."""
        for key in keys:
            if key:
                self._usage(request, key, increment=True)

    def consume(self, request: HttpRequest, key: str) -> bool:
        """Count this event and say whether it is within the allowance.

        One atomic increment (Redis INCR), so concurrent requests cannot all slip in under the
        limit between a check and a count; refused events count too, which changes nothing (the
        key is over the limit until its window ends).
        """
        return self._usage(request, key, increment=True) <= self.limit


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    # Parsed once per distinct setting value; a typo in TRUSTED_PROXIES fails loudly.
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _parse(value: str) -> IPAddress | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    # A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d; compare them as IPv4.
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def _trusted(address: IPAddress | None, networks: tuple[IPNetwork, ...]) -> bool:
    return address is not None and any(address in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """The caller's address: REMOTE_ADDR, or the client a trusted proxy names in X-Forwarded-For.

    X-Forwarded-For is read only when REMOTE_ADDR is one of `TRUSTED_PROXIES`: anyone else could
    write any address there. Each proxy appends the address it received the request from, so the
    list is walked from the right, past our own proxies, to the first address no trusted proxy
    has: that hop is the client (everything further left is whatever the client claimed). An entry
    that is not an IP address falls back to REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not networks or not _trusted(_parse(remote), networks):
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    client = remote
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            return remote
        client = str(address)
        if not _trusted(address, networks):
            return client
    # Every hop is one of our proxies: the leftmost is the request's origin.
    return client


def client_network(request: HttpRequest) -> str:
    """The key a per-client limit counts: the IPv4 address, or the /64 of an IPv6 address.

    One IPv6 subscriber is usually given a whole /64, so counting single IPv6 addresses would give
    an attacker 2**64 fresh allowances.
    """
    ip = client_ip(request)
    address = _parse(ip)
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return ip
