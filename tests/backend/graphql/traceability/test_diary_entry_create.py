"""diaryEntryCreate through /graphql/ (JSON and multipart with a photo), PHI warnings in the payload,
siteCreate and certificationCreate."""

import io
import json

import pytest
from graphql_relay import to_global_id
from PIL import Image

from backend.accounts.tokens import access_token_create
from tests.factories import make_stall, make_user
from tests.graphql_client import gql
from tests.traceability.builders import make_lot, make_variant
from traceability.models import DiaryEntry

pytestmark = pytest.mark.django_db

DIARY_ENTRY_CREATE = """
mutation($input: DiaryEntryCreateInput!) {
  diaryEntryCreate(input: $input) {
    entry { id seq kind material preHarvestIntervalDays photoUrl hash prevHash corrects }
    phiWarnings { safeFrom daysShort entry { material } }
    errors { field code message }
  }
}"""
LOT = """
query($id: ID!) {
  lot(id: $id) { code diaryChain { ok entries } diary { seq kind } phiWarnings { daysShort } }
}"""
SITE_CREATE = """
mutation($input: SiteCreateInput!) {
  siteCreate(input: $input) { site { id name plantingAreaCode } errors { field code } }
}"""
CERTIFICATION_CREATE = """
mutation($input: CertificationCreateInput!) {
  certificationCreate(input: $input) { certification { kind number validUntil } errors { field code } }
}"""


@pytest.fixture
def lot():
    return make_lot(make_variant(make_stall(make_user())), harvest_date="2026-06-10")


def _input(lot, **fields):
    return {
        "lot": to_global_id("Lot", lot.pk),
        "kind": "INPUT",
        "occurredAt": "2026-06-01T08:00:00+07:00",
        **fields,
    }


def test_input_entry_with_a_short_pre_harvest_interval_returns_a_warning(client, lot):
    owner = lot.stall.members.get().user
    variables = {
        "input": _input(lot, material="Cypermethrin", dose="10 ml/bình 16 l", preHarvestIntervalDays=14)
    }
    payload = gql(client, DIARY_ENTRY_CREATE, variables, user=owner)["data"]["diaryEntryCreate"]
    assert payload["errors"] == []
    assert payload["entry"]["seq"] == 1 and payload["entry"]["prevHash"] == ""
    assert payload["phiWarnings"] == [
        {"safeFrom": "2026-06-15", "daysShort": 5, "entry": {"material": "Cypermethrin"}}
    ]
    read = gql(client, LOT, {"id": to_global_id("Lot", lot.pk)}, user=owner)["data"]["lot"]
    assert read["diaryChain"] == {"ok": True, "entries": 1} and read["phiWarnings"] == [{"daysShort": 5}]


def test_correction_entry_points_at_the_corrected_one(client, lot):
    owner = lot.stall.members.get().user
    first = gql(client, DIARY_ENTRY_CREATE, {"input": _input(lot, material="Sai")}, user=owner)
    first_id = first["data"]["diaryEntryCreate"]["entry"]["id"]
    fix = gql(
        client, DIARY_ENTRY_CREATE, {"input": _input(lot, material="Đúng", corrects=first_id)}, user=owner
    )
    entry = fix["data"]["diaryEntryCreate"]["entry"]
    assert entry["corrects"] == first_id and entry["seq"] == 2
    assert entry["prevHash"] == first["data"]["diaryEntryCreate"]["entry"]["hash"]


def test_member_of_another_stall_cannot_write_to_this_diary(client, lot):
    stranger = make_user()
    make_stall(stranger)
    payload = gql(client, DIARY_ENTRY_CREATE, {"input": _input(lot)}, user=stranger)["data"][
        "diaryEntryCreate"
    ]
    assert payload["errors"][0]["code"] == "NOT_FOUND" and DiaryEntry.objects.count() == 0


def test_photo_arrives_as_a_multipart_upload(client, lot):
    owner = lot.stall.members.get().user
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "green").save(buffer, "JPEG")
    buffer.name = "vuon.jpg"
    buffer.seek(0)
    operations = {
        "query": DIARY_ENTRY_CREATE,
        "variables": {"input": _input(lot, kind="OBSERVATION", photo=None)},
    }
    response = client.post(
        "/graphql/",
        data={
            "operations": json.dumps(operations),
            "map": json.dumps({"0": ["variables.input.photo"]}),
            "0": buffer,
        },
        HTTP_AUTHORIZATION=f"Bearer {access_token_create(user=owner)}",
    )
    payload = response.json()["data"]["diaryEntryCreate"]
    assert payload["errors"] == [] and payload["entry"]["photoUrl"].startswith("/media/traceability/diary/")


def test_site_and_certification_create(client):
    owner = make_user()
    stall = make_stall(owner)
    site = gql(
        client,
        SITE_CREATE,
        {
            "input": {
                "stall": to_global_id("Stall", stall.pk),
                "name": "Vườn dừa Ấp 3",
                "provinceCode": 86,
                "communeCode": 28777,
                "plantingAreaCode": "VN-BTR-0001",
            }
        },
        user=owner,
    )["data"]["siteCreate"]
    assert site["errors"] == [] and site["site"]["plantingAreaCode"] == "VN-BTR-0001"
    cert = gql(
        client,
        CERTIFICATION_CREATE,
        {
            "input": {
                "stall": to_global_id("Stall", stall.pk),
                "kind": "VIETGAP",
                "number": "VietGAP-TT-24-01-86-0001",
                "issuer": "Trung tâm Chứng nhận Phù hợp",
                "validFrom": "2025-01-01",
                "validUntil": "2027-12-31",
                "site": site["site"]["id"],
            }
        },
        user=owner,
    )["data"]["certificationCreate"]
    assert cert == {
        "certification": {
            "kind": "VIETGAP",
            "number": "VietGAP-TT-24-01-86-0001",
            "validUntil": "2027-12-31",
        },
        "errors": [],
    }


def test_site_with_a_commune_outside_its_province_is_refused(client):
    owner = make_user()
    stall = make_stall(owner)
    variables = {
        "input": {
            "stall": to_global_id("Stall", stall.pk),
            "name": "X",
            "provinceCode": 1,
            "communeCode": 28777,
        }
    }
    payload = gql(client, SITE_CREATE, variables, user=owner)["data"]["siteCreate"]
    assert payload["site"] is None and payload["errors"][0]["field"] == "communeCode"
