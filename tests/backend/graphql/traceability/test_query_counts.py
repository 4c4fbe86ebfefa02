"""List queries cost the same number of SQL queries whatever the page size (no N+1)."""

from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from graphql_relay import to_global_id

from tests.factories import make_stall, make_user
from tests.graphql_client import gql
from tests.traceability.builders import issue_stamps, make_lot, make_variant
from traceability import actions
from traceability.models import DiaryKind, Site

pytestmark = pytest.mark.django_db

LOTS = """
query($first: Int!) {
  lots(first: $first) { totalCount edges { node { id code status productName sku gtin site { name } } } }
}"""
LOTS_WITH_DIARIES = """
query($first: Int!) {
  lots(first: $first) {
    edges { node {
      code
      diary { seq kind material authorName corrects }
      diaryChain { ok entries }
      phiWarnings { daysShort entry { material } }
    } }
  }
}"""
STAMP_JOB = """
query($id: ID!, $first: Int!) {
  stampJob(id: $id) { progress stamps(first: $first) { edges { node { serial url } } } }
}"""


def _queries(client, query, variables, user) -> int:
    with CaptureQueriesContext(connection) as captured:
        data = gql(client, query, variables, user=user)
    assert "errors" not in data, data
    return len(captured)


def test_lots_page_costs_the_same_for_2_and_10_lots(client):
    owner = make_user()
    variant = make_variant(make_stall(owner), gtin="08931234567897")
    for _ in range(10):
        make_lot(variant)
    small = _queries(client, LOTS, {"first": 2}, owner)
    large = _queries(client, LOTS, {"first": 10}, owner)
    assert small == large


def test_stamp_page_costs_the_same_for_2_and_50_stamps(client):
    owner = make_user()
    job = issue_stamps(make_lot(make_variant(make_stall(owner))), 50)
    variables = {"id": to_global_id("StampJob", job.pk)}
    small = _queries(client, STAMP_JOB, {**variables, "first": 2}, owner)
    large = _queries(client, STAMP_JOB, {**variables, "first": 50}, owner)
    assert small == large


def _lots_with_diaries(owner, count: int) -> None:
    """Lots sharing a site, each with its own chain, a too-early input and a correction."""
    stall = make_stall(owner)
    variant = make_variant(stall)
    site = Site.objects.create(stall=stall, name="Vườn", province_code=86, commune_code=28777)
    actions.diary_entry_create(
        author=owner,
        site=site,
        kind=DiaryKind.ACTIVITY,
        occurred_at=timezone.make_aware(datetime(2026, 5, 1)),
    )
    for _ in range(count):
        lot = make_lot(variant, site=site)
        spray = actions.diary_entry_create(
            author=owner,
            lot=lot,
            kind=DiaryKind.INPUT,
            occurred_at=timezone.make_aware(datetime(2026, 6, 5)),
            material="Thuốc X",
            pre_harvest_interval_days=14,
        )
        actions.diary_entry_create(
            author=owner,
            lot=lot,
            kind=DiaryKind.INPUT,
            occurred_at=timezone.make_aware(datetime(2026, 6, 5)),
            material="Thuốc X (sửa)",
            pre_harvest_interval_days=3,
            corrects=spray,
        )
        actions.diary_entry_create(
            author=owner,
            lot=lot,
            kind=DiaryKind.INPUT,
            occurred_at=timezone.make_aware(datetime(2026, 6, 1)),
            material="Phân Y",
            pre_harvest_interval_days=20,
        )


def test_lot_diaries_cost_the_same_for_2_and_10_lots(client):
    owner = make_user()
    _lots_with_diaries(owner, 10)
    small = _queries(client, LOTS_WITH_DIARIES, {"first": 2}, owner)
    large = _queries(client, LOTS_WITH_DIARIES, {"first": 10}, owner)
    assert small == large


def test_lot_diaries_in_a_page_are_each_lots_own_and_its_sites(client):
    owner = make_user()
    _lots_with_diaries(owner, 3)
    data = gql(client, LOTS_WITH_DIARIES, {"first": 3}, user=owner)
    nodes = [edge["node"] for edge in data["data"]["lots"]["edges"]]
    assert len(nodes) == 3
    for node in nodes:
        # The site's lot-less entry, then the lot's chain of three (seq 1-3), oldest first.
        assert [(e["kind"], e["seq"]) for e in node["diary"]] == [
            ("ACTIVITY", 1),
            ("INPUT", 3),
            ("INPUT", 1),
            ("INPUT", 2),
        ]
        assert node["diaryChain"] == {"ok": True, "entries": 3}
        # Harvest 10/06: "Phân Y" (01/06 + 20 d) is 11 days short; the corrected spray does not count,
        # its correction (05/06 + 3 d) is safe.
        assert node["phiWarnings"] == [{"daysShort": 11, "entry": {"material": "Phân Y"}}]
