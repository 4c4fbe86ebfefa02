"""Shared helpers for account tests: a hasher that counts its work, a throttle clock, form posts."""

import re
from types import SimpleNamespace
from urllib.parse import urlencode

import django_ratelimit.core
import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


class CountingHasher(MD5PasswordHasher):
    """The suite's fast hasher, counting every hash computed (Argon2 in production)."""

    calls = 0

    def encode(self, password: str, salt: str) -> str:
        CountingHasher.calls += 1
        return super().encode(password, salt)


@pytest.fixture
def hashes(settings):
    """How many password hashes the code under test computed: read `hashes.calls`."""
    settings.PASSWORD_HASHERS = ["tests.backend.accounts.support.CountingHasher"]
    CountingHasher.calls = 0
    return CountingHasher


@pytest.fixture
def clock(monkeypatch):
    """The clock django-ratelimit reads to pick a window; `clock.advance(seconds)` moves it."""
    import time

    state = SimpleNamespace(now=time.time())
    state.advance = lambda seconds: setattr(state, "now", state.now + seconds)
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: state.now))
    return state


def post_form(client: Client, url: str, data: dict, **extra):
    """POST `data` url-encoded, as a browser submits these forms."""
    return client.post(url, urlencode(data), content_type="application/x-www-form-urlencoded", **extra)


def page_text(response) -> str:
    """The body without its per-response CSRF token, for comparing two answers."""
    return _CSRF.sub('name="csrfmiddlewaretoken" value=""', response.content.decode())


def link_in(body: str, path: str) -> str:
    """The first URL under `path` in an email body, without scheme and host."""
    match = re.search(rf"https?://[^/\s]+({re.escape(path)}\S*)", body)
    assert match, body
    return match.group(1)
