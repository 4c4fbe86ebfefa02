"""The client address behind trusted proxies, and throttle counters shared by every process."""

import os
import subprocess
import sys
import textwrap

import pytest
from django.test import RequestFactory

from backend.core.throttle import Throttle, client_ip, client_network

PROXY = "10.0.0.2"


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(_request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


def test_a_header_from_an_untrusted_peer_is_ignored(settings):
    # A client talking to the app directly cannot pick the address its limits count against.
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_ip(_request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


def test_the_address_our_proxy_appended_is_the_client(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_ip(_request(PROXY, "203.0.113.9")) == "203.0.113.9"


def test_a_spoofed_left_part_of_the_chain_is_ignored(settings):
    # The client sent "X-Forwarded-For: 1.2.3.4"; nginx appended the address it saw.
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_ip(_request(PROXY, "1.2.3.4, 203.0.113.9")) == "203.0.113.9"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "192.0.2.10"]
    chain = "1.2.3.4, 203.0.113.9, 192.0.2.10, 10.1.2.3"
    assert client_ip(_request(PROXY, chain)) == "203.0.113.9"


def test_garbage_in_the_chain_falls_back_to_the_peer(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_ip(_request(PROXY, "203.0.113.9, not-an-ip")) == PROXY
    assert client_ip(_request(PROXY, "[2001:db8::1]:443")) == PROXY


def test_a_missing_header_from_the_proxy_is_the_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_ip(_request(PROXY)) == PROXY


def test_ipv6_and_ipv4_mapped_peers(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "fd00::/8"]
    assert client_ip(_request("::ffff:10.0.0.2", "2001:db8::5")) == "2001:db8::5"
    assert client_ip(_request("fd00::1", "203.0.113.9")) == "203.0.113.9"


def test_ipv6_clients_are_counted_per_64_network(settings):
    settings.TRUSTED_PROXIES = []
    assert client_network(_request("2001:db8:1:2:aaaa::1")) == client_network(_request("2001:db8:1:2::9"))
    assert client_network(_request("2001:db8:1:2::9")) == "2001:db8:1:2::/64"
    assert client_network(_request("203.0.113.9")) == "203.0.113.9"


def test_consume_counts_every_event_and_refuses_past_the_limit():
    throttle = Throttle(group="test-consume", limit=2, window_seconds=60)
    request = _request("198.51.100.7")
    assert [throttle.consume(request, "k") for _ in range(4)] == [True, True, False, False]
    assert throttle.consume(request, "other") is True


@pytest.mark.redis
def test_counts_are_shared_across_processes():
    # Two gunicorn workers must see one counter: a process of its own spends the allowance,
    # and this process finds it spent (a day-long window, so no window ends in between).
    script = textwrap.dedent(
        """
        import django
        django.setup()
        from django.test import RequestFactory
        from backend.core.throttle import Throttle
        throttle = Throttle(group="test-shared", limit=3, window_seconds=86400)
        request = RequestFactory().get("/")
        print([throttle.consume(request, "203.0.113.50") for _ in range(3)])
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "backend.settings"},
        check=True,
    )
    assert done.stdout.strip() == "[True, True, True]"
    throttle = Throttle(group="test-shared", limit=3, window_seconds=86400)
    assert throttle.consume(_request("198.51.100.7"), "203.0.113.50") is False
