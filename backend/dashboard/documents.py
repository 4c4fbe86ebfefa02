"""Restricted documents (scanned OCOP decisions and certification files) for the people who may read
them: members of the owning stall, officials of the stall's province, platform staff.

The files sit in the private storage (`backend.core.storage`), never under /media/. Each view finds
the row through a scoped selector, so anyone else gets the same 404 as for a missing document, and
answers through `private_file_response` (X-Accel-Redirect in production). A signed-in browser is
known by its session; an API client sends the same `Authorization: Bearer <access token>` it uses
for /graphql/, which is how a `documentUrl` from the API is opened. Only GET is served.
"""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from backend.accounts.authentication import bearer_user
from backend.accounts.models import User
from backend.core.documents import document_type_for_name
from backend.core.storage import private_file_response
from backend.stalls.selectors import certificate_document_for_reader
from traceability.selectors import certification_document_for_reader

_OCTET_STREAM = "application/octet-stream"


def _reader(request: HttpRequest) -> User | AnonymousUser:
    return request.user if request.user.is_authenticated else bearer_user(request)


def _document(file, download_name: str) -> HttpResponse:
    if not file:
        raise Http404
    kind = document_type_for_name(file.name)
    # Checked PDF/JPEG/PNG files open in the browser; anything else (a file stored before uploads
    # were checked) is only ever a download of opaque bytes.
    if kind is None:
        return private_file_response(file, filename=f"{download_name}.bin", content_type=_OCTET_STREAM)
    return private_file_response(
        file, filename=f"{download_name}.{kind.extension}", content_type=kind.content_type, inline=True
    )


@require_GET
def ocop_document(request: HttpRequest, certificate_id: int) -> HttpResponse:
    certificate = certificate_document_for_reader(user=_reader(request), certificate_id=certificate_id)
    if certificate is None:
        raise Http404
    return _document(certificate.document, f"quyet-dinh-ocop-{certificate.pk}")


@require_GET
def certification_document(request: HttpRequest, certification_id: int) -> HttpResponse:
    certification = certification_document_for_reader(
        user=_reader(request), certification_id=certification_id
    )
    if certification is None:
        raise Http404
    return _document(certification.document, f"chung-nhan-{certification.pk}")
