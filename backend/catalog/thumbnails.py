"""WebP renditions of product photos at fixed sizes, and picking the size closest to a request."""

import io
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from PIL import Image, ImageOps

from backend.catalog.models import ProductMedia, Thumbnail

THUMBNAIL_SIZES = (64, 256, 512, 1024)
DEFAULT_THUMBNAIL_SIZE = 256


def thumbnail_size_for(requested: int | None) -> int:
    """The smallest fixed size at least as large as `requested` (the largest one above them all)."""
    if not requested:
        return DEFAULT_THUMBNAIL_SIZE
    for size in THUMBNAIL_SIZES:
        if size >= requested:
            return size
    return THUMBNAIL_SIZES[-1]


def _render(image: Image.Image, size: int) -> bytes:
    copy = image.copy()
    copy.thumbnail((size, size), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    copy.save(buffer, format="WEBP", quality=82, method=4)
    return buffer.getvalue()


def _source(media: ProductMedia) -> Image.Image:
    with media.image.open("rb") as handle, Image.open(handle) as source:
        mode = "RGBA" if source.mode in ("RGBA", "LA", "P") else "RGB"
        return ImageOps.exif_transpose(source).convert(mode)


def _write(media: ProductMedia, image: Image.Image, size: int) -> Thumbnail:
    thumbnail = Thumbnail(media=media, size=size)
    # Named after the original's random stem, so renditions are as unguessable as the photo itself.
    stem = PurePosixPath(media.image.name).stem
    thumbnail.image.save(f"{stem}-{size}.webp", ContentFile(_render(image, size)), save=False)
    thumbnail.save()
    return thumbnail


def thumbnail_make(*, media: ProductMedia, size: int) -> Thumbnail:
    """The `size` rendition of `media`, written now if it does not exist yet."""
    existing = media.thumbnails.filter(size=size).first()
    return existing or _write(media, _source(media), size)


def thumbnails_make(*, media: ProductMedia) -> list[Thumbnail]:
    """Write every missing fixed-size WebP rendition of `media` (idempotent)."""
    have = set(media.thumbnails.values_list("size", flat=True))
    missing = [size for size in THUMBNAIL_SIZES if size not in have]
    if missing:
        image = _source(media)
        for size in missing:
            _write(media, image, size)
    return list(media.thumbnails.order_by("size"))


def thumbnail_signature(media_id: int) -> str:
    """Signs a photo id so thumbnail URLs cannot be enumerated (as unguessable as the photo's own URL)."""
    return salted_hmac("catalog.thumbnail", str(media_id)).hexdigest()[:20]


def thumbnail_signature_valid(media_id: int, signature: str) -> bool:
    return constant_time_compare(thumbnail_signature(media_id), signature)


def thumbnail_path(media_id: int, size: int | None) -> str:
    """The site-relative URL serving `media_id` at the fixed size nearest to `size`."""
    return reverse(
        "catalog:thumbnail",
        kwargs={
            "media_id": media_id,
            "size": thumbnail_size_for(size),
            "signature": thumbnail_signature(media_id),
        },
    )
