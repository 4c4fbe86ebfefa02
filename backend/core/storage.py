"""Private file storage for restricted documents (OCOP decisions, certification scans, label sheets):
outside MEDIA_ROOT, under random names, with no URL of its own, and one way to answer a download.

Nothing under `PRIVATE_MEDIA_ROOT` is reachable by a URL path: a permission-checked view finds the
row through a scoped selector, then answers with `private_file_response`, which either streams the
file (development, `PRIVATE_MEDIA_SERVE=django`) or hands it to nginx's `internal` location with
`X-Accel-Redirect` (production, `accel`).
"""

import os
import uuid
from collections.abc import Callable
from urllib.parse import quote

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse


class PrivateStorage(FileSystemStorage):
    """A FileSystemStorage at `PRIVATE_MEDIA_ROOT` that refuses to build URLs.

    The root is read on every access (tests point it at a fresh folder per test), so this storage
    can be one module-level instance.
    """

    @property
    def base_location(self) -> str:  # type: ignore[override]
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:  # type: ignore[override]
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL; link to the permission-checked view instead.")


_private = PrivateStorage()


def private_storage() -> PrivateStorage:
    """The private storage, as a callable so migrations record a reference instead of a path."""
    return _private


def private_name(folder: str, filename: str) -> str:
    """`<folder>/<uuid4 hex>.<extension>`: the stored name tells nothing and cannot be guessed.

    The extension is taken from `filename`, which callers build from the type they checked.
    """
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"{folder}/{uuid.uuid4().hex}.{extension}"


def private_file_response(
    file: FieldFile, *, filename: str, content_type: str, inline: bool = False
) -> HttpResponse | StreamingHttpResponse:
    """Answer a download of a private file the caller has already been allowed to read.

    `content_type` comes from what the server checked (never from the upload), and
    `X-Content-Type-Options: nosniff` keeps browsers from guessing otherwise. `inline` only for the
    checked PDF/JPEG/PNG types; anything else is an attachment.
    """
    if not file or not file.storage.exists(file.name):
        raise Http404
    if settings.PRIVATE_MEDIA_SERVE == "accel":
        # nginx serves the bytes from its `internal` location; the app sends only headers.
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.PRIVATE_MEDIA_ACCEL_PREFIX + quote(file.name)
    else:
        response = FileResponse(file.storage.open(file.name, "rb"), content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def stored_file_move(
    *, name: str, source: Storage, target: Storage, new_name: Callable[[bytes], str]
) -> str | None:
    """Copy the file `name` from `source` to `target` under `new_name(first bytes)`; the source copy
    is deleted once the surrounding transaction commits (a rolled-back migration loses nothing).

    For data migrations that move existing files between storages; None when `source` lacks it.
    """
    if not name or not source.exists(name):
        return None
    with source.open(name, "rb") as handle:
        content = handle.read()
    stored = target.save(new_name(content[:16]), ContentFile(content))
    transaction.on_commit(lambda: source.delete(name))
    return stored
