"""A visitor signs in through the real page in Chromium, sees Vietnamese, switches to English."""

import pytest

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
