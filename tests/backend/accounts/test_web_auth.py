"""Sign-in, sign-up, sign-out and password reset pages, in Vietnamese by default and in English."""

import pytest
from django.core import mail

from backend.accounts.models import User
from tests.backend.accounts.support import link_in, post_form
from tests.factories import PASSWORD, PROJECT_PASSWORD_HASHERS, make_user

pytestmark = pytest.mark.django_db


def test_sign_in_page_is_vietnamese_by_default(client):
    body = client.get("/accounts/sign-in/").content.decode()
    assert "Đăng nhập" in body and "Mật khẩu" in body


def test_sign_in_page_in_english_when_asked(client):
    body = client.get("/accounts/sign-in/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Sign in" in body and "Password" in body and "Mật khẩu" not in body


def test_language_switch_sets_english(client):
    post_form(client, "/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Forgot your password?" in client.get("/accounts/sign-in/").content.decode()


def test_sign_in_with_right_password_starts_a_session(client):
    user = make_user("mai@example.vn")
    response = post_form(client, "/accounts/sign-in/", {"email": "MAI@example.vn", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_shows_a_vietnamese_error_and_no_session(client):
    make_user("mai@example.vn")
    response = post_form(client, "/accounts/sign-in/", {"email": "mai@example.vn", "password": "sai"})
    assert response.status_code == 400
    assert "Vui lòng nhập đúng email và mật khẩu." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_form_from_that_address_even_for_the_right_password(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    make_user("mai@example.vn")
    for _ in range(2):
        post_form(client, "/accounts/sign-in/", {"email": "mai@example.vn", "password": "sai"})
    response = post_form(client, "/accounts/sign-in/", {"email": "mai@example.vn", "password": PASSWORD})
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()


def test_sign_in_ignores_an_offsite_next_url(client):
    make_user("mai@example.vn")
    response = post_form(
        client,
        "/accounts/sign-in/",
        {"email": "mai@example.vn", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_sign_up_creates_a_consumer_with_argon2_and_normalised_phone(client, settings):
    settings.PASSWORD_HASHERS = PROJECT_PASSWORD_HASHERS
    response = post_form(
        client,
        "/accounts/sign-up/",
        {
            "full_name": "Ngô Văn An",
            "email": "an@example.vn",
            "phone": "0912 345 678",
            "password": "mật-khẩu-rất-dài-2025",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="an@example.vn")
    assert not user.is_confirmed
    assert user.phone == "+84912345678"
    assert user.password.startswith("argon2")


def test_sign_up_refuses_a_foreign_phone_in_the_users_language(client):
    response = post_form(
        client,
        "/accounts/sign-up/",
        {
            "full_name": "An",
            "email": "an@example.vn",
            "phone": "+1 202 555 0100",
            "password": "mật-khẩu-rất-dài-2025",
        },
    )
    assert response.status_code == 400
    assert "Nhập số điện thoại Việt Nam" in response.content.decode()
    assert not User.objects.filter(email="an@example.vn").exists()


def test_sign_out_needs_post_and_ends_the_session(client):
    user = make_user()
    client.force_login(user)
    assert client.get("/accounts/sign-out/").status_code == 405
    post_form(client, "/accounts/sign-out/", {})
    assert "_auth_user_id" not in client.session


def test_password_reset_mails_a_link_that_sets_a_new_password(client, django_capture_on_commit_callbacks):
    user = make_user("mai@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        post_form(client, "/accounts/password-reset/", {"email": "mai@example.vn"})
    assert len(mail.outbox) == 1
    link = link_in(mail.outbox[0].body, "/accounts/reset/")
    form_url = client.get(link)["Location"]  # Django swaps the token for a session marker
    response = post_form(
        client, form_url, {"new_password1": "mới-và-dài-hơn-2025", "new_password2": "mới-và-dài-hơn-2025"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("mới-và-dài-hơn-2025")


def test_csrf_is_enforced_on_sign_in():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/sign-in/", {"email": "x@example.vn", "password": "y"})
    assert response.status_code == 403
