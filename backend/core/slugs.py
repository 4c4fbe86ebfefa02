"""URL slugs from Vietnamese names: folded first, so "Kẹo dừa" becomes "keo-dua"."""

from django.db.models import Model
from django.utils.text import slugify

from backend.core.text import fold


def unique_slug(model: type[Model], text: str, *, max_length: int = 200, exclude_pk=None) -> str:
    """A slug for `text` not yet used by `model` ("keo-dua", then "keo-dua-2", …).

    The unique constraint on the column stays the real guard; this only picks a free candidate.
    """
    base = slugify(fold(text))[: max_length - 6].strip("-") or "item"
    taken = model._default_manager.filter(slug__startswith=base)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    used = set(taken.values_list("slug", flat=True))
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    return candidate
