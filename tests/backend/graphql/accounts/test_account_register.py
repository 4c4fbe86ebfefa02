"""accountRegister answers a taken email exactly like a new one; confirmAccount opens the account."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail

from backend.accounts.models import User
from tests.backend.accounts.support import link_in
from tests.factories import PASSWORD, make_user
from tests.graphql_client import gql

pytestmark = pytest.mark.django_db

REGISTER = """
mutation($email: String!, $password: String!) {
  accountRegister(email: $email, password: $password, fullName: "Ngô Văn An") {
    requiresConfirmation user { email } errors { field code message }
  }
}"""
CONFIRM = """
mutation($email: String!, $token: String!) {
  confirmAccount(email: $email, token: $token) { user { email } errors { field code } }
}"""
TOKEN_CREATE = """
mutation($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) { token errors { code } }
}"""
NEW_PASSWORD = "mật-khẩu-rất-dài-2025"


def _register(client, email: str, password: str = NEW_PASSWORD, **extra) -> dict:
    return gql(client, REGISTER, {"email": email, "password": password}, **extra)


def test_a_taken_email_gets_the_same_answer_as_a_new_one(client, django_capture_on_commit_callbacks):
    make_user("an@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        taken = _register(client, "an@example.vn")
        fresh = _register(client, "binh@example.vn")
    assert taken == fresh
    assert fresh["data"]["accountRegister"] == {"requiresConfirmation": True, "user": None, "errors": []}
    assert [message.to for message in mail.outbox] == [["an@example.vn"], ["binh@example.vn"]]
    assert "đã có tài khoản" in mail.outbox[0].body
    assert "/accounts/confirm/?" in mail.outbox[1].body


def test_input_errors_do_not_depend_on_the_email_being_taken(client):
    make_user("an@example.vn")
    taken = _register(client, "an@example.vn", password="123")
    fresh = _register(client, "binh@example.vn", password="123")
    assert taken == fresh
    assert fresh["data"]["accountRegister"]["errors"][0]["code"] == "PASSWORD_TOO_WEAK"


def test_bad_email_and_overlong_name_are_clear_errors(client):
    bad = _register(client, "not-an-email")["data"]["accountRegister"]["errors"]
    assert [(error["field"], error["code"]) for error in bad] == [("email", "INVALID")]
    long_name = gql(
        client,
        'mutation { accountRegister(email: "an@example.vn", password: "mật-khẩu-rất-dài-2025", '
        f'fullName: "{"A" * 151}") {{ errors {{ field code }} }} }}',
    )
    assert long_name["data"]["accountRegister"]["errors"] == [{"field": "full_name", "code": "INVALID"}]
    assert not User.objects.filter(email="an@example.vn").exists()


def test_the_account_signs_in_once_confirmed(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _register(client, "binh@example.vn")
    credentials = {"email": "binh@example.vn", "password": NEW_PASSWORD}
    before = gql(client, TOKEN_CREATE, credentials)["data"]["tokenCreate"]
    assert before == {"token": None, "errors": [{"code": "INVALID_CREDENTIALS"}]}
    query = parse_qs(urlsplit(link_in(mail.outbox[0].body, "/accounts/confirm/")).query)
    variables = {"email": query["email"][0], "token": query["token"][0]}
    confirmed = gql(client, CONFIRM, variables)["data"]["confirmAccount"]
    assert confirmed == {"user": {"email": "binh@example.vn"}, "errors": []}
    assert gql(client, TOKEN_CREATE, credentials)["data"]["tokenCreate"]["token"]
    again = gql(client, CONFIRM, variables)["data"]["confirmAccount"]
    assert again == {"user": None, "errors": [{"field": "token", "code": "INVALID_TOKEN"}]}


def test_a_made_up_token_confirms_nothing(client):
    make_user("an@example.vn", is_confirmed=False)
    answer = gql(client, CONFIRM, {"email": "an@example.vn", "token": "abc-123"})["data"]["confirmAccount"]
    assert answer["errors"] == [{"field": "token", "code": "INVALID_TOKEN"}]
    assert not User.objects.get(email="an@example.vn").is_confirmed


ALIASED_REGISTER = (
    "mutation {"
    + " ".join(
        f'a{n}: accountRegister(email: "user{n}@example.vn", password: "{PASSWORD}") '
        "{ requiresConfirmation errors { code } }"
        for n in range(4)
    )
    + "}"
)


def test_each_alias_of_account_register_counts_against_the_address(client, settings, hashes):
    settings.SIGN_UP_LIMIT = 2
    hashes.calls = 0
    data = gql(client, ALIASED_REGISTER, REMOTE_ADDR="203.0.113.9")["data"]
    answers = [data[f"a{n}"] for n in range(4)]
    assert [answer["requiresConfirmation"] for answer in answers] == [True, True, None, None]
    assert [answer["errors"] for answer in answers[2:]] == [[{"code": "TOO_MANY_REQUESTS"}]] * 2
    assert hashes.calls == 2
    assert User.objects.filter(email__in=["user2@example.vn", "user3@example.vn"]).count() == 0
