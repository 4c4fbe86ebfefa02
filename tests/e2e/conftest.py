"""Browser tests: headless Debian Chromium driven by Playwright's sync API against `live_server`.

Playwright's sync API runs an event loop in the test thread, and Django refuses ORM calls from a
thread with a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is set. The `browser` fixture sets it
only while Playwright runs (one browser per test), so the rest of the suite, and the processes it
starts (`manage.py check --deploy` refuses that variable), keep Django's async-safety check.
The live server only sees committed rows, so browser tests use a transactional database (the
channels and categories a flush removes are put back by tests/conftest.py for every DB test).
"""

import os
import shutil

import pytest
from django.db import connections

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture
def browser(monkeypatch):
    if not shutil.which(CHROMIUM):
        # Never download a browser here: `bash scripts/ensure_chromium.sh` installs Debian's.
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"{CHROMIUM} is missing (run scripts/ensure_chromium.sh)")
        pytest.skip(f"{CHROMIUM} is missing (run scripts/ensure_chromium.sh)")
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
        # While Playwright's loop runs, Django's connections are context-local, so ORM calls the
        # test made opened a connection of their own: close it here, in that context, or it
        # keeps the test database open after the session.
        connections.close_all()


@pytest.fixture
def page(browser):
    """A fresh browser context (own cookies) in Vietnamese, the site's default language."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, live_server_url: str, email: str, password: str) -> None:
    """Sign in through the real form at /accounts/sign-in/ and wait for the redirect."""
    page.goto(f"{live_server_url}/accounts/sign-in/")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("form button[type=submit].primary")
    assert "/accounts/sign-in/" not in page.url, "sign-in failed"
