"""Introspection is a setting, counts toward every limit, and GraphiQL's own query still passes."""

import json

import pytest
from graphql import get_introspection_query

pytestmark = pytest.mark.django_db

GRAPHIQL_VARIANTS = {
    "default": get_introspection_query(),
    "every-option": get_introspection_query(
        descriptions=True,
        specified_by_url=True,
        directive_is_repeatable=True,
        schema_description=True,
        input_value_deprecation=True,
    ),
}


def _post(client, query: str, **data):
    return client.post(
        "/graphql/", data=json.dumps({"query": query, **data}), content_type="application/json"
    )


def _refusal(response) -> dict:
    assert response.status_code == 400, response.content
    body = response.json()
    assert "data" not in body
    return body["errors"][0]


@pytest.mark.parametrize("query", GRAPHIQL_VARIANTS.values(), ids=GRAPHIQL_VARIANTS.keys())
def test_graphiqls_introspection_query_is_accepted_with_the_default_limits(client, query):
    response = _post(client, query, operationName="IntrospectionQuery")
    assert response.status_code == 200, response.content
    schema = response.json()["data"]["__schema"]
    assert schema["queryType"]["name"] == "Query"
    assert {"Product", "Order", "Mutation"} <= {t["name"] for t in schema["types"]}


def test_aliased_schema_introspection_is_refused(client):
    document = "{" + " ".join(f"s{i}: __schema {{ types {{ name }} }}" for i in range(30)) + "}"
    assert _refusal(_post(client, document))["extensions"]["code"] == "QUERY_TOO_MUCH_INTROSPECTION"
    twice = '{ a: __schema { queryType { name } } b: __type(name: "Query") { name } }'
    assert _refusal(_post(client, twice))["extensions"]["code"] == "QUERY_TOO_MUCH_INTROSPECTION"


def test_introspection_counts_toward_depth_and_fields(client, settings):
    settings.GRAPHQL_MAX_DEPTH = 2
    deep = "{ __schema { types { fields { name } } } }"
    assert _refusal(_post(client, deep))["extensions"]["code"] == "QUERY_TOO_DEEP"
    settings.GRAPHQL_MAX_DEPTH = 15
    settings.GRAPHQL_MAX_FIELDS = 100
    code = _refusal(_post(client, GRAPHIQL_VARIANTS["default"]))["extensions"]["code"]
    assert code == "QUERY_TOO_MANY_FIELDS"


def test_introspection_nesting_is_bounded_by_the_specifications_rule(client):
    nested = "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }"
    error = _refusal(_post(client, nested))
    assert error["message"] == "Maximum introspection depth exceeded"
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


@pytest.mark.parametrize(
    "query", ["{ __schema { queryType { name } } }", '{ __type(name: "Query") { name } }']
)
def test_introspection_switched_off_is_refused_with_a_code(client, settings, query):
    settings.GRAPHQL_INTROSPECTION = False
    error = _refusal(_post(client, query))
    assert error["extensions"]["code"] == "INTROSPECTION_DISABLED"


def test_typename_stays_available_without_introspection(client, settings):
    settings.GRAPHQL_INTROSPECTION = False
    response = _post(client, '{ __typename provinces(search: "dak lak") { __typename code } }')
    assert response.status_code == 200
    assert response.json()["data"] == {
        "__typename": "Query",
        "provinces": [{"__typename": "Province", "code": 66}],
    }
