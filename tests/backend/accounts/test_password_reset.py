"""The password-reset page answers and works the same for known and unknown emails, is limited
per address, and a completed reset confirms an account that was waiting for its link."""

import pytest
from django.core import mail

from backend.accounts.models import User
from tests.backend.accounts.support import link_in, page_text, post_form
from tests.factories import make_user

pytestmark = pytest.mark.django_db

RESET = "/accounts/password-reset/"


def test_known_and_unknown_emails_get_the_same_answer(client):
    make_user("mai@example.vn")
    known = post_form(client, RESET, {"email": "mai@example.vn"})
    unknown = post_form(client, RESET, {"email": "nobody@example.vn"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert known.content == unknown.content
    assert page_text(client.get(known["Location"])) == page_text(client.get(unknown["Location"]))


def test_known_and_unknown_emails_do_the_same_work_in_the_request(client, django_capture_on_commit_callbacks):
    # Both only queue one task after commit; the known address's email is sent from the task, so
    # the request takes as long either way.
    make_user("mai@example.vn")
    with django_capture_on_commit_callbacks() as known:
        post_form(client, RESET, {"email": "mai@example.vn"})
    with django_capture_on_commit_callbacks() as unknown:
        post_form(client, RESET, {"email": "nobody@example.vn"})
    assert len(known) == len(unknown) == 1
    assert mail.outbox == []


def test_only_the_owner_gets_the_email(client, django_capture_on_commit_callbacks):
    make_user("mai@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        post_form(client, RESET, {"email": "nobody@example.vn"})
        post_form(client, RESET, {"email": "Mai@Example.vn"})
    assert [message.to for message in mail.outbox] == [["mai@example.vn"]]
    assert "/accounts/reset/" in mail.outbox[0].body


def test_requests_are_limited_per_address(client, settings, django_capture_on_commit_callbacks):
    settings.PASSWORD_RESET_LIMIT = 2
    make_user("mai@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        for email in ("nobody@example.vn", "mai@example.vn"):
            assert post_form(client, RESET, {"email": email}, REMOTE_ADDR="203.0.113.8").status_code == 302
        refused = post_form(client, RESET, {"email": "mai@example.vn"}, REMOTE_ADDR="203.0.113.8")
    assert refused.status_code == 429
    assert "Có quá nhiều lượt thử từ mạng của bạn" in refused.content.decode()
    assert len(mail.outbox) == 1
    assert (
        post_form(client, RESET, {"email": "mai@example.vn"}, REMOTE_ADDR="198.51.100.9").status_code == 302
    )


def test_a_completed_reset_confirms_an_account_waiting_for_its_link(
    client, django_capture_on_commit_callbacks
):
    # Someone may have signed up with this address before its owner: the reset link proves the
    # address is theirs and replaces that person's password.
    make_user("mai@example.vn", is_confirmed=False)
    with django_capture_on_commit_callbacks(execute=True):
        post_form(client, RESET, {"email": "mai@example.vn"})
    form_url = client.get(link_in(mail.outbox[0].body, "/accounts/reset/"))["Location"]
    response = post_form(
        client, form_url, {"new_password1": "mới-và-dài-hơn-2025", "new_password2": "mới-và-dài-hơn-2025"}
    )
    assert response.status_code == 302
    user = User.objects.get(email="mai@example.vn")
    assert user.is_confirmed and user.check_password("mới-và-dài-hơn-2025")
    credentials = {"email": "mai@example.vn", "password": "mới-và-dài-hơn-2025"}
    assert post_form(client, "/accounts/sign-in/", credentials).status_code == 302
