"""List queries cost the same number of SQL queries whatever the page size (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphql_relay import to_global_id

from tests.factories import make_stall, make_user
from tests.graphql_client import gql
from tests.traceability.builders import issue_stamps, make_lot, make_variant

pytestmark = pytest.mark.django_db

LOTS = """
query($first: Int!) {
  lots(first: $first) { totalCount edges { node { id code status productName sku gtin site { name } } } }
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
