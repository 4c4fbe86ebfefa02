"""A visitor signs in (and signs up, confirming by email) through the real pages in Chromium, in
Vietnamese by default, and switches to English."""

import pytest
from django.core import mail

from tests.backend.accounts.support import link_in
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_visitor_signs_in_and_switches_language(page, live_server):
    make_user("mai@example.vn", full_name="Nguyễn Thị Mai")
    page.goto(f"{live_server.url}/")
    assert page.locator("html").get_attribute("lang") == "vi"
    sign_in(page, live_server.url, "mai@example.vn", PASSWORD)
    assert page.locator(".topbar .who").inner_text() == "Nguyễn Thị Mai"
    assert page.locator(".topbar").get_by_text("Đăng xuất").is_visible()
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator(".topbar").get_by_text("Sign out").is_visible()


def test_wrong_password_shows_the_error_in_vietnamese(page, live_server):
    make_user("mai@example.vn")
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.fill("input[name=email]", "mai@example.vn")
    page.fill("input[name=password]", "sai-mat-khau")
    page.click("form button[type=submit].primary")
    assert page.get_by_text("Vui lòng nhập đúng email và mật khẩu.").is_visible()


def test_visitor_signs_up_confirms_by_email_and_signs_in(page, live_server):
    page.goto(f"{live_server.url}/accounts/sign-up/")
    page.fill("input[name=full_name]", "Ngô Văn An")
    page.fill("input[name=email]", "an@example.vn")
    page.fill("input[name=password]", "mật-khẩu-rất-dài-2025")
    with page.expect_navigation():
        page.click("form button[type=submit].primary")
    assert page.get_by_role("heading", name="Hãy kiểm tra email").is_visible()
    # Before the emailed link is opened, the right password answers like a wrong one.
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.fill("input[name=email]", "an@example.vn")
    page.fill("input[name=password]", "mật-khẩu-rất-dài-2025")
    page.click("form button[type=submit].primary")
    assert page.get_by_text("Vui lòng nhập đúng email và mật khẩu.").is_visible()
    confirmations = [m for m in mail.outbox if "/accounts/confirm/" in m.body]
    assert confirmations and confirmations[0].to == ["an@example.vn"]
    page.goto(live_server.url + link_in(confirmations[0].body, "/accounts/confirm/"))
    assert page.get_by_role("heading", name="Email của bạn đã được xác nhận").is_visible()
    sign_in(page, live_server.url, "an@example.vn", "mật-khẩu-rất-dài-2025")
    assert page.locator(".topbar .who").inner_text() == "Ngô Văn An"
