"""The issue's "done when" through /graphql/: create a lot, release it, issue stamps, read their URLs,
verify them (genuine; a changed signature never genuine), with stall scoping around every step."""

import pytest
from graphql_relay import to_global_id

from tests.factories import make_stall, make_user
from tests.graphql_client import gql
from tests.traceability.builders import issue_stamps, make_lot, make_variant
from traceability.models import Lot, LotStatus, Scan

pytestmark = pytest.mark.django_db

GTIN = "08931234567897"

LOT_CREATE = """
mutation($input: LotCreateInput!) {
  lotCreate(input: $input) { lot { id code status gtin } errors { field code message } }
}"""
LOT_RELEASE = """
mutation($id: ID!) { lotRelease(id: $id) { lot { status releasedAt } errors { field code } } }"""
STAMP_ISSUE = """
mutation($input: StampIssueInput!) {
  stampIssue(input: $input) { job { id status total } errors { field code message } }
}"""
STAMP_JOB = """
query($id: ID!, $after: String) {
  stampJob(id: $id) {
    status progress total
    stamps(first: 2, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { serial url } }
    }
  }
}"""
STAMP_VERIFY = """
query($url: String!) {
  stampVerify(url: $url) {
    kind isGenuine scanCount reasons recallNotice product { name } lot { code status stallName }
  }
}"""


def _gid(type_name, pk):
    return to_global_id(type_name, pk)


@pytest.fixture
def owner():
    return make_user()


@pytest.fixture
def variant(owner):
    return make_variant(make_stall(owner), gtin=GTIN)


def _create_lot(client, owner, variant, code="KD2606"):
    data = gql(
        client,
        LOT_CREATE,
        {
            "input": {
                "stall": _gid("Stall", variant.stall_id),
                "variant": _gid("ProductVariant", variant.pk),
                "code": code,
                "quantity": "500",
                "unit": "hộp",
                "harvestDate": "2026-06-01",
                "expiryDate": "2027-06-01",
            }
        },
        user=owner,
    )
    return data["data"]["lotCreate"]


def test_member_creates_releases_issues_and_verifies(
    client, owner, variant, django_capture_on_commit_callbacks
):
    created = _create_lot(client, owner, variant)
    assert created["errors"] == [] and created["lot"]["status"] == "DRAFT" and created["lot"]["gtin"] == GTIN
    lot_id = created["lot"]["id"]

    refused = gql(client, STAMP_ISSUE, {"input": {"lot": lot_id, "quantity": 3}}, user=owner)
    assert refused["data"]["stampIssue"]["errors"][0]["code"] == "LOT_NOT_RELEASED"

    released = gql(client, LOT_RELEASE, {"id": lot_id}, user=owner)["data"]["lotRelease"]
    assert released["lot"]["status"] == "RELEASED" and released["lot"]["releasedAt"]

    with django_capture_on_commit_callbacks(execute=True):
        issued = gql(
            client, STAMP_ISSUE, {"input": {"lot": lot_id, "quantity": 3, "withPin": True}}, user=owner
        )
    job = issued["data"]["stampIssue"]["job"]
    assert issued["data"]["stampIssue"]["errors"] == [] and job["total"] == 3

    page = gql(client, STAMP_JOB, {"id": job["id"]}, user=owner)["data"]["stampJob"]
    assert (page["status"], page["progress"], page["total"]) == ("DONE", 3, 3)
    assert page["stamps"]["totalCount"] == 3 and page["stamps"]["pageInfo"]["hasNextPage"]
    rest = gql(
        client, STAMP_JOB, {"id": job["id"], "after": page["stamps"]["pageInfo"]["endCursor"]}, user=owner
    )
    urls = [e["node"]["url"] for e in page["stamps"]["edges"] + rest["data"]["stampJob"]["stamps"]["edges"]]
    assert len(set(urls)) == 3
    assert urls[0].startswith(f"http://127.0.0.1:8000/01/{GTIN}/10/KD2606/21/")

    verdict = gql(client, STAMP_VERIFY, {"url": urls[0]})["data"]["stampVerify"]
    assert verdict["kind"] == "GENUINE_FIRST_SCAN" and verdict["isGenuine"]
    assert verdict["lot"]["code"] == "KD2606" and verdict["product"]["name"] == variant.product.name
    assert Scan.objects.count() == 0  # stampVerify is a read: the scan page records scans

    base, signature = urls[0].split("?s=")
    forged_sig = ("A" if signature[0] != "A" else "B") + signature[1:]
    forged = gql(client, STAMP_VERIFY, {"url": f"{base}?s={forged_sig}"})["data"]["stampVerify"]
    assert forged["kind"] == "FORGED" and not forged["isGenuine"]
    assert forged["lot"] is None and forged["product"] is None


def test_short_url_for_a_variant_without_gtin(client, owner, django_capture_on_commit_callbacks):
    variant = make_variant(make_stall(owner))
    lot_id = _create_lot(client, owner, variant, code="NOGTIN")["lot"]["id"]
    gql(client, LOT_RELEASE, {"id": lot_id}, user=owner)
    with django_capture_on_commit_callbacks(execute=True):
        job = gql(client, STAMP_ISSUE, {"input": {"lot": lot_id, "quantity": 1}}, user=owner)
    job_id = job["data"]["stampIssue"]["job"]["id"]
    url = gql(client, STAMP_JOB, {"id": job_id}, user=owner)["data"]["stampJob"]["stamps"]["edges"][0][
        "node"
    ]["url"]
    assert "/t/" in url and "/01/" not in url
    assert gql(client, STAMP_VERIFY, {"url": url})["data"]["stampVerify"]["kind"] == "GENUINE_FIRST_SCAN"


def test_recalled_lot_verdict_carries_the_notice(client):
    lot = make_lot(make_variant(gtin=GTIN), status=LotStatus.RECALLED)
    stamp = issue_stamps(lot, 1).stamps.get()
    url = f"https://id.example.vn/t/{stamp.serial}?s={stamp.signature}"
    verdict = gql(client, STAMP_VERIFY, {"url": url})["data"]["stampVerify"]
    assert verdict["kind"] == "RECALLED" and verdict["recallNotice"] == "Ngừng sử dụng lô này."
    assert verdict["lot"]["status"] == "RECALLED"


def test_malformed_url_is_an_error_not_a_verdict(client):
    data = gql(client, STAMP_VERIFY, {"url": "https://x.vn/01/08931234567890/10/L/21/S?s=A"})
    assert data["data"]["stampVerify"] is None
    assert data["errors"][0]["extensions"]["code"] == "INVALID_URL"


def test_lot_code_outside_gs1_set_is_refused(client, owner, variant):
    payload = _create_lot(client, owner, variant, code="LÔ 1")
    assert payload["lot"] is None and payload["errors"][0] == {
        "field": "code",
        "code": "INVALID_LOT_CODE",
        "message": payload["errors"][0]["message"],
    }


def test_member_of_another_stall_cannot_use_this_stall_or_its_lots(client, owner, variant):
    lot_id = _create_lot(client, owner, variant)["lot"]["id"]
    stranger = make_user()
    make_stall(stranger)
    payload = _create_lot(client, stranger, variant, code="STEAL")
    assert payload["errors"][0]["code"] == "NOT_FOUND"
    assert gql(client, LOT_RELEASE, {"id": lot_id}, user=stranger)["data"]["lotRelease"]["errors"][0][
        "code"
    ] == ("NOT_FOUND")
    issued = gql(client, STAMP_ISSUE, {"input": {"lot": lot_id, "quantity": 1}}, user=stranger)
    assert issued["data"]["stampIssue"]["errors"][0]["code"] == "NOT_FOUND"
    assert Lot.objects.get(code="KD2606").status == LotStatus.DRAFT


def test_stamp_job_of_another_stall_is_invisible(client, owner, variant):
    lot = make_lot(variant)
    job = issue_stamps(lot, 1)
    stranger = make_user()
    make_stall(stranger)
    data = gql(client, STAMP_JOB, {"id": _gid("StampJob", job.pk)}, user=stranger)
    assert data["data"]["stampJob"] is None


def test_anonymous_callers_are_refused(client, variant):
    payload = gql(
        client,
        LOT_CREATE,
        {"input": {"stall": "1", "variant": "1", "code": "X", "quantity": "1", "unit": "kg"}},
    )
    assert payload["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    data = gql(client, STAMP_JOB, {"id": _gid("StampJob", 1)})
    assert data["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


def test_quantity_above_a_million_is_refused(client, owner, variant):
    lot = make_lot(variant)
    data = gql(
        client, STAMP_ISSUE, {"input": {"lot": _gid("Lot", lot.pk), "quantity": 1_000_001}}, user=owner
    )
    assert data["data"]["stampIssue"]["errors"][0]["code"] == "QUANTITY_OUT_OF_RANGE"
