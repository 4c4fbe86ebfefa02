"""Stall onboarding and OCOP certificate decisions at the domain level."""

import datetime

import pytest
from django.utils import timezone

from backend.core.errors import DomainError
from backend.stalls import actions
from backend.stalls.models import CertificateStatus, MemberRole, OcopCertificate, Stall, StallStatus
from tests.backend.catalog.factories import make_product
from tests.factories import make_official, make_stall, make_user

pytestmark = pytest.mark.django_db


def _register(user, **overrides):
    fields = {
        "name": "HTX Kẹo dừa Bến Tre",
        "legal_form": "cooperative",
        "province_code": 86,
        "commune_code": 28777,
        **overrides,
    }
    return actions.stall_create(user=user, **fields)


def _code(call) -> str:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value.code.name


def test_registrant_becomes_owner_of_a_pending_stall_with_a_folded_unique_slug():
    first = _register(make_user(), phone="0912 345 678", description='<p onclick="x()">Ngon <b>lắm</b></p>')
    second = _register(make_user())
    assert (first.slug, second.slug) == ("htx-keo-dua-ben-tre", "htx-keo-dua-ben-tre-2")
    assert first.status == StallStatus.PENDING
    assert first.members.get().role == MemberRole.OWNER
    assert first.phone == "+84912345678"
    assert first.description == "<p>Ngon lắm</p>"


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"province_code": 83}, "UNKNOWN_PROVINCE"),  # pre-2025 Bến Tre
        ({"commune_code": 1}, "UNKNOWN_COMMUNE"),
        ({"commune_code": 7582}, "COMMUNE_NOT_IN_PROVINCE"),
        ({"tax_code": "12345"}, "INVALID_TAX_CODE"),
        ({"phone": "12345"}, "INVALID_PHONE"),
        ({"name": "  "}, "REQUIRED"),
        ({"legal_form": "llc"}, "INVALID"),
    ],
)
def test_invalid_registration_is_refused_with_a_code(overrides, code):
    assert _code(lambda: _register(make_user(), **overrides)) == code
    assert not Stall.objects.exists()


def test_renaming_a_stall_refreshes_its_products_search_text():
    stall = make_stall(make_user(), name="HTX Cũ")
    product = make_product(stall, "Kẹo dừa")
    actions.stall_update(stall=stall, name="HTX Mỏ Cày")
    product.refresh_from_db()
    assert "htx mo cay" in product.search_document and "htx cu" not in product.search_document


def test_only_staff_decide_and_only_valid_transitions_happen():
    staff = make_user(is_staff=True)
    stall = make_stall(make_user(), status=StallStatus.PENDING)
    assert _code(lambda: actions.stall_approve(stall=stall, actor=make_user())) == "OUT_OF_SCOPE"
    assert _code(lambda: actions.stall_suspend(stall=stall, actor=staff, reason="x")) == "INVALID_STATUS"
    assert _code(lambda: actions.stall_reject(stall=stall, actor=staff, reason=" ")) == "REQUIRED"
    actions.stall_reject(stall=stall, actor=staff, reason="Thiếu giấy phép")
    assert (stall.status, stall.status_reason) == (StallStatus.REJECTED, "Thiếu giấy phép")
    actions.stall_approve(stall=stall, actor=staff)
    assert stall.status == StallStatus.APPROVED and stall.status_reason == ""
    actions.stall_suspend(stall=stall, actor=staff, reason="Hàng giả")
    assert stall.status == StallStatus.SUSPENDED


def _submit(stall, **overrides):
    fields = {
        "stars": 4,
        "group": 1,
        "score": 80,
        "decision_number": "12/QĐ-UBND",
        "decision_date": datetime.date(2025, 5, 1),
        "issuing_authority": "UBND tỉnh Vĩnh Long",
        **overrides,
    }
    return actions.ocop_certificate_submit(stall=stall, **fields)


def test_certificate_covers_the_stalls_own_products_only():
    stall, other = make_stall(make_user()), make_stall(make_user())
    own, foreign = make_product(stall, "Kẹo"), make_product(other, "Vải")
    assert _code(lambda: _submit(stall, products=[own, foreign])) == "PRODUCT_NOT_IN_STALL"
    certificate = _submit(stall, products=[own])
    own.refresh_from_db()
    assert own.ocop_certificate == certificate and certificate.status == CertificateStatus.SUBMITTED


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"stars": 2}, "INVALID_STARS"),
        ({"stars": 6}, "INVALID_STARS"),
        ({"group": 7}, "INVALID_GROUP"),
        ({"score": 101}, "INVALID_SCORE"),
        ({"decision_number": ""}, "REQUIRED"),
        ({"decision_date": datetime.date.today() + datetime.timedelta(days=30)}, "INVALID"),
    ],
)
def test_invalid_certificate_is_refused(overrides, code):
    assert _code(lambda: _submit(make_stall(make_user()), **overrides)) == code
    assert not OcopCertificate.objects.exists()


def test_official_of_the_province_verifies_others_cannot():
    certificate = _submit(make_stall(make_user(), province_code=86, commune_code=28777))
    elsewhere, here = make_official([24]), make_official([86])
    assert (
        _code(lambda: actions.ocop_certificate_verify(certificate=certificate, actor=elsewhere))
        == "OUT_OF_SCOPE"
    )
    actions.ocop_certificate_verify(certificate=certificate, actor=here)
    assert (certificate.status, certificate.decided_by) == (CertificateStatus.VERIFIED, here)
    assert _code(
        lambda: actions.ocop_certificate_reject(certificate=certificate, actor=here, reason="x")
    ) == ("INVALID_STATUS")


def test_badge_shows_only_while_verified_and_within_36_months():
    certificate = _submit(make_stall(make_user()), decision_date=datetime.date(2024, 2, 29))
    assert certificate.expires_on == datetime.date(2027, 2, 28)
    assert not certificate.badge_visible(today=datetime.date(2025, 1, 1))  # submitted, not verified
    actions.ocop_certificate_verify(certificate=certificate, actor=make_user(is_staff=True))
    assert certificate.badge_visible(today=datetime.date(2027, 2, 27))
    assert not certificate.badge_visible(today=datetime.date(2027, 2, 28))
    assert certificate.badge_visible() == (timezone.localdate() < certificate.expires_on)


def test_scanned_decision_must_be_a_pdf_or_image():
    from django.core.files.uploadedfile import SimpleUploadedFile

    stall = make_stall(make_user())
    bad = SimpleUploadedFile("qd.pdf", b"MZ\x90\x00 executable")
    assert _code(lambda: _submit(stall, document=bad)) == "INVALID_DOCUMENT"
    certificate = _submit(stall, document=SimpleUploadedFile("qd.pdf", b"%PDF-1.7 scanned"))
    assert certificate.document.name.endswith(".pdf")
