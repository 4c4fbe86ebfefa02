"""The permission-checked document views: who may open a scanned OCOP decision or certification file
(members of the stall, officials of its province, platform staff; everyone else 404), with which
headers, in development and production mode, and what `documentUrl` in GraphQL points at."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from graphql_relay import to_global_id

from backend.accounts.tokens import access_token_create
from backend.stalls.actions import ocop_certificate_submit
from backend.stalls.models import MemberRole, StallMember
from tests.factories import make_official, make_stall, make_user
from tests.graphql_client import gql
from traceability.actions import certification_create
from traceability.models import Certification

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7 scanned decision"
PROVINCE = 86

STALL_CERTIFICATES = """
query($slug: String!) { stall(slug: $slug) { ocopCertificates { documentUrl } } }"""
CERTIFICATIONS = """
query($stall: ID!) { certifications(stall: $stall) { number documentUrl } }"""


@pytest.fixture
def owner():
    return make_user()


@pytest.fixture
def stall(owner):
    return make_stall(owner, province_code=PROVINCE)


@pytest.fixture
def certificate(stall):
    return ocop_certificate_submit(
        stall=stall,
        stars=4,
        group=1,
        score=None,
        decision_number="12/QĐ-UBND",
        decision_date=datetime.date(2025, 5, 20),
        issuing_authority="UBND tỉnh Vĩnh Long",
        document=SimpleUploadedFile("my-decision.pdf", PDF),
    )


@pytest.fixture
def certification(stall):
    return certification_create(
        stall=stall,
        kind="vietgap",
        number="VG-9",
        issuer="Cục Trồng trọt",
        valid_from=datetime.date(2025, 1, 1),
        document=SimpleUploadedFile("Nguyen Van A - VietGAP.pdf", PDF),
    )


def _ocop_url(certificate):
    return reverse("dashboard:ocop_document", args=[certificate.pk])


def _certification_url(certification):
    return reverse("dashboard:certification_document", args=[certification.pk])


def _staff_member(stall):
    user = make_user()
    StallMember.objects.create(stall=stall, user=user, role=MemberRole.STAFF)
    return user


READERS = {
    "owner": lambda stall: stall.members.get(role=MemberRole.OWNER).user,
    "staff member": _staff_member,
    "official of the province": lambda stall: make_official([PROVINCE]),
    "platform staff": lambda stall: make_user(is_staff=True),
}
OTHERS = {
    "official of another province": lambda stall: make_official([1]),
    "member of another stall": lambda stall: make_stall(make_user()).members.get().user,
    "consumer": lambda stall: make_user(),
    "inactive staff": lambda stall: make_user(is_staff=True, is_active=False),
}


@pytest.mark.parametrize("who", READERS)
@pytest.mark.parametrize("kind", ["ocop", "certification"])
def test_allowed_readers_get_the_document_inline(client, stall, certificate, certification, who, kind):
    client.force_login(READERS[who](stall))
    url = _ocop_url(certificate) if kind == "ocop" else _certification_url(certification)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    expected = (
        f"quyet-dinh-ocop-{certificate.pk}.pdf" if kind == "ocop" else f"chung-nhan-{certification.pk}.pdf"
    )
    assert response["Content-Disposition"] == f"inline; filename*=UTF-8''{expected}"


@pytest.mark.parametrize("who", OTHERS)
@pytest.mark.parametrize("kind", ["ocop", "certification"])
def test_everyone_else_gets_404(client, stall, certificate, certification, who, kind):
    client.force_login(OTHERS[who](stall))
    url = _ocop_url(certificate) if kind == "ocop" else _certification_url(certification)
    assert client.get(url).status_code == 404


def test_anonymous_visitors_get_404_not_a_sign_in_page(client, certificate, certification):
    assert client.get(_ocop_url(certificate)).status_code == 404
    assert client.get(_certification_url(certification)).status_code == 404
    assert client.get(_ocop_url(certificate), HTTP_AUTHORIZATION="Bearer not-a-token").status_code == 404


def test_only_get_is_served(client, owner, certificate):
    client.force_login(owner)
    assert client.post(_ocop_url(certificate)).status_code == 405


def test_a_certificate_without_a_document_is_404(client, owner, stall, certificate):
    certificate.document = ""
    certificate.save()
    client.force_login(owner)
    assert client.get(_ocop_url(certificate)).status_code == 404


def test_production_answers_with_x_accel_redirect_and_no_body(settings, client, owner, certificate):
    settings.PRIVATE_MEDIA_SERVE = "accel"
    client.force_login(owner)
    response = client.get(_ocop_url(certificate))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_private/{certificate.document.name}"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline; ")


def test_a_file_stored_before_uploads_were_checked_is_only_an_opaque_download(client, owner, stall):
    certification = Certification.objects.create(
        stall=stall, kind="organic", number="OR-1", issuer="x", valid_from=datetime.date(2025, 1, 1)
    )
    certification.document.save("legacy.html", ContentFile(b"<script>alert(1)</script>"), save=True)
    client.force_login(owner)
    response = client.get(_certification_url(certification))
    assert response["Content-Type"] == "application/octet-stream"
    assert (
        response["Content-Disposition"] == f"attachment; filename*=UTF-8''chung-nhan-{certification.pk}.bin"
    )


def test_ocop_document_url_points_at_the_view_and_opens_with_the_same_bearer_token(
    client, stall, certificate
):
    owner = stall.members.get().user
    data = gql(client, STALL_CERTIFICATES, {"slug": stall.slug}, user=owner)["data"]
    url = data["stall"]["ocopCertificates"][0]["documentUrl"]
    assert url == f"http://testserver{_ocop_url(certificate)}"
    token = access_token_create(user=owner)
    response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    # The same URL is useless to someone else's token.
    stranger = access_token_create(user=make_user())
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {stranger}").status_code == 404


def test_certification_document_url_points_at_the_view(client, stall, certification):
    owner = stall.members.get().user
    variables = {"stall": to_global_id("Stall", stall.pk)}
    data = gql(client, CERTIFICATIONS, variables, user=owner)["data"]
    assert data["certifications"] == [
        {"number": "VG-9", "documentUrl": f"http://testserver{_certification_url(certification)}"}
    ]
    assert "/media/" not in data["certifications"][0]["documentUrl"]


def test_dashboard_pages_link_documents_through_the_view(client, owner, stall, certificate, certification):
    client.force_login(owner)
    certificates = client.get(reverse("dashboard:stall:certificates", args=[stall.pk])).content.decode()
    assert f'href="{_ocop_url(certificate)}"' in certificates
    certifications = client.get(
        reverse("dashboard:traceability:certifications", args=[stall.pk])
    ).content.decode()
    assert f'href="{_certification_url(certification)}"' in certifications
    assert "/media/" not in certificates + certifications
