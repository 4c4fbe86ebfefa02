"""The account API in Saleor's shapes: registration with redirectUrl, tokens, me, accountUpdate,
passwords and the reset by email, orderByToken; each through the real /graphql/ endpoint."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from graphene import Node

from backend.accounts.models import User
from backend.accounts.tokens import access_token_create
from backend.orders.models import OrderStatus
from tests.factories import PASSWORD, make_user
from tests.graphql_client import gql
from tests.traceability.builders import make_confirmed_order, make_variant

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "mật-khẩu-rất-dài-2025"
STOREFRONT = "http://localhost:3000/account/confirm"

REGISTER = """
mutation($input: AccountRegisterInput!) {
  accountRegister(input: $input) {
    requiresConfirmation user { email isActive isConfirmed } errors { field code message }
  }
}"""
CONFIRM = """
mutation($email: String!, $token: String!) {
  confirmAccount(email: $email, token: $token) {
    user { email isActive isConfirmed firstName lastName } errors { field code }
  }
}"""
TOKEN_CREATE = """
mutation($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) { token refreshToken user { email } errors { code } }
}"""
TOKEN_REFRESH = """
mutation($refreshToken: String) {
  tokenRefresh(refreshToken: $refreshToken) { token user { email } errors { field code } }
}"""
ME = """
{ me { id email firstName lastName languageCode isActive isConfirmed avatar { url }
       addresses { id city countryArea } defaultShippingAddress { id }
       orders(first: 10) { totalCount edges { cursor node { number } } pageInfo { hasNextPage endCursor } }
       orderList { number } } }"""


def _query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def _link(body: str, start: str) -> str:
    return next(word for word in body.split() if word.startswith(start))


def _register(client, **fields) -> dict:
    data = {"email": "lan@example.vn", "password": NEW_PASSWORD, "redirectUrl": STOREFRONT, "channel": "vn"}
    data.update(fields)
    return gql(client, REGISTER, {"input": data})["data"]["accountRegister"]


def test_register_with_saleor_input_emails_a_link_to_the_storefront_that_confirms(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer = _register(client, firstName="Thị Lan", lastName="Trần", languageCode="EN")
    assert answer == {"requiresConfirmation": True, "user": None, "errors": []}
    user = User.objects.get(email="lan@example.vn")
    assert (user.full_name, user.language, user.is_confirmed) == ("Trần Thị Lan", "en", False)
    link = _link(mail.outbox[0].body, STOREFRONT)
    params = _query(link)
    assert params["email"] == "lan@example.vn"
    confirmed = gql(client, CONFIRM, params)["data"]["confirmAccount"]
    assert confirmed == {
        "user": {
            "email": "lan@example.vn",
            "isActive": True,
            "isConfirmed": True,
            "firstName": "Thị Lan",
            "lastName": "Trần",
        },
        "errors": [],
    }


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"redirectUrl": "https://evil.example/steal"}, {"field": "redirectUrl", "code": "INVALID"}),
        ({"redirectUrl": "javascript:alert(1)"}, {"field": "redirectUrl", "code": "INVALID"}),
        ({"channel": "no-such-channel"}, {"field": "channel", "code": "NOT_FOUND"}),
    ],
)
def test_register_refuses_a_foreign_redirect_or_an_unknown_channel_and_writes_nothing(
    client, django_capture_on_commit_callbacks, fields, error
):
    with django_capture_on_commit_callbacks(execute=True):
        answer = _register(client, **fields)
    assert [{"field": e["field"], "code": e["code"]} for e in answer["errors"]] == [error]
    assert not User.objects.filter(email="lan@example.vn").exists()
    assert mail.outbox == []


def test_the_earlier_register_arguments_still_work(client):
    data = gql(
        client,
        'mutation($p: String!) { accountRegister(email: "an@example.vn", password: $p) '
        "{ requiresConfirmation errors { code } } }",
        {"p": NEW_PASSWORD},
    )
    assert data["data"]["accountRegister"] == {"requiresConfirmation": True, "errors": []}
    assert User.objects.filter(email="an@example.vn", is_confirmed=False).exists()


def test_token_create_and_refresh_answer_the_user_and_refresh_needs_a_token(client):
    user = make_user("an@example.vn", full_name="Ngô Văn An")
    created = gql(client, TOKEN_CREATE, {"email": user.email, "password": PASSWORD})["data"]["tokenCreate"]
    assert created["errors"] == [] and created["user"] == {"email": user.email}
    refreshed = gql(client, TOKEN_REFRESH, {"refreshToken": created["refreshToken"]})["data"]["tokenRefresh"]
    assert refreshed["errors"] == [] and refreshed["user"] == {"email": user.email}
    me = gql(client, "{ me { email } }", HTTP_AUTHORIZATION=f"Bearer {refreshed['token']}")
    assert me["data"]["me"] == {"email": user.email}
    # An access token is not a refresh token, and a missing one is a field error, not a crash.
    wrong = gql(client, TOKEN_REFRESH, {"refreshToken": created["token"]})["data"]["tokenRefresh"]
    assert wrong["errors"] == [{"field": "token", "code": "INVALID_TOKEN"}]
    missing = gql(client, TOKEN_REFRESH, {})["data"]["tokenRefresh"]
    assert missing["errors"] == [{"field": "refreshToken", "code": "REQUIRED"}]


def test_me_in_saleor_shape_with_orders_as_a_connection_and_the_old_list_beside_it(client):
    buyer = make_user("an@example.vn", full_name="Ngô Văn An")
    variant = make_variant()
    orders = [make_confirmed_order(variant, 1, user=buyer) for _ in range(3)]
    make_confirmed_order(variant, 1, user=make_user())  # someone else's
    me = gql(client, ME, user=buyer)["data"]["me"]
    assert me["id"] == Node.to_global_id("User", buyer.pk)
    assert (me["firstName"], me["lastName"], me["languageCode"]) == ("Văn An", "Ngô", "VI")
    assert (me["isActive"], me["isConfirmed"], me["avatar"]) == (True, True, None)
    assert (me["addresses"], me["defaultShippingAddress"]) == ([], None)
    assert me["orders"]["totalCount"] == 3
    assert {e["node"]["number"] for e in me["orders"]["edges"]} == {o.number for o in orders}
    assert me["orders"]["pageInfo"]["hasNextPage"] is False
    assert sorted(o["number"] for o in me["orderList"]) == sorted(o.number for o in orders)
    page = gql(
        client,
        "{ me { orders(first: 2) { edges { node { number } } pageInfo { hasNextPage } } } }",
        user=buyer,
    )
    assert len(page["data"]["me"]["orders"]["edges"]) == 2
    assert page["data"]["me"]["orders"]["pageInfo"]["hasNextPage"] is True
    assert gql(client, ME)["data"]["me"] is None


ACCOUNT_UPDATE = """
mutation($input: AccountInput!) {
  accountUpdate(input: $input) {
    user {
      firstName lastName languageCode defaultShippingAddress { city countryArea isDefaultShippingAddress }
    }
    errors { field code message }
  }
}"""


def test_account_update_changes_names_language_and_adds_the_default_address(client):
    user = make_user(full_name="Ngô Văn An")
    answer = gql(
        client,
        ACCOUNT_UPDATE,
        {
            "input": {
                "firstName": "Văn Bình",
                "languageCode": "EN",
                "defaultShippingAddress": {
                    "firstName": "Văn Bình",
                    "lastName": "Ngô",
                    "streetAddress1": "12 Phố Huế",
                    "city": "Ba Đình",
                    "countryArea": "Hà Nội",
                    "country": "VN",
                    "phone": "0912345678",
                },
            }
        },
        user=user,
    )["data"]["accountUpdate"]
    assert answer["errors"] == []
    assert answer["user"] == {
        "firstName": "Văn Bình",
        "lastName": "Ngô",
        "languageCode": "EN",
        "defaultShippingAddress": {
            "city": "Phường Ba Đình",
            "countryArea": "Thành phố Hà Nội",
            "isDefaultShippingAddress": True,
        },
    }
    user.refresh_from_db()
    assert (user.full_name, user.language) == ("Ngô Văn Bình", "en")


def test_account_update_with_a_bad_address_changes_nothing(client):
    user = make_user(full_name="Ngô Văn An")
    answer = gql(
        client,
        ACCOUNT_UPDATE,
        {
            "input": {
                "firstName": "Văn Bình",
                "defaultShippingAddress": {
                    "firstName": "Bình",
                    "streetAddress1": "1 Lê Lợi",
                    "city": "Bến Nghé",
                    "countryArea": "Hà Nội",
                    "phone": "0912345678",
                },
            }
        },
        user=user,
    )["data"]["accountUpdate"]
    assert [(e["field"], e["code"]) for e in answer["errors"]] == [("city", "INVALID")]
    user.refresh_from_db()
    assert user.full_name == "Ngô Văn An" and not user.addresses.exists()


def test_account_mutations_need_a_signed_in_user(client):
    data = gql(client, ACCOUNT_UPDATE, {"input": {"firstName": "X"}})
    assert data["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


PASSWORD_CHANGE = """
mutation($old: String!, $new: String!) {
  passwordChange(oldPassword: $old, newPassword: $new) { user { email } errors { field code } }
}"""


def test_password_change_checks_the_old_one_and_revokes_every_token(client):
    user = make_user("an@example.vn")
    old_token = f"Bearer {access_token_create(user=user)}"
    wrong = gql(client, PASSWORD_CHANGE, {"old": "not-it", "new": NEW_PASSWORD}, HTTP_AUTHORIZATION=old_token)
    assert wrong["data"]["passwordChange"]["errors"] == [{"field": "oldPassword", "code": "INVALID_PASSWORD"}]
    weak = gql(client, PASSWORD_CHANGE, {"old": PASSWORD, "new": "123"}, HTTP_AUTHORIZATION=old_token)
    assert weak["data"]["passwordChange"]["errors"][0] == {
        "field": "newPassword",
        "code": "PASSWORD_TOO_WEAK",
    }
    done = gql(client, PASSWORD_CHANGE, {"old": PASSWORD, "new": NEW_PASSWORD}, HTTP_AUTHORIZATION=old_token)
    assert done["data"]["passwordChange"] == {"user": {"email": user.email}, "errors": []}
    assert gql(client, "{ me { email } }", HTTP_AUTHORIZATION=old_token)["data"]["me"] is None
    signed_in = gql(client, TOKEN_CREATE, {"email": user.email, "password": NEW_PASSWORD})
    assert signed_in["data"]["tokenCreate"]["errors"] == []


def test_password_change_stops_guessing_after_the_failure_limit(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    user = make_user()
    for _ in range(2):
        gql(client, PASSWORD_CHANGE, {"old": "guess", "new": NEW_PASSWORD}, user=user)
    blocked = gql(client, PASSWORD_CHANGE, {"old": PASSWORD, "new": NEW_PASSWORD}, user=user)
    assert blocked["data"]["passwordChange"]["errors"] == [
        {"field": "oldPassword", "code": "TOO_MANY_ATTEMPTS"}
    ]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


RESET = """
mutation($email: String!, $url: String!) {
  requestPasswordReset(email: $email, redirectUrl: $url, channel: "vn") { errors { field code } }
}"""
SET_PASSWORD = """
mutation($email: String!, $token: String!, $password: String!) {
  setPassword(email: $email, token: $token, password: $password) {
    token refreshToken user { email } errors { field code }
  }
}"""


def test_password_reset_by_email_to_the_storefront_then_set_password_once(
    client, django_capture_on_commit_callbacks
):
    user = make_user("an@example.vn")
    url = "http://localhost:3000/reset"
    with django_capture_on_commit_callbacks(execute=True):
        asked = gql(client, RESET, {"email": user.email, "url": url})
        unknown = gql(client, RESET, {"email": "nobody@example.vn", "url": url})
    assert asked == unknown == {"data": {"requestPasswordReset": {"errors": []}}}
    assert len(mail.outbox) == 1
    params = _query(_link(mail.outbox[0].body, url))
    answer = gql(client, SET_PASSWORD, {**params, "password": NEW_PASSWORD})["data"]["setPassword"]
    assert answer["errors"] == [] and answer["user"] == {"email": user.email}
    assert gql(client, "{ me { email } }", HTTP_AUTHORIZATION=f"Bearer {answer['token']}")["data"]["me"]
    again = gql(client, SET_PASSWORD, {**params, "password": "một-mật-khẩu-khác-2025"})["data"]["setPassword"]
    assert again["errors"] == [{"field": "token", "code": "INVALID_TOKEN"}] and again["token"] is None
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_password_reset_to_a_foreign_site_is_refused(client, django_capture_on_commit_callbacks):
    make_user("an@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        data = gql(client, RESET, {"email": "an@example.vn", "url": "https://evil.example/"})
    assert data["data"]["requestPasswordReset"]["errors"] == [{"field": "redirectUrl", "code": "INVALID"}]
    assert mail.outbox == []


ORDER_BY_TOKEN = "query($token: UUID!) { orderByToken(token: $token) { number group { email } } }"


def test_order_by_token_answers_the_groups_first_order_to_whoever_holds_the_token(client):
    order = make_confirmed_order(make_variant(), 2)
    data = gql(client, ORDER_BY_TOKEN, {"token": str(order.group.token)})["data"]["orderByToken"]
    assert data == {"number": order.number, "group": {"email": order.group.email}}
    unknown = gql(client, ORDER_BY_TOKEN, {"token": "00000000-0000-0000-0000-000000000000"})
    assert unknown["data"]["orderByToken"] is None
    assert order.status == OrderStatus.CONFIRMED
