"""tokenCreate / tokenRefresh / me: the Saleor-style JWT flow."""

import pytest

from tests.factories import PASSWORD, make_user
from tests.graphql_client import gql

pytestmark = pytest.mark.django_db

TOKEN_CREATE = """
mutation($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) {
    token refreshToken user { email } errors { field code message }
  }
}"""
TOKEN_REFRESH = """
mutation($refresh: String!) { tokenRefresh(refreshToken: $refresh) { token errors { code } } }"""
ME = "{ me { email roles } }"


def _bearer(client, token):
    return gql(client, ME, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_it_returns_tokens_that_authenticate_me(client):
    make_user("buyer@example.vn")
    data = gql(client, TOKEN_CREATE, {"email": "Buyer@Example.vn", "password": PASSWORD})
    payload = data["data"]["tokenCreate"]
    assert payload["errors"] == []
    assert payload["user"]["email"] == "buyer@example.vn"
    me = _bearer(client, payload["token"])["data"]["me"]
    assert me == {"email": "buyer@example.vn", "roles": ["consumer"]}


def test_wrong_password_is_an_error_code_not_a_token(client):
    make_user("buyer@example.vn")
    data = gql(client, TOKEN_CREATE, {"email": "buyer@example.vn", "password": "nope"})
    payload = data["data"]["tokenCreate"]
    assert payload["token"] is None
    assert payload["errors"][0]["code"] == "INVALID_CREDENTIALS"


def test_failed_logins_are_rate_limited_even_with_the_right_password(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    make_user("buyer@example.vn")
    for _ in range(3):
        gql(client, TOKEN_CREATE, {"email": "buyer@example.vn", "password": "nope"})
    data = gql(client, TOKEN_CREATE, {"email": "buyer@example.vn", "password": PASSWORD})
    payload = data["data"]["tokenCreate"]
    assert payload["token"] is None
    assert payload["errors"][0]["code"] == "TOO_MANY_ATTEMPTS"


def test_refresh_token_gives_a_new_access_token(client):
    make_user("buyer@example.vn")
    tokens = gql(client, TOKEN_CREATE, {"email": "buyer@example.vn", "password": PASSWORD})
    refresh = tokens["data"]["tokenCreate"]["refreshToken"]
    data = gql(client, TOKEN_REFRESH, {"refresh": refresh})["data"]["tokenRefresh"]
    assert data["errors"] == []
    assert _bearer(client, data["token"])["data"]["me"]["email"] == "buyer@example.vn"


def test_access_token_cannot_be_used_as_refresh_token(client):
    make_user("buyer@example.vn")
    tokens = gql(client, TOKEN_CREATE, {"email": "buyer@example.vn", "password": PASSWORD})
    access = tokens["data"]["tokenCreate"]["token"]
    data = gql(client, TOKEN_REFRESH, {"refresh": access})["data"]["tokenRefresh"]
    assert data["token"] is None
    assert data["errors"] == [{"code": "INVALID_TOKEN"}]


def test_password_change_revokes_issued_tokens(client):
    user = make_user("buyer@example.vn")
    tokens = gql(client, TOKEN_CREATE, {"email": "buyer@example.vn", "password": PASSWORD})
    user.set_password("another-long-password-42")
    user.save()
    assert _bearer(client, tokens["data"]["tokenCreate"]["token"])["data"]["me"] is None


def test_garbage_bearer_token_is_anonymous(client):
    assert _bearer(client, "not-a-jwt")["data"]["me"] is None


ALIASED_TOKEN_CREATE = (
    "mutation($email: String!, $password: String!) {"
    + " ".join(
        f"a{n}: tokenCreate(email: $email, password: $password) {{ token errors {{ code }} }}"
        for n in range(5)
    )
    + "}"
)


def test_each_alias_of_token_create_is_one_attempt_and_refused_ones_hash_nothing(client, settings, hashes):
    settings.LOGIN_ATTEMPT_LIMIT = 2
    make_user("buyer@example.vn")
    hashes.calls = 0
    data = gql(client, ALIASED_TOKEN_CREATE, {"email": "buyer@example.vn", "password": PASSWORD})["data"]
    answers = [data[f"a{n}"] for n in range(5)]
    assert [bool(answer["token"]) for answer in answers] == [True, True, False, False, False]
    assert [answer["errors"] for answer in answers[2:]] == [[{"code": "TOO_MANY_REQUESTS"}]] * 3
    assert hashes.calls == 2


def test_failures_from_one_address_do_not_block_the_owner_elsewhere(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    make_user("buyer@example.vn")
    for _ in range(10):
        gql(
            client,
            TOKEN_CREATE,
            {"email": "buyer@example.vn", "password": "nope"},
            REMOTE_ADDR="203.0.113.66",
        )
    owner = gql(
        client, TOKEN_CREATE, {"email": "buyer@example.vn", "password": PASSWORD}, REMOTE_ADDR="198.51.100.2"
    )
    assert owner["data"]["tokenCreate"]["errors"] == []
    assert owner["data"]["tokenCreate"]["token"]


def test_a_disabled_account_answers_like_an_unknown_email(client):
    make_user("buyer@example.vn", is_active=False)
    disabled = gql(client, TOKEN_CREATE, {"email": "buyer@example.vn", "password": PASSWORD})
    unknown = gql(client, TOKEN_CREATE, {"email": "nobody@example.vn", "password": PASSWORD})
    assert disabled == unknown
    assert disabled["data"]["tokenCreate"]["errors"][0]["code"] == "INVALID_CREDENTIALS"
