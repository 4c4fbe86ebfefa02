"""backend.core.storage: the private storage lives outside MEDIA_ROOT with no URL, names are random,
and downloads are answered by streaming (development) or X-Accel-Redirect (production)."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404

from backend.core.storage import (
    private_file_response,
    private_name,
    private_storage,
    stored_file_move,
)
from backend.stalls.models import OcopCertificate
from tests.factories import make_stall


def test_files_are_written_under_the_private_root_not_the_media_root(settings):
    name = private_storage().save("ocop/x.pdf", ContentFile(b"%PDF-1.4"))
    assert (settings.PRIVATE_MEDIA_ROOT / name).read_bytes() == b"%PDF-1.4"
    assert not (settings.MEDIA_ROOT / name).exists()
    assert not str(settings.PRIVATE_MEDIA_ROOT).startswith(str(settings.MEDIA_ROOT))


def test_private_files_have_no_url():
    with pytest.raises(ValueError):
        private_storage().url("ocop/x.pdf")


def test_private_names_are_random_and_keep_only_the_extension():
    names = {private_name("ocop", "ocop-12.PDF") for _ in range(50)}
    assert len(names) == 50
    assert all(re.fullmatch(r"ocop/[0-9a-f]{32}\.pdf", name) for name in names)
    assert private_name("certifications", "no-extension").endswith(".bin")


@pytest.fixture
def stored(db):
    certificate = OcopCertificate.objects.create(
        stall=make_stall(),
        stars=3,
        group=1,
        decision_number="1/QĐ",
        decision_date="2025-01-01",
        issuing_authority="UBND",
    )
    certificate.document.save("decision.pdf", ContentFile(b"%PDF-1.4 body"), save=True)
    return certificate.document


def test_development_streams_the_file_with_safe_headers(settings, stored):
    settings.PRIVATE_MEDIA_SERVE = "django"
    response = private_file_response(
        stored, filename="quyết định.pdf", content_type="application/pdf", inline=True
    )
    assert b"".join(response.streaming_content) == b"%PDF-1.4 body"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "inline; filename*=UTF-8''quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh.pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "X-Accel-Redirect" not in response


def test_production_hands_the_file_to_nginx_with_no_body(settings, stored):
    settings.PRIVATE_MEDIA_SERVE = "accel"
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = "/_private/"
    response = private_file_response(stored, filename="labels.pdf", content_type="application/pdf")
    assert response["X-Accel-Redirect"] == f"/_private/{stored.name}"
    assert response.content == b""
    assert response["Content-Disposition"].startswith("attachment; ")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_missing_file_is_a_404(db, stored):
    private_storage().delete(stored.name)
    with pytest.raises(Http404):
        private_file_response(stored, filename="x.pdf", content_type="application/pdf")


def test_moving_a_file_deletes_the_source_only_after_commit(db, django_capture_on_commit_callbacks):
    default_storage.save("stalls/ocop/ocop-7.pdf", ContentFile(b"%PDF-1.4 old"))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        moved = stored_file_move(
            name="stalls/ocop/ocop-7.pdf",
            source=default_storage,
            target=private_storage(),
            new_name=lambda head: private_name("ocop", "x.pdf" if head.startswith(b"%PDF-") else "x.bin"),
        )
    assert re.fullmatch(r"ocop/[0-9a-f]{32}\.pdf", moved)
    assert private_storage().open(moved).read() == b"%PDF-1.4 old"
    assert default_storage.exists("stalls/ocop/ocop-7.pdf")  # not yet committed
    for callback in callbacks:
        callback()
    assert not default_storage.exists("stalls/ocop/ocop-7.pdf")
    assert (
        stored_file_move(name="absent.pdf", source=default_storage, target=private_storage(), new_name=str)
        is None
    )
