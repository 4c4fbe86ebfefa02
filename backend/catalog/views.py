"""Thumbnail serving: fixed-size WebP renditions with long-lived cache headers."""

from django.db import IntegrityError
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from backend.catalog import thumbnails
from backend.catalog.selectors import media_for_thumbnail

# A rendition never changes for a given (photo, size) URL, so browsers and CDNs may keep it forever.
IMMUTABLE = "public, max-age=31536000, immutable"


@require_GET
def thumbnail(request: HttpRequest, media_id: int, size: int, signature: str) -> FileResponse:
    if size not in thumbnails.THUMBNAIL_SIZES or not thumbnails.thumbnail_signature_valid(
        media_id, signature
    ):
        raise Http404
    media = media_for_thumbnail(media_id=media_id)
    if media is None:
        raise Http404
    try:
        # Normally the task made it already; making it here covers uploads whose task has not run.
        rendition = thumbnails.thumbnail_make(media=media, size=size)
    except IntegrityError:
        # Another request wrote the same rendition at the same moment; use theirs.
        rendition = media.thumbnails.get(size=size)
    response = FileResponse(rendition.image.open("rb"), content_type="image/webp")
    response["Cache-Control"] = IMMUTABLE
    return response
