"""Sign-in limits: a flood from one address stops there and never locks the owner out elsewhere;
a disabled or unconfirmed account answers exactly like a wrong password."""

import pytest
from django.core import mail

from tests.backend.accounts.support import page_text, post_form
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

SIGN_IN = "/accounts/sign-in/"
ATTACKER = "203.0.113.66"
OWNER = "198.51.100.20"


def _sign_in(client, email: str, password: str, address: str):
    return post_form(client, SIGN_IN, {"email": email, "password": password}, REMOTE_ADDR=address)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def limits(settings):
    settings.LOGIN_ATTEMPT_LIMIT = 8
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 20
    return settings


def test_a_flood_from_one_address_does_not_block_the_right_password_from_another(client, limits):
    make_user("mai@example.vn")
    for _ in range(20):
        _sign_in(client, "mai@example.vn", "guess", ATTACKER)
    response = _sign_in(client, "mai@example.vn", PASSWORD, OWNER)
    assert response.status_code == 302
    assert _signed_in(client)


def test_a_flood_is_stopped_at_its_address_limit_without_hashing(client, limits, hashes):
    make_user("mai@example.vn")
    hashes.calls = 0
    statuses = [_sign_in(client, "mai@example.vn", "guess", ATTACKER).status_code for _ in range(3)]
    assert statuses == [400, 400, 400]
    assert hashes.calls == 3
    response = _sign_in(client, "mai@example.vn", PASSWORD, ATTACKER)
    assert response.status_code == 429
    assert "Bạn đã đăng nhập sai quá nhiều lần" in response.content.decode()
    assert not _signed_in(client)
    assert hashes.calls == 3  # the refused attempt computed no hash


def test_every_attempt_from_an_address_counts_whatever_its_outcome(client, limits, hashes):
    # Successful sign-ins and guesses at many different accounts all spend the address's allowance.
    make_user("mai@example.vn")
    for n in range(4):
        assert _sign_in(client, "mai@example.vn", PASSWORD, ATTACKER).status_code == 302
        _sign_in(client, f"someone{n}@example.vn", "guess", ATTACKER)
    calls = hashes.calls
    response = _sign_in(client, "mai@example.vn", PASSWORD, ATTACKER)
    assert response.status_code == 429
    assert "Có quá nhiều lượt thử từ mạng của bạn" in response.content.decode()
    assert hashes.calls == calls
    assert _sign_in(client, "mai@example.vn", PASSWORD, OWNER).status_code == 302


def test_a_distributed_guesser_gets_one_failure_per_address_and_the_owner_still_signs_in(client, limits):
    limits.LOGIN_ACCOUNT_FAILURE_LIMIT = 4
    make_user("mai@example.vn")
    for address in ("203.0.113.1", "203.0.113.2"):
        for _ in range(2):
            _sign_in(client, "mai@example.vn", "guess", address)
    # The account has failed 4 times from all addresses: each address now gets one failure.
    assert _sign_in(client, "mai@example.vn", "guess", "203.0.113.3").status_code == 400
    assert _sign_in(client, "mai@example.vn", "guess", "203.0.113.3").status_code == 429
    assert _sign_in(client, "mai@example.vn", PASSWORD, "203.0.113.1").status_code == 429
    assert _sign_in(client, "mai@example.vn", PASSWORD, OWNER).status_code == 302


def test_the_limits_reset_with_the_window(client, limits, clock):
    make_user("mai@example.vn")
    for _ in range(10):
        _sign_in(client, "mai@example.vn", "guess", ATTACKER)
    assert _sign_in(client, "mai@example.vn", PASSWORD, ATTACKER).status_code == 429
    clock.advance(limits.LOGIN_FAILURE_WINDOW_SECONDS + 1)
    assert _sign_in(client, "mai@example.vn", PASSWORD, ATTACKER).status_code == 302


def _answer(client, email: str, password: str) -> tuple[int, str]:
    response = _sign_in(client, email, password, OWNER)
    return response.status_code, page_text(response).replace(email, "EMAIL")


def test_a_disabled_account_answers_like_a_wrong_password_and_emails_its_owner(
    client, django_capture_on_commit_callbacks
):
    make_user("mai@example.vn", is_active=False)
    make_user("lan@example.vn")
    expected = _answer(client, "lan@example.vn", "guess")
    assert expected[0] == 400 and "Vui lòng nhập đúng email và mật khẩu." in expected[1]
    assert _answer(client, "mai@example.vn", "guess") == expected
    assert _answer(client, "nobody@example.vn", "guess") == expected
    with django_capture_on_commit_callbacks(execute=True):
        assert _answer(client, "mai@example.vn", PASSWORD) == expected
    assert [message.to for message in mail.outbox] == [["mai@example.vn"]]
    assert "bị khóa" in mail.outbox[0].body


def test_an_unconfirmed_account_answers_like_a_wrong_password_and_gets_its_link_again(
    client, django_capture_on_commit_callbacks
):
    make_user("mai@example.vn", is_confirmed=False)
    make_user("lan@example.vn")
    expected = _answer(client, "lan@example.vn", "guess")
    with django_capture_on_commit_callbacks(execute=True):
        assert _answer(client, "mai@example.vn", PASSWORD) == expected
    assert not _signed_in(client)
    assert [message.to for message in mail.outbox] == [["mai@example.vn"]]
    assert "/accounts/confirm/?" in mail.outbox[0].body


def test_an_unknown_email_costs_one_hash_like_a_known_one(client, hashes):
    make_user("mai@example.vn")
    hashes.calls = 0
    _sign_in(client, "mai@example.vn", "guess", OWNER)
    known = hashes.calls
    _sign_in(client, "nobody@example.vn", "guess", OWNER)
    assert known == 1 and hashes.calls - known == 1
