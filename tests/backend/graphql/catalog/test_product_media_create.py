"""productMediaCreate over the GraphQL multipart request spec, end to end."""

import graphene
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from backend.accounts.tokens import access_token_create
from backend.catalog.models import ProductMedia
from tests.backend.catalog.factories import image_upload, make_product
from tests.backend.graphql.catalog.multipart import gql_multipart
from tests.factories import make_stall, make_user

pytestmark = pytest.mark.django_db

MEDIA_CREATE = """
mutation($input: ProductMediaCreateInput!) {
  productMediaCreate(input: $input) {
    media { alt width height url thumbnail(size: 256) { url } }
    product { thumbnail(size: 64) { url } }
    errors { field code message }
  }
}"""


@pytest.fixture
def owned():
    owner = make_user()
    product = make_product(make_stall(owner), "Kẹo dừa sáp")
    return owner, graphene.Node.to_global_id("Product", product.pk)


def test_member_uploads_a_photo_and_gets_thumbnail_urls(client, owned, django_capture_on_commit_callbacks):
    owner, product_id = owned
    with django_capture_on_commit_callbacks(execute=True):
        data = gql_multipart(
            client,
            MEDIA_CREATE,
            {"input": {"product": product_id, "image": None, "alt": "Hộp kẹo"}},
            {"variables.input.image": image_upload("JPEG", (640, 480))},
            user=owner,
        )
    payload = data["data"]["productMediaCreate"]
    assert payload["errors"] == []
    assert payload["media"]["alt"] == "Hộp kẹo"
    assert (payload["media"]["width"], payload["media"]["height"]) == (640, 480)
    thumbnail_url = payload["media"]["thumbnail"]["url"]
    assert thumbnail_url.startswith("http://testserver/thumbnail/") and "/256/" in thumbnail_url
    assert "/64/" in payload["product"]["thumbnail"]["url"]
    assert ProductMedia.objects.get().thumbnails.count() == 4
    response = client.get(thumbnail_url.removeprefix("http://testserver"))
    assert response.status_code == 200 and response["Content-Type"] == "image/webp"


def test_non_image_upload_is_an_error_code_and_nothing_is_saved(client, owned):
    owner, product_id = owned
    data = gql_multipart(
        client,
        MEDIA_CREATE,
        {"input": {"product": product_id, "image": None}},
        {"variables.input.image": SimpleUploadedFile("x.png", b"<html>not an image</html>")},
        user=owner,
    )
    assert data["data"]["productMediaCreate"]["errors"] == [
        {
            "field": "image",
            "code": "UNSUPPORTED_IMAGE_FORMAT",
            "message": "This file is not an image; upload a JPEG, PNG or WebP photo.",
        }
    ]
    assert not ProductMedia.objects.exists()


def test_missing_file_part_is_a_bad_request(client, owned):
    owner, product_id = owned
    response = client.post(
        "/graphql/",
        data={
            "operations": '{"query": "mutation { __typename }", "variables": {}}',
            "map": '{"0": ["variables.input.image"]}',
        },
        # A signed-in caller: an anonymous multipart body is refused (403) before it is parsed.
        HTTP_AUTHORIZATION=f"Bearer {access_token_create(user=owner)}",
    )
    assert response.status_code == 400
