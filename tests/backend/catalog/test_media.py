"""product_media_create: only sound JPEG/PNG/WebP photos within limits are stored; thumbnails follow."""

import io
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from backend.catalog import actions
from backend.catalog.models import ProductMedia, Thumbnail
from backend.catalog.thumbnails import THUMBNAIL_SIZES, thumbnail_size_for
from backend.core.errors import DomainError
from tests.backend.catalog.factories import image_bytes, image_upload, make_product
from tests.factories import make_stall, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def product():
    return make_product(make_stall(make_user()), "Kẹo dừa sáp")


def _refused(product, upload) -> str:
    with pytest.raises(DomainError) as caught:
        actions.product_media_create(product=product, upload=upload)
    assert not ProductMedia.objects.exists()
    assert not default_storage.exists("products") or not default_storage.listdir("products")[1]
    return caught.value.code.name


def _png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge canvas: the classic decompression bomb shape."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    idat = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(ihdr))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
        + struct.pack(">I", len(idat))
        + b"IDAT"
        + idat
        + struct.pack(">I", zlib.crc32(b"IDAT" + idat))
    )


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_accepted_formats_are_stored_under_a_server_chosen_name(
    product, fmt, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        media = actions.product_media_create(
            product=product, upload=image_upload(fmt, name="../../evil name.exe"), alt="Ảnh"
        )
    assert media.image.name.startswith("products/") and "evil" not in media.image.name
    assert (media.width, media.height) == (40, 30)
    assert sorted(media.thumbnails.values_list("size", flat=True)) == list(THUMBNAIL_SIZES)


def test_thumbnails_are_webp_and_never_larger_than_their_size(product, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("big.png", image_bytes("PNG", (1200, 600)))
    with django_capture_on_commit_callbacks(execute=True):
        media = actions.product_media_create(product=product, upload=upload)
    for thumbnail in Thumbnail.objects.filter(media=media):
        with thumbnail.image.open("rb") as handle, Image.open(handle) as image:
            assert image.format == "WEBP"
            assert max(image.size) <= thumbnail.size


def test_non_image_is_refused(product):
    upload = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    assert _refused(product, upload) == "UNSUPPORTED_IMAGE_FORMAT"


def test_gif_is_refused_even_though_pillow_reads_it(product):
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="GIF")
    assert _refused(product, SimpleUploadedFile("a.gif", buffer.getvalue())) == "UNSUPPORTED_IMAGE_FORMAT"


def test_oversized_file_is_refused(product, settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 1000
    assert _refused(
        product, SimpleUploadedFile("big.png", image_bytes("PNG", (400, 400), "red") + b"\0" * 2000)
    ) == ("FILE_TOO_LARGE")


def test_too_many_pixels_is_refused(product, settings):
    settings.MAX_IMAGE_PIXELS = 100
    assert _refused(product, image_upload("PNG", (20, 20))) == "IMAGE_TOO_LARGE"


def test_decompression_bomb_is_refused_without_decoding(product):
    bomb = SimpleUploadedFile("bomb.png", _png_header_only(100_000, 100_000), content_type="image/png")
    assert bomb.size < 2000
    assert _refused(product, bomb) == "IMAGE_TOO_LARGE"


def test_truncated_image_is_refused(product):
    data = image_bytes("JPEG", (300, 300))
    assert _refused(product, SimpleUploadedFile("cut.jpg", data[: len(data) // 2])) == "INVALID_IMAGE"


def test_nearest_fixed_thumbnail_size_is_picked():
    assert [thumbnail_size_for(s) for s in (None, 10, 64, 65, 300, 2000)] == [256, 64, 64, 256, 512, 1024]
