"""OCOP certificates in the dashboard: the list with status and expiry, and the submit form."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from backend.catalog.actions import product_create
from backend.catalog.models import Category
from backend.stalls.models import CertificateStatus, OcopCertificate
from tests.factories import make_official, make_stall, make_user

pytestmark = pytest.mark.django_db


def _url(stall):
    return reverse("dashboard:stall:certificates", args=[stall.pk])


def _form(product=None, **overrides):
    data = {
        "stars": "4",
        "group": "1",
        "score": "78",
        "decision_number": "1234/QĐ-UBND",
        "decision_date": "2025-05-20",
        "issuing_authority": "UBND tỉnh Vĩnh Long",
        "products": [product.pk] if product else [],
    }
    return {**data, **overrides}


def test_the_list_shows_status_and_expiry(client, owner, stall):
    OcopCertificate.objects.create(
        stall=stall,
        stars=5,
        group=1,
        decision_number="77/QĐ",
        decision_date=datetime.date(2024, 1, 31),
        issuing_authority="UBND tỉnh Bến Tre",
        status=CertificateStatus.VERIFIED,
    )
    client.force_login(owner)
    response = client.get(_url(stall))
    body = response.content.decode()
    assert "77/QĐ" in body
    assert 'class="pill pill-verified"' in body
    assert "Hiệu lực đến" in body
    assert "31-01-2027" in body  # 36 months after the decision, in Vietnamese date order


def test_a_member_submits_a_certificate_with_a_scanned_pdf(client, owner, stall):
    product = product_create(stall=stall, category=Category.objects.get(slug="banh-keo"), name="Kẹo dừa sáp")
    client.force_login(owner)
    scan = SimpleUploadedFile("quyet-dinh.pdf", b"%PDF-1.4 scanned decision", content_type="application/pdf")
    response = client.post(_url(stall), {**_form(product), "document": scan})
    assert response.status_code == 302
    certificate = OcopCertificate.objects.get(stall=stall)
    assert (certificate.stars, certificate.score, certificate.status) == (4, 78, CertificateStatus.SUBMITTED)
    assert certificate.document.name.endswith(".pdf")
    product.refresh_from_db()
    assert product.ocop_certificate == certificate


def test_a_document_that_is_not_a_pdf_or_image_is_refused_in_vietnamese(client, owner, stall):
    client.force_login(owner)
    scan = SimpleUploadedFile("quyet-dinh.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(_url(stall), {**_form(), "document": scan})
    assert response.status_code == 400
    assert "Tải lên quyết định dưới dạng tệp PDF, JPEG hoặc PNG, tối đa 10 MB." in response.content.decode()
    assert not OcopCertificate.objects.exists()


def test_a_future_decision_date_is_refused(client, owner, stall):
    client.force_login(owner)
    response = client.post(_url(stall), _form(decision_date="2999-01-01"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "The decision date is in the future." in response.content.decode()


def test_another_stalls_product_cannot_be_covered(client, owner, stall):
    theirs = product_create(
        stall=make_stall(make_user()), category=Category.objects.get(slug="banh-keo"), name="Vải thiều"
    )
    client.force_login(owner)
    response = client.post(_url(stall), _form(theirs))
    assert response.status_code == 400
    assert not OcopCertificate.objects.exists()


def test_a_member_of_another_stall_gets_404(client, stall):
    client.force_login(make_stall(make_user()).members.get().user)
    assert client.get(_url(stall)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, stall):
    assert client.get(_url(stall))["Location"].startswith(reverse("accounts:login"))


def test_an_official_reads_the_list_but_gets_403_on_submit(client, stall):
    client.force_login(make_official([stall.province_code]))
    response = client.get(_url(stall))
    assert response.status_code == 200
    assert "Gửi để xác minh" not in response.content.decode()
    assert client.post(_url(stall), _form()).status_code == 403
    assert not OcopCertificate.objects.exists()
