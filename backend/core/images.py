"""The one check on every uploaded image (product photos, stall logos, diary photos) before anything
is stored: type, byte size, pixel count, integrity.

Each domain passes its own error-code enum, so each API keeps one enum (`CatalogErrorCode.FILE_TOO_LARGE`,
`StallErrorCode.FILE_TOO_LARGE`) while the check itself exists once.
"""

import warnings
from dataclasses import dataclass
from enum import Enum

from django.conf import settings
from PIL import Image, UnidentifiedImageError

from backend.core.errors import DomainError


class ImageErrorCode(Enum):
    UNSUPPORTED_IMAGE_FORMAT = "unsupported_image_format"
    FILE_TOO_LARGE = "file_too_large"
    IMAGE_TOO_LARGE = "image_too_large"
    INVALID_IMAGE = "invalid_image"


_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


@dataclass(frozen=True)
class CheckedImage:
    format: str
    width: int
    height: int

    @property
    def extension(self) -> str:
        return _EXTENSIONS[self.format]


def image_validate(upload, *, codes: type[Enum] = ImageErrorCode, field: str = "image") -> CheckedImage:
    """Refuse anything but a sound JPEG, PNG or WebP within the byte and pixel limits.

    A refusal is a DomainError on `field` whose code is the member of `codes` named like the
    `ImageErrorCode` (a domain's enum repeats those four members).
    """
    try:
        return _image_check(upload, field)
    except DomainError as exc:
        raise DomainError(codes[exc.code.name], exc.message, exc.field) from exc


def _image_check(upload, field: str) -> CheckedImage:
    """The pixel count is read from the header before any decoding, so a decompression bomb (a small
    file that expands to gigabytes) is refused without allocating its pixels.
    """
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    upload.seek(0)
    limit = settings.MAX_IMAGE_UPLOAD_BYTES
    if size > limit:
        raise DomainError(
            ImageErrorCode.FILE_TOO_LARGE,
            f"The file is {size // 1024} KB; images may be at most {limit // (1024 * 1024)} MB.",
            field,
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                fmt, (width, height) = image.format, image.size
                if fmt not in _EXTENSIONS:
                    raise DomainError(
                        ImageErrorCode.UNSUPPORTED_IMAGE_FORMAT,
                        "Upload a JPEG, PNG or WebP photo.",
                        field,
                    )
                _pixels_check(width, height, field)
                image.verify()
            # verify() leaves the object unusable and misses truncated pixel data: decode once fully.
            upload.seek(0)
            with Image.open(upload) as image:
                image.load()
    except DomainError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels(field) from exc
    except UnidentifiedImageError as exc:
        raise DomainError(
            ImageErrorCode.UNSUPPORTED_IMAGE_FORMAT,
            "This file is not an image; upload a JPEG, PNG or WebP photo.",
            field,
        ) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise DomainError(
            ImageErrorCode.INVALID_IMAGE, "The image file is damaged or truncated.", field
        ) from exc
    finally:
        upload.seek(0)
    return CheckedImage(format=fmt, width=width, height=height)


def _too_many_pixels(field: str) -> DomainError:
    return DomainError(
        ImageErrorCode.IMAGE_TOO_LARGE,
        f"The image has too many pixels; the limit is {settings.MAX_IMAGE_PIXELS // 1_000_000} megapixels.",
        field,
    )


def _pixels_check(width: int, height: int, field: str) -> None:
    if width <= 0 or height <= 0 or width * height > settings.MAX_IMAGE_PIXELS:
        raise _too_many_pixels(field)
