"""Stall page: its profile, only its own products on sale, and only certificates in force."""

import datetime

import pytest
from django.utils import timezone

from backend.stalls.models import CertificateStatus, StallStatus
from tests.factories import make_stall
from tests.storefront.browse.builders import certify, make_product

pytestmark = pytest.mark.django_db


def test_shows_profile_its_products_and_valid_certificates_only(client):
    stall = make_stall(
        name="HTX Vải Lục Ngạn", province_code=24, commune_code=7210, description="<p>Vải thiều từ 1990.</p>"
    )
    other = make_stall(name="HTX Khác")
    valid = make_product(stall, "Vải thiều sấy")
    certify(valid, 4)
    expired = make_product(stall, "Vải tươi")
    old = certify(expired, 5, decided=timezone.localdate() - datetime.timedelta(days=4 * 365))
    pending = make_product(stall, "Nhãn lồng")
    submitted = certify(pending, 3, status=CertificateStatus.SUBMITTED)
    make_product(other, "Sản phẩm của quầy khác")
    make_product(stall, "Chưa đăng bán", published=False)

    response = client.get(f"/stalls/{stall.slug}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in body and "HTX Vải Lục Ngạn" in body and "Bắc Ninh" in body
    assert "Vải thiều từ 1990." in body
    assert "Vải thiều sấy" in body and "Vải tươi" in body and "Nhãn lồng" in body
    assert "Sản phẩm của quầy khác" not in body and "Chưa đăng bán" not in body
    certificates = body[body.index('id="certificates-title"') : body.index('id="products-title"')]
    assert "OCOP 4 sao" in certificates
    assert old.decision_number not in certificates and submitted.decision_number not in certificates


def test_unapproved_or_unknown_stall_is_404(client):
    pending = make_stall(status=StallStatus.PENDING)
    assert client.get(f"/stalls/{pending.slug}/").status_code == 404
    assert client.get("/stalls/khong-co/").status_code == 404
