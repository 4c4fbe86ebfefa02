"""backend.core.documents: the one document check, by signature and size, under the caller's codes."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from backend.core.documents import (
    DocumentErrorCode,
    document_type_for_name,
    document_type_sniff,
    document_validate,
)
from backend.core.errors import DomainError
from backend.stalls.error_codes import StallErrorCode
from traceability.error_codes import TraceabilityErrorCode

PDF = b"%PDF-1.7\n1 0 obj\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


@pytest.mark.parametrize(
    ("content", "extension", "content_type"),
    [(PDF, "pdf", "application/pdf"), (JPEG, "jpg", "image/jpeg"), (PNG, "png", "image/png")],
)
def test_pdf_jpeg_and_png_are_accepted_by_their_signature(content, extension, content_type):
    upload = SimpleUploadedFile("scan", content, content_type="application/octet-stream")
    kind = document_validate(upload)
    assert (kind.extension, kind.content_type) == (extension, content_type)
    assert upload.tell() == 0  # the caller stores it next, from the start


def test_the_name_and_declared_type_are_ignored():
    upload = SimpleUploadedFile("quyet-dinh.pdf", PNG, content_type="application/pdf")
    assert document_validate(upload).extension == "png"


@pytest.mark.parametrize(
    "content",
    [b"MZ\x90\x00 executable", b"<html><script>alert(1)</script>", b"", b"%PD", b"GIF89a"],
    ids=["exe", "html", "empty", "truncated-pdf", "gif"],
)
def test_anything_else_is_refused_as_an_invalid_document(content):
    with pytest.raises(DomainError) as exc:
        document_validate(SimpleUploadedFile("scan.pdf", content), field="document")
    assert (exc.value.code, exc.value.field) == (DocumentErrorCode.INVALID_DOCUMENT, "document")


def test_the_size_limit_comes_from_the_setting(settings):
    settings.MAX_DOCUMENT_UPLOAD_BYTES = 1024
    document_validate(SimpleUploadedFile("ok.pdf", PDF + b"x" * (1024 - len(PDF))))
    with pytest.raises(DomainError) as exc:
        document_validate(SimpleUploadedFile("big.pdf", PDF + b"x" * 1024))
    assert exc.value.code == DocumentErrorCode.FILE_TOO_LARGE


def test_a_plain_file_object_without_size_is_measured(settings):
    settings.MAX_DOCUMENT_UPLOAD_BYTES = 10
    with pytest.raises(DomainError) as exc:
        document_validate(io.BytesIO(PDF * 3))
    assert exc.value.code == DocumentErrorCode.FILE_TOO_LARGE


@pytest.mark.parametrize("codes", [StallErrorCode, TraceabilityErrorCode])
def test_refusals_come_in_the_callers_enum(settings, codes):
    with pytest.raises(DomainError) as exc:
        document_validate(SimpleUploadedFile("x", b"nope"), codes=codes)
    assert exc.value.code is codes.INVALID_DOCUMENT
    settings.MAX_DOCUMENT_UPLOAD_BYTES = 1
    with pytest.raises(DomainError) as exc:
        document_validate(SimpleUploadedFile("x", PDF), codes=codes)
    assert exc.value.code is codes.FILE_TOO_LARGE


def test_stored_names_map_back_to_the_checked_type():
    assert document_type_for_name("ocop/0123abcd.PDF").content_type == "application/pdf"
    assert document_type_for_name("certifications/scan.html") is None
    assert document_type_for_name("noextension") is None
    assert document_type_sniff(JPEG).extension == "jpg"
