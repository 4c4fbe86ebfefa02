"""Checks on uploaded photos before anything is stored: type, byte size, pixel count, integrity."""

import warnings
from dataclasses import dataclass

from django.conf import settings
from PIL import Image, UnidentifiedImageError

from backend.catalog.error_codes import CatalogErrorCode
from backend.core.errors import DomainError

_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


@dataclass(frozen=True)
class CheckedImage:
    format: str
    width: int
    height: int

    @property
    def extension(self) -> str:
        return _EXTENSIONS[self.format]


def image_validate(upload) -> CheckedImage:
    """Refuse anything but a sound JPEG, PNG or WebP within the byte and pixel limits.

    The pixel count is read from the header before any decoding, so a decompression bomb (a small
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
            CatalogErrorCode.FILE_TOO_LARGE,
            f"The file is {size // 1024} KB; photos may be at most {limit // (1024 * 1024)} MB.",
            "image",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                fmt, (width, height) = image.format, image.size
                if fmt not in _EXTENSIONS:
                    raise DomainError(
                        CatalogErrorCode.UNSUPPORTED_IMAGE_FORMAT,
                        "Upload a JPEG, PNG or WebP photo.",
                        "image",
                    )
                _pixels_check(width, height)
                image.verify()
            # verify() leaves the object unusable and misses truncated pixel data: decode once fully.
            upload.seek(0)
            with Image.open(upload) as image:
                image.load()
    except DomainError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels() from exc
    except UnidentifiedImageError as exc:
        raise DomainError(
            CatalogErrorCode.UNSUPPORTED_IMAGE_FORMAT,
            "This file is not an image; upload a JPEG, PNG or WebP photo.",
            "image",
        ) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise DomainError(
            CatalogErrorCode.INVALID_IMAGE, "The image file is damaged or truncated.", "image"
        ) from exc
    finally:
        upload.seek(0)
    return CheckedImage(format=fmt, width=width, height=height)


def _too_many_pixels() -> DomainError:
    return DomainError(
        CatalogErrorCode.IMAGE_TOO_LARGE,
        f"The image has too many pixels; the limit is {settings.MAX_IMAGE_PIXELS // 1_000_000} megapixels.",
        "image",
    )


def _pixels_check(width: int, height: int) -> None:
    if width <= 0 or height <= 0 or width * height > settings.MAX_IMAGE_PIXELS:
        raise _too_many_pixels()
