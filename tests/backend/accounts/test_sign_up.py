"""Web sign-up never tells whether an email is taken: the same answer and work, the owner emailed;
a new account signs in once its emailed link is opened."""

import pytest
from django.core import mail

from backend.accounts.models import User
from tests.backend.accounts.support import link_in, page_text, post_form
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

SIGN_UP = "/accounts/sign-up/"
NEW_PASSWORD = "mật-khẩu-rất-dài-2025"


def _sign_up(client, email: str, **extra):
    data = {"full_name": "Ngô Văn An", "email": email, "password": NEW_PASSWORD}
    return post_form(client, SIGN_UP, data, **extra)


def test_a_taken_email_gets_the_same_answer_as_a_new_one(client):
    make_user("an@example.vn", full_name="An thật")
    taken = _sign_up(client, "an@example.vn")
    fresh = _sign_up(client, "binh@example.vn")
    assert (taken.status_code, taken["Location"]) == (fresh.status_code, fresh["Location"])
    assert taken.status_code == 302
    assert taken.content == fresh.content
    assert page_text(client.get(taken["Location"])) == page_text(client.get(fresh["Location"]))
    assert "Hãy kiểm tra email" in client.get(fresh["Location"]).content.decode()


def test_the_owner_of_a_taken_email_is_told_by_email_and_nothing_changes(
    client, django_capture_on_commit_callbacks
):
    owner = make_user("an@example.vn", full_name="An thật")
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(client, "AN@example.vn")
    assert [message.to for message in mail.outbox] == [["an@example.vn"]]
    assert "đã có tài khoản" in mail.outbox[0].body
    assert "/accounts/password-reset/" in mail.outbox[0].body
    owner.refresh_from_db()
    assert owner.full_name == "An thật" and owner.check_password(PASSWORD)
    assert User.objects.filter(email="an@example.vn").count() == 1


def test_taken_and_new_emails_cost_the_same_work(client, hashes, django_capture_on_commit_callbacks):
    make_user("an@example.vn")
    hashes.calls = 0
    with django_capture_on_commit_callbacks() as taken_callbacks:
        _sign_up(client, "an@example.vn")
    taken_hashes = hashes.calls
    with django_capture_on_commit_callbacks() as fresh_callbacks:
        _sign_up(client, "binh@example.vn")
    assert taken_hashes == 1 and hashes.calls - taken_hashes == 1
    assert len(taken_callbacks) == len(fresh_callbacks) == 1  # one queued email each
    assert mail.outbox == []  # nothing is sent before the transaction commits


def test_input_errors_are_the_same_for_taken_and_new_emails(client):
    make_user("an@example.vn")
    weak = {"full_name": "An", "password": "123"}
    taken = post_form(client, SIGN_UP, {**weak, "email": "an@example.vn"})
    fresh = post_form(client, SIGN_UP, {**weak, "email": "binh@example.vn"})
    assert taken.status_code == fresh.status_code == 400
    normalised = page_text(taken).replace("an@example.vn", "EMAIL")
    assert normalised == page_text(fresh).replace("binh@example.vn", "EMAIL")


def test_a_new_account_signs_in_only_after_its_link_is_opened(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(client, "binh@example.vn")
    assert not User.objects.get(email="binh@example.vn").is_confirmed
    credentials = {"email": "binh@example.vn", "password": NEW_PASSWORD}
    assert post_form(client, "/accounts/sign-in/", credentials).status_code == 400
    assert [message.to for message in mail.outbox] == [["binh@example.vn"]]
    link = link_in(mail.outbox[0].body, "/accounts/confirm/")
    response = client.get(link)
    assert response.status_code == 200
    assert "Email của bạn đã được xác nhận" in response.content.decode()
    assert post_form(client, "/accounts/sign-in/", credentials).status_code == 302
    # The link is spent once used.
    assert client.get(link).status_code == 400


def test_a_confirmation_link_for_another_email_is_refused(client, django_capture_on_commit_callbacks):
    make_user("an@example.vn", is_confirmed=False)
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(client, "binh@example.vn")
    link = link_in(mail.outbox[0].body, "/accounts/confirm/")
    forged = link.replace("binh%40example.vn", "an%40example.vn")
    assert forged != link
    assert client.get(forged).status_code == 400
    assert not User.objects.get(email="an@example.vn").is_confirmed


def test_sign_ups_are_limited_per_address_whatever_the_outcome(client, settings, hashes):
    settings.SIGN_UP_LIMIT = 2
    make_user("an@example.vn")
    assert _sign_up(client, "an@example.vn", REMOTE_ADDR="203.0.113.7").status_code == 302
    assert _sign_up(client, "binh@example.vn", REMOTE_ADDR="203.0.113.7").status_code == 302
    calls = hashes.calls
    refused = _sign_up(client, "chi@example.vn", REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429
    assert "Có quá nhiều lượt thử từ mạng của bạn" in refused.content.decode()
    assert hashes.calls == calls
    assert not User.objects.filter(email="chi@example.vn").exists()
    assert _sign_up(client, "chi@example.vn", REMOTE_ADDR="198.51.100.3").status_code == 302
