"""The address book through Saleor's account mutations (on checkout's SavedAddress) and the emailed
account deletion that anonymises the buyer while the orders stay for the stalls."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from graphene import Node

from backend.accounts.models import User
from backend.checkout.models import Checkout, SavedAddress
from backend.orders.models import OrderStatus
from tests.factories import PASSWORD, make_stall, make_user
from tests.graphql_client import gql
from tests.traceability.builders import make_confirmed_order, make_variant

pytestmark = pytest.mark.django_db

FIELDS = (
    "id firstName lastName streetAddress1 city countryArea country { code country } phone "
    "isDefaultShippingAddress"
)
CREATE = f"""
mutation($input: AddressInput!, $type: AddressTypeEnum) {{
  accountAddressCreate(input: $input, type: $type) {{
    address {{ {FIELDS} }}
    user {{ addresses {{ id }} defaultShippingAddress {{ id }} }}
    errors {{ field code message }}
  }}
}}"""
UPDATE = f"""
mutation($id: ID!, $input: AddressInput!) {{
  accountAddressUpdate(id: $id, input: $input) {{ address {{ {FIELDS} }} errors {{ field code }} }}
}}"""
DELETE = """
mutation($id: ID!) {
  accountAddressDelete(id: $id) { address { id } user { addresses { id } } errors { field code } }
}"""
SET_DEFAULT = """
mutation($id: ID!) {
  accountSetDefaultAddress(id: $id, type: SHIPPING) {
    user { defaultShippingAddress { id } } errors { field code }
  }
}"""
HUE = {
    "firstName": "Văn An",
    "lastName": "Ngô",
    "streetAddress1": "12 Phố Huế",
    "city": "phuong ba dinh",
    "countryArea": "01",
    "country": "VN",
    "phone": "0912 345 678",
}


def _create(client, user, data=HUE, type_=None) -> dict:
    return gql(client, CREATE, {"input": data, "type": type_}, user=user)["data"]["accountAddressCreate"]


def test_create_by_names_answers_the_address_in_saleor_shape_and_the_first_is_the_default(client):
    user = make_user()
    answer = _create(client, user)
    assert answer["errors"] == []
    saved = SavedAddress.objects.get(user=user)
    assert answer["address"] == {
        "id": Node.to_global_id("Address", saved.pk),
        "firstName": "Văn An",
        "lastName": "Ngô",
        "streetAddress1": "12 Phố Huế",
        "city": "Phường Ba Đình",
        "countryArea": "Thành phố Hà Nội",
        "country": {"code": "VN", "country": "Việt Nam"},
        "phone": "+84912345678",
        "isDefaultShippingAddress": True,
    }
    assert answer["user"]["defaultShippingAddress"] == {"id": answer["address"]["id"]}
    assert (saved.full_name, saved.province_code, saved.commune_code) == ("Ngô Văn An", 1, 4)


def test_a_commune_outside_the_province_is_refused_and_nothing_is_saved(client):
    user = make_user()
    answer = _create(client, user, {**HUE, "city": "Bến Nghé"})
    assert [(e["field"], e["code"]) for e in answer["errors"]] == [("city", "INVALID")]
    assert "Bến Nghé" in answer["errors"][0]["message"]
    answer = _create(client, user, {**HUE, "phone": "12"})
    assert [(e["field"], e["code"]) for e in answer["errors"]] == [("phone", "INVALID")]
    answer = _create(client, user, {**HUE, "country": "FR"})
    assert [(e["field"], e["code"]) for e in answer["errors"]] == [("country", "INVALID")]
    assert not SavedAddress.objects.filter(user=user).exists()


def test_type_sets_the_default_update_and_delete_move_it(client):
    user = make_user()
    first = _create(client, user)["address"]["id"]
    second = _create(client, user, {**HUE, "streetAddress1": "3 Tràng Tiền"}, "SHIPPING")
    assert second["user"]["defaultShippingAddress"] == {"id": second["address"]["id"]}
    back = gql(client, SET_DEFAULT, {"id": first}, user=user)["data"]["accountSetDefaultAddress"]
    assert back == {"user": {"defaultShippingAddress": {"id": first}}, "errors": []}
    moved = gql(
        client,
        UPDATE,
        {"id": first, "input": {**HUE, "city": "Bến Thành", "countryArea": "Hồ Chí Minh"}},
        user=user,
    )["data"]["accountAddressUpdate"]
    assert moved["errors"] == []
    assert (moved["address"]["city"], moved["address"]["countryArea"]) == (
        "Phường Bến Thành",
        "Thành phố Hồ Chí Minh",
    )
    assert moved["address"]["isDefaultShippingAddress"] is True
    gone = gql(client, DELETE, {"id": first}, user=user)["data"]["accountAddressDelete"]
    assert gone["errors"] == [] and gone["address"] == {"id": first}
    assert gone["user"]["addresses"] == [{"id": second["address"]["id"]}]
    assert SavedAddress.objects.get(user=user).is_default


def test_another_buyers_address_is_not_found_for_every_mutation(client):
    owner, stranger = make_user(), make_user()
    address_id = _create(client, owner)["address"]["id"]
    for document, variables in (
        (UPDATE, {"id": address_id, "input": HUE}),
        (DELETE, {"id": address_id}),
        (SET_DEFAULT, {"id": address_id}),
        (DELETE, {"id": "not-an-id"}),
    ):
        data = gql(client, document, variables, user=stranger)["data"]
        assert next(iter(data.values()))["errors"] == [{"field": "id", "code": "NOT_FOUND"}]
    assert SavedAddress.objects.get(user=owner).street == "12 Phố Huế"


def test_me_addresses_are_only_the_callers_own(client):
    owner = make_user()
    _create(client, owner)
    data = gql(client, "{ me { addresses { city } defaultShippingAddress { city } } }", user=owner)["data"][
        "me"
    ]
    assert data == {
        "addresses": [{"city": "Phường Ba Đình"}],
        "defaultShippingAddress": {"city": "Phường Ba Đình"},
    }
    assert gql(client, "{ me { addresses { city } } }", user=make_user())["data"]["me"] == {"addresses": []}


REQUEST_DELETION = """
mutation($url: String!) {
  accountRequestDeletion(redirectUrl: $url, channel: "vn") { errors { field code message } }
}"""
DELETE_ACCOUNT = "mutation($token: String!) { accountDelete(token: $token) { errors { field code } } }"
DELETION_PAGE = "http://localhost:3000/account/delete"


def _deletion_token(client, user, django_capture_on_commit_callbacks) -> str:
    with django_capture_on_commit_callbacks(execute=True):
        asked = gql(client, REQUEST_DELETION, {"url": DELETION_PAGE}, user=user)
    assert asked["data"]["accountRequestDeletion"]["errors"] == []
    link = next(w for w in mail.outbox[-1].body.split() if w.startswith(DELETION_PAGE))
    return parse_qs(urlsplit(link).query)["token"][0]


def test_deletion_by_emailed_token_anonymises_the_buyer_and_keeps_the_orders(
    client, django_capture_on_commit_callbacks
):
    buyer = make_user("an@example.vn", full_name="Ngô Văn An", phone="0912345678")
    _create(client, buyer)
    order = make_confirmed_order(make_variant(), 1, user=buyer)
    order.status = OrderStatus.DELIVERED
    order.save(update_fields=["status"])
    Checkout.objects.create(channel=order.group.channel, user=buyer, email=buyer.email)
    token = _deletion_token(client, buyer, django_capture_on_commit_callbacks)
    assert gql(client, DELETE_ACCOUNT, {"token": "wrong"}, user=buyer)["data"]["accountDelete"]["errors"] == [
        {"field": "token", "code": "INVALID_TOKEN"}
    ]
    assert gql(client, DELETE_ACCOUNT, {"token": token}, user=buyer)["data"]["accountDelete"]["errors"] == []
    buyer.refresh_from_db()
    assert (buyer.is_active, buyer.full_name, buyer.phone, buyer.has_usable_password()) == (
        False,
        "",
        "",
        False,
    )
    assert "an@example.vn" not in buyer.email
    assert (
        not SavedAddress.objects.filter(user=buyer).exists()
        and not Checkout.objects.filter(user=buyer).exists()
    )
    order.group.refresh_from_db()
    assert order.group.user_id == buyer.pk and order.group.total == order.total
    assert (order.group.full_name, order.group.phone, order.group.street) == ("", "", "")
    assert "an@example.vn" not in order.group.email
    signed_in = gql(
        client,
        'mutation($p: String!) { tokenCreate(email: "an@example.vn", password: $p) { errors { code } } }',
        {"p": PASSWORD},
    )
    assert signed_in["data"]["tokenCreate"]["errors"] == [{"code": "INVALID_CREDENTIALS"}]
    assert User.objects.filter(email="an@example.vn").count() == 0  # the address may register again


def test_deletion_is_refused_while_an_order_is_on_the_way_or_for_a_stall_member(
    client, django_capture_on_commit_callbacks
):
    buyer = make_user()
    make_confirmed_order(make_variant(), 1, user=buyer)
    with django_capture_on_commit_callbacks(execute=True):
        refused = gql(client, REQUEST_DELETION, {"url": DELETION_PAGE}, user=buyer)
    assert [e["code"] for e in refused["data"]["accountRequestDeletion"]["errors"]] == [
        "DELETION_NOT_ALLOWED"
    ]
    owner = make_user()
    make_stall(owner)
    answer = gql(client, REQUEST_DELETION, {"url": DELETION_PAGE}, user=owner)
    assert [e["code"] for e in answer["data"]["accountRequestDeletion"]["errors"]] == ["DELETION_NOT_ALLOWED"]
    assert mail.outbox == []
    assert User.objects.get(pk=buyer.pk).is_active


def test_deletion_link_must_lead_to_an_allowed_storefront(client):
    data = gql(client, REQUEST_DELETION, {"url": "https://evil.example/x"}, user=make_user())
    assert data["data"]["accountRequestDeletion"]["errors"][0]["field"] == "redirectUrl"
