"""Catalog background work (queue `media`): thumbnails of uploaded product photos."""

from celery import shared_task

from backend.catalog import thumbnails
from backend.catalog.models import ProductMedia


@shared_task(name="catalog.thumbnails_make")
def thumbnails_make(media_id: int) -> int:
    """Make the fixed-size WebP thumbnails of one photo; returns how many exist afterwards."""
    media = ProductMedia.objects.filter(pk=media_id).first()
    if media is None:
        # Deleted before the worker got to it: nothing to do.
        return 0
    return len(thumbnails.thumbnails_make(media=media))
