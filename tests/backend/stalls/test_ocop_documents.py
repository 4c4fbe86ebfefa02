"""Scanned OCOP decisions are private: stored outside the public media root under a random name, never
answered under /media/, and moved there from the old public path by the migration."""

import datetime
import importlib
import re

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from backend.core.storage import private_storage
from backend.stalls import actions
from backend.stalls.models import OcopCertificate
from tests.factories import make_stall, make_user

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7 scanned decision"
migration = importlib.import_module("backend.stalls.migrations.0003_private_documents")


def _submit(stall, document):
    return actions.ocop_certificate_submit(
        stall=stall,
        stars=4,
        group=1,
        score=None,
        decision_number="12/QĐ-UBND",
        decision_date=datetime.date(2025, 5, 20),
        issuing_authority="UBND tỉnh Vĩnh Long",
        document=document,
    )


def test_the_decision_is_stored_privately_under_an_unguessable_name(settings):
    stall = make_stall(make_user())
    certificate = _submit(stall, SimpleUploadedFile(f"ocop-{stall.pk}.pdf", PDF))
    name = certificate.document.name
    assert re.fullmatch(r"ocop/[0-9a-f]{32}\.pdf", name)
    assert (settings.PRIVATE_MEDIA_ROOT / name).read_bytes() == PDF
    assert not any(settings.MEDIA_ROOT.rglob("*.pdf"))
    other = _submit(stall, SimpleUploadedFile("qd.pdf", PDF))
    assert other.document.name != name


def test_anonymous_get_of_the_old_and_new_paths_under_media_is_404(client):
    stall = make_stall(make_user())
    certificate = _submit(stall, SimpleUploadedFile("qd.pdf", PDF))
    assert client.get(f"/media/stalls/ocop/ocop-{stall.pk}.pdf").status_code == 404
    assert client.get(f"/media/{certificate.document.name}").status_code == 404


def test_the_type_found_by_signature_names_the_file():
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    certificate = _submit(make_stall(make_user()), SimpleUploadedFile("qd.pdf", png))
    assert certificate.document.name.endswith(".png")


def test_an_oversized_decision_is_refused_with_the_stall_code(settings):
    settings.MAX_DOCUMENT_UPLOAD_BYTES = 16
    with pytest.raises(actions.DomainError) as exc:
        _submit(make_stall(make_user()), SimpleUploadedFile("qd.pdf", PDF))
    assert exc.value.code == actions.StallErrorCode.FILE_TOO_LARGE
    assert not OcopCertificate.objects.exists()


def test_the_migration_moves_public_decisions_to_random_private_names(
    settings, django_capture_on_commit_callbacks
):
    stall = make_stall(make_user())
    certificate = _submit(stall, None)
    old = f"stalls/ocop/ocop-{stall.pk}.pdf"
    default_storage.save(old, ContentFile(PDF))
    OcopCertificate.objects.filter(pk=certificate.pk).update(document=old)
    with django_capture_on_commit_callbacks(execute=True):
        migration.documents_to_private(apps, None)
    certificate.refresh_from_db()
    assert re.fullmatch(r"ocop/[0-9a-f]{32}\.pdf", certificate.document.name)
    assert private_storage().open(certificate.document.name).read() == PDF
    assert not default_storage.exists(old)
    with django_capture_on_commit_callbacks(execute=True):
        migration.documents_to_private(apps, None)  # a re-run changes nothing
    assert OcopCertificate.objects.get(pk=certificate.pk).document.name == certificate.document.name
    with django_capture_on_commit_callbacks(execute=True):
        migration.documents_to_public(apps, None)
    assert default_storage.open(certificate.document.name).read() == PDF
    assert not private_storage().exists(certificate.document.name)
