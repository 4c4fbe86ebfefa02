"""/thumbnail/…: signed URLs, WebP bodies, and cache headers that let browsers keep them forever."""

import pytest

from backend.catalog import actions
from backend.catalog.thumbnails import thumbnail_path
from tests.backend.catalog.factories import image_upload, make_product
from tests.factories import make_stall, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def media():
    product = make_product(make_stall(make_user()), "Kẹo dừa sáp")
    return actions.product_media_create(product=product, upload=image_upload("PNG", (600, 400)))


def test_thumbnail_is_served_as_immutable_webp(client, media):
    response = client.get(thumbnail_path(media.pk, 200))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert b"".join(response.streaming_content)[8:12] == b"WEBP"
    assert media.thumbnails.filter(size=256).exists()


def test_tampered_signature_or_unknown_size_is_not_found(client, media):
    path = thumbnail_path(media.pk, 64)
    assert client.get(path.replace(f"/{media.pk}/", f"/{media.pk + 1}/")).status_code == 404
    assert client.get(path.replace("/64/", "/65/")).status_code == 404
