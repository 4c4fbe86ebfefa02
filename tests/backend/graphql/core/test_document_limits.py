"""Depth, cost and size limits count everything (aliases, fragments, introspection) and refuse an
expensive document with its own code before anything runs."""

import json

import pytest
from graphql import parse

from backend.graphql.core.validation import DocumentAnalysis

pytestmark = pytest.mark.django_db

FAN_OUT_LEVELS = 30
# F{i} spreads F{i-1} twice: 30 levels ask for 2**30 fields in about 1 KB.
FAN_OUT = "query { ...F29 }\nfragment F0 on Query { __typename }\n" + "\n".join(
    f"fragment F{i} on Query {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, FAN_OUT_LEVELS)
)
FRAGMENT_CHAIN = (
    "query { ...C0 }\n"
    + "\n".join(f"fragment C{i} on Query {{ ...C{i + 1} }}" for i in range(99))
    + "\nfragment C99 on Query { __typename }"
)
TOKEN_CREATE = 'tokenCreate(email: "nobody@example.com", password: "wrong") { token }'


def _post(client, query: str, **data):
    return client.post(
        "/graphql/", data=json.dumps({"query": query, **data}), content_type="application/json"
    )


def _refusal_code(response) -> str:
    assert response.status_code == 400, response.content
    body = response.json()
    assert "data" not in body
    (error,) = body["errors"]
    return error["extensions"]["code"]


def _aliases(count: int, selection: str) -> str:
    return "{" + " ".join(f"a{i}: {selection}" for i in range(count)) + "}"


def test_fragment_fan_out_is_refused(client):
    assert len(FAN_OUT) < 1500
    assert _refusal_code(_post(client, FAN_OUT)) == "QUERY_TOO_MANY_FIELDS"


def test_fragment_fan_out_walks_each_fragment_once(settings):
    settings.GRAPHQL_MAX_FIELDS = 2**40  # measure the whole document instead of stopping early
    document = parse(FAN_OUT)
    analysis = DocumentAnalysis(document)
    measure = analysis.operation(document.definitions[0])
    assert measure.fields == measure.cost == 2 ** (FAN_OUT_LEVELS - 1)
    assert measure.repeats == 2 ** (FAN_OUT_LEVELS - 1)  # all of them are `__typename`
    assert analysis.fragment_walks == {f"F{i}": 1 for i in range(FAN_OUT_LEVELS)}


def test_fragment_cycle_does_not_trap_the_analysis():
    document = parse("query { ...A } fragment A on Query { __typename ...B } fragment B on Query { ...A }")
    analysis = DocumentAnalysis(document)
    assert analysis.operation(document.definitions[0]).fields == 1
    assert analysis.fragment_walks == {"A": 1, "B": 1}


def test_long_fragment_chain_is_measured_and_deeper_nesting_is_refused(client, settings):
    response = _post(client, FRAGMENT_CHAIN)
    assert response.status_code == 200
    assert response.json()["data"] == {"__typename": "Query"}
    # Past graphql-core's nesting bound the walk stops with a code, never a RecursionError.
    chain = (
        "query { ...C0 }\n"
        + "\n".join(f"fragment C{i} on Query {{ ...C{i + 1} }}" for i in range(300))
        + "\nfragment C300 on Query { __typename }"
    )
    settings.GRAPHQL_MAX_FRAGMENTS = 400
    assert _refusal_code(_post(client, chain)) == "QUERY_TOO_DEEP"


def test_aliases_count_toward_the_field_cap(client, settings):
    response = _post(client, _aliases(settings.GRAPHQL_MAX_FIELDS, "__typename"))
    assert response.status_code == 200
    assert len(response.json()["data"]) == settings.GRAPHQL_MAX_FIELDS
    assert _refusal_code(_post(client, _aliases(settings.GRAPHQL_MAX_FIELDS + 1, "__typename"))) == (
        "QUERY_TOO_MANY_FIELDS"
    )


def test_49000_aliased_typename_are_refused_before_parsing(client):
    document = _aliases(49_000, "__typename")
    assert _refusal_code(_post(client, document)) == "QUERY_TOO_LARGE"


def test_2000_aliased_channels_are_refused_before_any_sql(client, django_assert_num_queries):
    document = "{" + " ".join(f"c{i}:channels{{slug}}" for i in range(2000)) + "}"
    with django_assert_num_queries(0):
        assert _refusal_code(_post(client, document)) == "QUERY_TOO_MANY_FIELDS"


def test_aliased_root_fields_of_a_query_are_capped_before_any_sql(
    client, settings, django_assert_num_queries
):
    limit = settings.GRAPHQL_MAX_QUERY_ROOT_FIELDS
    within = "{" + " ".join(f"c{i}: channels {{ slug }}" for i in range(limit)) + "}"
    with django_assert_num_queries(limit):  # one query per root field: the cap is what bounds them
        assert "errors" not in _post(client, within).json()
    # Through a fragment too, and `__typename` is not database work so it does not count.
    over = "{ __typename ...More " + " ".join(f"c{i}: channels {{ slug }}" for i in range(limit)) + "}"
    over += " fragment More on Query { extra: channels { slug } }"
    with django_assert_num_queries(0):
        assert _refusal_code(_post(client, over)) == "QUERY_TOO_MANY_ROOT_FIELDS"


def test_aliases_count_toward_the_cost(client, settings):
    settings.GRAPHQL_MAX_COST = 10
    assert "errors" not in _post(client, _aliases(5, "provinces { code }")).json()
    assert _refusal_code(_post(client, _aliases(6, "provinces { code }"))) == "QUERY_TOO_EXPENSIVE"


def test_one_response_key_repeated_past_the_limit_is_refused(client, settings):
    limit = settings.GRAPHQL_MAX_REPEATED_FIELDS
    assert _post(client, "{" + " __typename" * limit + "}").status_code == 200
    # Repeats through fragments count too: field merging compares all of them pairwise.
    spread = "{ __typename ...R } fragment R on Query {" + " __typename" * limit + "}"
    assert _refusal_code(_post(client, spread)) == "QUERY_TOO_MANY_REPEATS"


def test_too_many_fragments_are_refused(client, settings):
    count = settings.GRAPHQL_MAX_FRAGMENTS + 1
    document = (
        "{"
        + " ".join(f"...F{i}" for i in range(count))
        + "}"
        + " ".join(f"fragment F{i} on Query {{ f{i}: __typename }}" for i in range(count))
    )
    assert _refusal_code(_post(client, document)) == "QUERY_TOO_MANY_FRAGMENTS"


def test_mutation_fields_per_operation_are_capped_through_aliases_and_fragments(
    client, settings, django_assert_num_queries
):
    limit = settings.GRAPHQL_MAX_MUTATION_FIELDS
    assert 1 < limit <= 10
    half = limit // 2 + 1
    document = (
        "mutation { ...Sign " + " ".join(f"m{i}: {TOKEN_CREATE}" for i in range(half)) + " }"
        " fragment Sign on Mutation {" + " ".join(f"f{i}: {TOKEN_CREATE}" for i in range(half)) + "}"
    )
    with django_assert_num_queries(0):  # no account is looked up, no password hashed
        assert _refusal_code(_post(client, document)) == "TOO_MANY_MUTATIONS"


def test_a_mutation_within_the_cap_runs(client, settings):
    settings.GRAPHQL_MAX_MUTATION_FIELDS = 1
    response = _post(client, f"mutation {{ __typename {TOKEN_CREATE} }}")
    assert response.status_code == 200
    assert response.json()["data"]["tokenCreate"]["token"] is None
    assert _refusal_code(_post(client, f"mutation {{ a: {TOKEN_CREATE} b: {TOKEN_CREATE} }}")) == (
        "TOO_MANY_MUTATIONS"
    )


def test_the_document_length_is_capped(client, settings):
    settings.GRAPHQL_MAX_DOCUMENT_CHARS = 100
    assert _post(client, "{ provinces { code } }").status_code == 200
    assert _refusal_code(_post(client, "{ provinces { code } }" + " " * 100)) == "QUERY_TOO_LARGE"
