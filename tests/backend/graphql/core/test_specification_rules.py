"""Every rule of the GraphQL specification runs at /graphql/: invalid documents are refused with 400."""

import json

import pytest

pytestmark = pytest.mark.django_db

UNKNOWN_FIELD = "{ thisFieldDoesNotExist }"
UNKNOWN_ARGUMENT = "{ provinces(noSuchArgument: 1) { code } }"
UNKNOWN_FRAGMENT_TYPE = "query { provinces { ...P } } fragment P on NoSuchType { code }"
# `provinceCode` is an Int: a String variable must not reach the resolver.
WRONG_VARIABLE_TYPE = "query Communes($code: String) { communes(provinceCode: $code) { code } }"
MISSING_REQUIRED_ARGUMENT = "{ stall { name } }"
FRAGMENT_CYCLE = """
query { provinces { ...A } }
fragment A on Province { code ...B }
fragment B on Province { name ...A }
"""


def _post(client, query: str, variables: dict | None = None):
    return client.post(
        "/graphql/",
        data=json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json",
    )


def _refused(response) -> list[dict]:
    assert response.status_code == 400, response.content
    body = response.json()
    assert "data" not in body
    return body["errors"]


@pytest.mark.parametrize(
    ("query", "variables", "message"),
    [
        (UNKNOWN_FIELD, None, "Cannot query field 'thisFieldDoesNotExist' on type 'Query'."),
        (UNKNOWN_ARGUMENT, None, "Unknown argument 'noSuchArgument' on field 'Query.provinces'."),
        (UNKNOWN_FRAGMENT_TYPE, None, "Unknown type 'NoSuchType'."),
        (
            WRONG_VARIABLE_TYPE,
            {"code": "86"},
            "Variable '$code' of type 'String' used in position expecting type 'Int'.",
        ),
        (MISSING_REQUIRED_ARGUMENT, None, "argument 'slug' of type 'String!' is required"),
        (FRAGMENT_CYCLE, None, "Cannot spread fragment 'A' within itself via 'B'."),
    ],
    ids=[
        "unknown-field",
        "unknown-argument",
        "unknown-fragment-type",
        "wrong-variable-type",
        "missing-required-argument",
        "fragment-cycle",
    ],
)
def test_invalid_document_is_refused_with_400_and_a_code(client, query, variables, message):
    errors = _refused(_post(client, query, variables))
    assert any(message in error["message"] for error in errors), errors
    assert {error["extensions"]["code"] for error in errors} == {"GRAPHQL_VALIDATION_FAILED"}


def test_valid_document_still_answers(client):
    response = _post(
        client, "query Communes($code: Int) { communes(provinceCode: $code) { code } }", {"code": 86}
    )
    assert response.status_code == 200
    assert response.json()["data"]["communes"]


def test_variable_value_of_the_wrong_type_is_refused_with_a_code(client):
    errors = _refused(
        _post(client, "query C($code: Int) { communes(provinceCode: $code) { code } }", {"code": "x"})
    )
    assert "Int cannot represent non-integer value" in errors[0]["message"]
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_syntax_error_is_refused_with_a_code(client):
    errors = _refused(_post(client, "{ provinces { code }"))
    assert errors[0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
