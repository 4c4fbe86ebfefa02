"""The upload guard refuses anonymous multipart bodies and oversized ones without reading them.

Each refused request carries a `wsgi.input` that fails the test if anything reads it, so a pass
proves the decision was made from the headers alone (before the guard existed, Django parsed
these bodies: CSRF, the GraphQL view and the forms all read `request.POST`).
"""

import json

import pytest
from django.test import Client
from django.test.client import MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from backend.accounts.tokens import access_token_create
from tests.backend.catalog.factories import image_upload, make_product
from tests.factories import make_stall, make_user

pytestmark = pytest.mark.django_db

BOUNDARY = "BoUnDaRy"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"


class _UnreadableBody:
    """A request body that must never be read."""

    def read(self, *args):
        raise AssertionError("the request body was read")

    readline = read


def _unread_post(client: Client, path: str, *, content_type: str, length: int, **headers):
    # No `data`: the client then sets neither body nor headers, so the environ names them itself.
    environ = {"wsgi.input": _UnreadableBody(), "CONTENT_LENGTH": str(length), "CONTENT_TYPE": content_type}
    return client.generic("POST", path, **environ, **headers)


def _graphql_upload_body() -> bytes:
    operations = {"query": "mutation { __typename }", "variables": {"file": None}}
    return encode_multipart(
        BOUNDARY,
        {"operations": json.dumps(operations), "map": '{"0": ["variables.file"]}', "0": image_upload()},
    )


def test_anonymous_graphql_upload_is_refused_unread(client):
    response = _unread_post(client, "/graphql/", content_type=MULTIPART, length=2000)
    assert response.status_code == 403
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "PERMISSION_DENIED"
    assert "data" not in response.json()


def test_invalid_bearer_token_counts_as_anonymous(client):
    response = _unread_post(
        client, "/graphql/", content_type=MULTIPART, length=2000, HTTP_AUTHORIZATION="Bearer not-a-jwt"
    )
    assert response.status_code == 403


def test_anonymous_dashboard_upload_is_refused_unread_in_vietnamese(client):
    stall = make_stall(make_user())
    product = make_product(stall)
    path = reverse("dashboard:catalog:media_new", args=[stall.pk, product.pk])
    response = _unread_post(client, path, content_type=MULTIPART, length=2000)
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    assert "Vui lòng đăng nhập để tải tệp lên." in response.content.decode()


@pytest.mark.parametrize("caller", ["anonymous", "session", "bearer"])
def test_a_body_over_the_limit_is_refused_by_content_length_unread(client, settings, caller):
    settings.UPLOAD_MAX_REQUEST_BYTES = 1024 * 1024
    user = make_user()
    headers = {}
    if caller == "session":
        client.force_login(user)
    if caller == "bearer":
        headers["HTTP_AUTHORIZATION"] = f"Bearer {access_token_create(user=user)}"
    response = _unread_post(client, "/graphql/", content_type=MULTIPART, length=1024 * 1024 + 1, **headers)
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "REQUEST_TOO_LARGE"
    assert "1 MB" in response.json()["errors"][0]["message"]


def test_an_oversized_form_post_is_refused_too(client, settings):
    settings.UPLOAD_MAX_REQUEST_BYTES = 1024 * 1024
    response = _unread_post(
        client,
        "/accounts/sign-in/",
        content_type="application/x-www-form-urlencoded",
        length=1024 * 1024 + 1,
    )
    assert response.status_code == 413
    assert "Yêu cầu lớn hơn 1 MB." in response.content.decode()


def test_a_bearer_caller_uploads_through_graphql(client):
    token = access_token_create(user=make_user())
    body = _graphql_upload_body()
    response = client.generic(
        "POST", "/graphql/", body, content_type=MULTIPART, HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"data": {"__typename": "Mutation"}}


def test_a_signed_in_member_uploads_a_photo_from_the_dashboard(client):
    owner = make_user()
    stall = make_stall(owner)
    product = make_product(stall)
    client.force_login(owner)
    path = reverse("dashboard:catalog:media_new", args=[stall.pk, product.pk])
    response = client.post(path, {"image": image_upload(), "alt": "ảnh"}, content_type=MULTIPART_CONTENT)
    assert response.status_code == 302
    assert product.media.count() == 1


def test_anonymous_form_posts_that_are_not_multipart_still_work(client):
    response = client.post(
        "/i18n/setlang/", "language=en&next=/", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
