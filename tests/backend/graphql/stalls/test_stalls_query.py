"""stalls / stall(slug): the marketplace sees approved stalls; private fields only for members and staff."""

import datetime

import pytest

from backend.stalls.models import CertificateStatus, OcopCertificate, StallStatus
from tests.factories import make_stall, make_user
from tests.graphql_client import gql

pytestmark = pytest.mark.django_db

STALLS = """
query($filter: StallFilterInput) {
  stalls(first: 10, filter: $filter) { totalCount edges { node { name province { name } } } }
}"""
STALL = """
query($slug: String!) {
  stall(slug: $slug) { name status taxCode bankAccountNumber ocopCertificates { stars status badgeVisible } }
}"""


def test_only_approved_stalls_are_listed_and_searchable_without_accents(client):
    make_stall(make_user(), name="HTX Kẹo dừa Bến Tre")
    make_stall(make_user(), name="HTX Chè Tân Cương", province_code=19, commune_code=5503)
    make_stall(make_user(), name="HTX Kẹo chờ duyệt", status=StallStatus.PENDING)
    data = gql(client, STALLS)["data"]["stalls"]
    assert data["totalCount"] == 2
    found = gql(client, STALLS, {"filter": {"search": "keo dua"}})["data"]["stalls"]["edges"]
    assert [e["node"]["name"] for e in found] == ["HTX Kẹo dừa Bến Tre"]
    by_province = gql(client, STALLS, {"filter": {"provinces": [19]}})["data"]["stalls"]["edges"]
    assert by_province[0]["node"]["province"]["name"] == "Thái Nguyên"


def test_private_fields_and_pending_certificates_are_for_members_only(client):
    owner = make_user()
    stall = make_stall(owner, tax_code="0312345678", bank_account_number="0011223344")
    for stars, status in ((4, CertificateStatus.VERIFIED), (5, CertificateStatus.SUBMITTED)):
        OcopCertificate.objects.create(
            stall=stall,
            stars=stars,
            group=1,
            decision_number=f"{stars}/QĐ",
            decision_date=datetime.date.today() - datetime.timedelta(days=10),
            issuing_authority="UBND",
            status=status,
        )
    public = gql(client, STALL, {"slug": stall.slug})["data"]["stall"]
    assert (public["taxCode"], public["bankAccountNumber"]) == (None, None)
    assert public["ocopCertificates"] == [{"stars": 4, "status": "VERIFIED", "badgeVisible": True}]
    own = gql(client, STALL, {"slug": stall.slug}, user=owner)["data"]["stall"]
    assert own["taxCode"] == "0312345678"
    assert len(own["ocopCertificates"]) == 2


def test_pending_stall_is_visible_to_its_owner_and_staff_only(client):
    owner = make_user()
    stall = make_stall(owner, status=StallStatus.PENDING)
    assert gql(client, STALL, {"slug": stall.slug})["data"]["stall"] is None
    assert gql(client, STALL, {"slug": stall.slug}, user=make_user())["data"]["stall"] is None
    assert gql(client, STALL, {"slug": stall.slug}, user=owner)["data"]["stall"]["status"] == "PENDING"
    staff = make_user(is_staff=True)
    assert gql(client, STALL, {"slug": stall.slug}, user=staff)["data"]["stall"]["status"] == "PENDING"
