"""lotHold / lotRecall through /graphql/: members of the stall and officials of its province only."""

import pytest
from graphql_relay import to_global_id

from tests.factories import make_official, make_stall, make_user
from tests.graphql_client import gql
from tests.traceability.builders import make_lot, make_variant
from traceability.models import LotStatus

pytestmark = pytest.mark.django_db

LOT_RECALL = """
mutation($id: ID!, $notice: String!) {
  lotRecall(id: $id, notice: $notice) { lot { status recallNotice } orders { number } errors { field code } }
}"""
LOT_HOLD = """
mutation($id: ID!, $notice: String!) {
  lotHold(id: $id, notice: $notice) { lot { status } errors { code } }
}"""
LOT_RELEASE = "mutation($id: ID!) { lotRelease(id: $id) { lot { status } errors { code } } }"
LOTS = "query { lots(first: 10) { totalCount edges { node { code status } } } }"


@pytest.fixture
def lot():
    return make_lot(make_variant(make_stall(make_user(), province_code=86)), code="VL1")


def _vars(lot, notice="Thu hồi do sai nhãn."):
    return {"id": to_global_id("Lot", lot.pk), "notice": notice}


def test_owner_recalls_with_a_notice(client, lot):
    owner = lot.stall.members.get().user
    payload = gql(client, LOT_RECALL, _vars(lot), user=owner)["data"]["lotRecall"]
    assert payload["errors"] == [] and payload["orders"] == []
    assert payload["lot"] == {"status": "RECALLED", "recallNotice": "Thu hồi do sai nhãn."}


def test_official_of_the_province_recalls_but_cannot_release(client, lot):
    official = make_official([86])
    payload = gql(client, LOT_HOLD, _vars(lot), user=official)["data"]["lotHold"]
    assert payload == {"lot": {"status": "ON_HOLD"}, "errors": []}
    release = gql(client, LOT_RELEASE, {"id": to_global_id("Lot", lot.pk)}, user=official)
    assert release["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    lot.refresh_from_db()
    assert lot.status == LotStatus.ON_HOLD


def test_official_reads_lots_of_the_province_only(client, lot):
    make_lot(make_variant(make_stall(make_user(), province_code=1)), code="HN1")
    data = gql(client, LOTS, user=make_official([86]))["data"]["lots"]
    assert [e["node"]["code"] for e in data["edges"]] == ["VL1"]


def test_official_of_another_province_and_other_members_get_not_found(client, lot):
    for user in (make_official([1]), make_stall(make_user()).members.get().user):
        payload = gql(client, LOT_RECALL, _vars(lot), user=user)["data"]["lotRecall"]
        assert payload["errors"] == [{"field": "id", "code": "NOT_FOUND"}]
    lot.refresh_from_db()
    assert lot.status == LotStatus.RELEASED


def test_anonymous_recall_is_refused(client, lot):
    assert gql(client, LOT_RECALL, _vars(lot))["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


def test_empty_notice_is_an_error(client, lot):
    owner = lot.stall.members.get().user
    payload = gql(client, LOT_RECALL, _vars(lot, notice=" "), user=owner)["data"]["lotRecall"]
    assert payload["errors"] == [{"field": "notice", "code": "NOTICE_REQUIRED"}]
