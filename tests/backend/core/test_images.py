"""image_validate: one check for every upload, reporting in the calling domain's error codes."""

import io

import pytest
from PIL import Image

from backend.catalog.error_codes import CatalogErrorCode
from backend.core.errors import DomainError
from backend.core.images import ImageErrorCode, image_validate
from backend.stalls.error_codes import StallErrorCode


def _png(size=(40, 30)) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, format="PNG")
    buffer.seek(0)
    return buffer


def test_a_sound_image_is_described():
    checked = image_validate(_png((40, 30)))
    assert (checked.format, checked.width, checked.height, checked.extension) == ("PNG", 40, 30, "png")


@pytest.mark.parametrize("codes", [ImageErrorCode, CatalogErrorCode, StallErrorCode])
def test_refusals_use_the_callers_enum_and_field(codes):
    with pytest.raises(DomainError) as raised:
        image_validate(io.BytesIO(b"GIF89a not really"), codes=codes, field="logo")
    assert raised.value.code is codes.UNSUPPORTED_IMAGE_FORMAT
    assert raised.value.field == "logo"


def test_every_domain_enum_has_every_image_code():
    for codes in (CatalogErrorCode, StallErrorCode):
        assert {code.name for code in ImageErrorCode} <= set(codes.__members__)


def test_decompression_bomb_is_refused_from_the_header(settings):
    settings.MAX_IMAGE_PIXELS = 1000
    with pytest.raises(DomainError) as raised:
        image_validate(_png((100, 100)))
    assert raised.value.code is ImageErrorCode.IMAGE_TOO_LARGE
