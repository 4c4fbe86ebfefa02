"""The one check on every uploaded document (OCOP decisions, certification scans) before anything is
stored: the type read from the file's own signature, never from its name or declared content type,
and the byte size against `MAX_DOCUMENT_UPLOAD_BYTES`.

Each domain passes its own error-code enum, so each API keeps one enum (`StallErrorCode.INVALID_DOCUMENT`,
`TraceabilityErrorCode.FILE_TOO_LARGE`) while the check itself exists once.
"""

from dataclasses import dataclass
from enum import Enum

from django.conf import settings

from backend.core.errors import DomainError


class DocumentErrorCode(Enum):
    INVALID_DOCUMENT = "invalid_document"
    FILE_TOO_LARGE = "file_too_large"


@dataclass(frozen=True)
class DocumentType:
    extension: str
    content_type: str
    signature: bytes


DOCUMENT_TYPES = (
    DocumentType("pdf", "application/pdf", b"%PDF-"),
    DocumentType("jpg", "image/jpeg", b"\xff\xd8\xff"),
    DocumentType("png", "image/png", b"\x89PNG\r\n\x1a\n"),
)
_SIGNATURE_BYTES = max(len(kind.signature) for kind in DOCUMENT_TYPES)


def document_type_sniff(head: bytes) -> DocumentType | None:
    """The accepted type whose signature `head` (the file's first bytes) starts with, if any."""
    return next((kind for kind in DOCUMENT_TYPES if head.startswith(kind.signature)), None)


def document_type_for_name(name: str) -> DocumentType | None:
    """The accepted type a stored name ends in (names are server-chosen from the sniffed type)."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return next((kind for kind in DOCUMENT_TYPES if kind.extension == extension), None)


def document_validate(
    upload, *, codes: type[Enum] = DocumentErrorCode, field: str = "document"
) -> DocumentType:
    """Refuse anything but a PDF, JPEG or PNG within the size limit; return the type found.

    A refusal is a DomainError on `field` whose code is the member of `codes` named like the
    `DocumentErrorCode` (a domain's enum repeats those two members). The upload is left at offset 0.
    """
    try:
        return _document_check(upload, field)
    except DomainError as exc:
        raise DomainError(codes[exc.code.name], exc.message, exc.field) from exc


def _document_check(upload, field: str) -> DocumentType:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    limit = settings.MAX_DOCUMENT_UPLOAD_BYTES
    if size > limit:
        raise DomainError(
            DocumentErrorCode.FILE_TOO_LARGE,
            f"The file is {size // 1024} KB; documents may be at most {limit // (1024 * 1024)} MB.",
            field,
        )
    upload.seek(0)
    try:
        head = upload.read(_SIGNATURE_BYTES)
    finally:
        upload.seek(0)
    kind = document_type_sniff(head)
    if kind is None:
        raise DomainError(
            DocumentErrorCode.INVALID_DOCUMENT, "Upload the document as a PDF, JPEG or PNG file.", field
        )
    return kind
