"""The judged queries (data/search_judgements.yaml) against the demo catalogue: the ranking a person expects.

All of them run on PostgreSQL; SQLite runs the ones exact folded matching can answer (no typos).
"""

from pathlib import Path

import pytest
import yaml
from django.db import connection

from backend.catalog.models import Channel
from backend.catalog.selectors import product_search, products_visible
from backend.demo import accounts as accounts_demo
from backend.demo import catalog as catalog_demo
from backend.demo import stalls as stalls_demo

pytestmark = pytest.mark.django_db

JUDGEMENTS = yaml.safe_load((Path(__file__).parent / "data" / "search_judgements.yaml").read_text("utf-8"))


@pytest.fixture
def demo_catalogue():
    accounts_demo.seed()
    stalls_demo.seed()
    catalog_demo.seed()
    return Channel.objects.get(slug="vn")


def _misses(channel, judgements) -> list[str]:
    misses = []
    for judgement in judgements:
        expected_top = judgement.get("top", [])
        within = judgement.get("within", len(expected_top))
        ranked = [
            p.name for p in product_search(channel=channel, search=judgement["query"])[: max(within, 1)]
        ]
        first = judgement.get("first")
        if first and ranked[:1] != [first]:
            misses.append(f"{judgement['query']!r}: expected {first!r} first, got {ranked}")
        if not set(expected_top) <= set(ranked[:within]):
            misses.append(
                f"{judgement['query']!r}: expected {expected_top} in the top {within}, got {ranked}"
            )
    return misses


def test_the_judged_set_is_large_and_covers_accents_and_typos():
    queries = [j["query"] for j in JUDGEMENTS]
    assert len(queries) >= 30 and len(set(queries)) == len(queries)
    assert all(j.get("first") or j.get("top") for j in JUDGEMENTS)
    assert {"dua", "dừa", "dưa"} <= set(queries)
    assert sum(1 for j in JUDGEMENTS if j.get("typo")) >= 5


def test_the_demo_catalogue_holds_every_judged_product(demo_catalogue):
    names = set(products_visible(channel=demo_catalogue).values_list("name", flat=True))
    judged = {j["first"] for j in JUDGEMENTS if j.get("first")} | {
        n for j in JUDGEMENTS for n in j.get("top", [])
    }
    assert judged - names == set()


@pytest.mark.postgres
def test_every_judged_query_ranks_as_judged_on_postgresql(demo_catalogue):
    assert _misses(demo_catalogue, JUDGEMENTS) == []


def test_exact_judged_queries_rank_as_judged_on_any_database(demo_catalogue):
    exact = [j for j in JUDGEMENTS if not j.get("typo")]
    assert _misses(demo_catalogue, exact) == []
    if connection.vendor == "sqlite":
        typo = next(j for j in JUDGEMENTS if j.get("typo"))
        assert list(product_search(channel=demo_catalogue, search=typo["query"])) == []
