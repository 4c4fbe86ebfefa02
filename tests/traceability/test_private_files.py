"""Certification scans and label files (signed stamp URLs, PINs) are private: stored outside the
public media root under random names, served only by their checked views, and moved there from the
old public paths by the migration. Certification uploads pass the one document check."""

import importlib
import re
from datetime import date

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from backend.core.errors import DomainErrors
from backend.core.storage import private_storage
from tests.factories import make_official, make_stall, make_user
from tests.traceability.builders import issue_stamps, make_lot, make_variant
from traceability.actions import certification_create
from traceability.error_codes import TraceabilityErrorCode
from traceability.label_jobs import label_job_create
from traceability.models import Certification, LabelJob

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7 certificate"
migration = importlib.import_module("traceability.migrations.0006_private_documents")


def _certify(stall, document):
    return certification_create(
        stall=stall,
        kind="vietgap",
        number="VG-1",
        issuer="Cục",
        valid_from=date(2025, 1, 1),
        document=document,
    )


def test_a_certification_scan_is_private_and_loses_the_uploaders_file_name(settings, client):
    certification = _certify(make_stall(make_user()), SimpleUploadedFile("Nguyen Van A - so do.pdf", PDF))
    name = certification.document.name
    assert re.fullmatch(r"certifications/[0-9a-f]{32}\.pdf", name)
    assert (settings.PRIVATE_MEDIA_ROOT / name).read_bytes() == PDF
    assert client.get("/media/traceability/certifications/Nguyen Van A - so do.pdf").status_code == 404
    assert client.get(f"/media/{name}").status_code == 404


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"<html>not a scan</html>", TraceabilityErrorCode.INVALID_DOCUMENT),
        (PDF * 10, TraceabilityErrorCode.FILE_TOO_LARGE),
    ],
    ids=["html", "too-large"],
)
def test_a_certification_scan_passes_the_document_check(settings, content, code):
    settings.MAX_DOCUMENT_UPLOAD_BYTES = 100
    with pytest.raises(DomainErrors) as exc:
        _certify(make_stall(make_user()), SimpleUploadedFile("scan.pdf", content))
    assert [(error.code, error.field) for error in exc.value.errors] == [(code, "document")]
    assert not Certification.objects.exists()


@pytest.fixture
def label_job(django_capture_on_commit_callbacks):
    lot = make_lot(make_variant(make_stall(make_user()), gtin="08931234567897"), code="LP1")
    stamps = issue_stamps(lot, 3, with_pin=True)
    with django_capture_on_commit_callbacks(execute=True):
        job = label_job_create(lot=lot, stamp_job=stamps, actor=lot.created_by)
    return LabelJob.objects.get(pk=job.pk)


def _download(job):
    return reverse("dashboard:traceability:label_job_download", args=[job.lot.stall_id, job.pk])


def test_label_files_are_private_and_have_no_url(settings, client, label_job):
    name = label_job.file.name
    assert re.fullmatch(rf"labels/[0-9a-f]{{32}}/nhan-lp1-{label_job.pk}\.pdf", name)
    assert (settings.PRIVATE_MEDIA_ROOT / name).exists()
    assert not (settings.MEDIA_ROOT / name).exists()
    with pytest.raises(ValueError):
        label_job.file.url  # noqa: B018 — nothing may build a /media/ link to it
    assert client.get(f"/media/{name}").status_code == 404
    assert client.get(f"/media/traceability/{name}").status_code == 404


def test_only_members_download_label_files(client, label_job):
    client.force_login(make_official([label_job.lot.stall.province_code]))
    assert client.get(_download(label_job)).status_code == 404
    client.force_login(make_user(is_staff=True))
    assert client.get(_download(label_job)).status_code == 404
    client.force_login(label_job.lot.created_by)
    response = client.get(_download(label_job))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == f"attachment; filename*=UTF-8''nhan-lp1-{label_job.pk}.pdf"


def test_label_download_in_production_is_an_x_accel_redirect(settings, client, label_job):
    settings.PRIVATE_MEDIA_SERVE = "accel"
    client.force_login(label_job.lot.created_by)
    response = client.get(_download(label_job))
    assert response["X-Accel-Redirect"] == f"/_private/{label_job.file.name}"
    assert response.content == b""


def test_the_migration_moves_public_certifications_and_label_files(
    label_job, django_capture_on_commit_callbacks
):
    stall = label_job.lot.stall
    certification = _certify(stall, None)
    old_document = "traceability/certifications/Nguyen Van A.pdf"
    old_label = f"traceability/labels/{'a' * 32}/nhan-lp1-{label_job.pk}.pdf"
    default_storage.save(old_document, ContentFile(PDF))
    default_storage.save(old_label, ContentFile(b"%PDF-1.4 labels"))
    Certification.objects.filter(pk=certification.pk).update(document=old_document)
    LabelJob.objects.filter(pk=label_job.pk).update(file=old_label)
    with django_capture_on_commit_callbacks(execute=True):
        migration.files_to_private(apps, None)
    certification.refresh_from_db()
    label_job.refresh_from_db()
    assert re.fullmatch(r"certifications/[0-9a-f]{32}\.pdf", certification.document.name)
    assert re.fullmatch(rf"labels/[0-9a-f]{{32}}/nhan-lp1-{label_job.pk}\.pdf", label_job.file.name)
    assert private_storage().open(certification.document.name).read() == PDF
    assert private_storage().open(label_job.file.name).read() == b"%PDF-1.4 labels"
    assert not default_storage.exists(old_document) and not default_storage.exists(old_label)
    with django_capture_on_commit_callbacks(execute=True):
        migration.files_to_public(apps, None)
    assert default_storage.open(certification.document.name).read() == PDF
    assert not private_storage().exists(label_job.file.name)
