"""Query depth and cost limits refuse expensive documents with a clear error code."""

import pytest

from tests.graphql_client import gql

pytestmark = pytest.mark.django_db


def test_too_deep_query_is_refused_with_a_code(client, settings):
    settings.GRAPHQL_MAX_DEPTH = 2
    data = gql(client, "{ me { email } provinces { code } }")
    assert "errors" not in data  # depth 2 is fine
    data = gql(client, "{ me { orderList { number } } }")
    assert data["errors"][0]["extensions"]["code"] == "QUERY_TOO_DEEP"


def test_graphiql_page_is_served_from_local_files_only(rf):
    from backend.graphql.core.view import NongSanGraphQLView

    request = rf.get("/graphql/", HTTP_ACCEPT="text/html")
    body = NongSanGraphQLView.as_view(graphiql=True)(request).content.decode()
    assert "/static/vendor/graphiql/graphiql.min.js" in body
    assert "https://" not in body and "http://" not in body


def test_expensive_query_is_refused_with_a_code(client, settings):
    settings.GRAPHQL_MAX_COST = 50
    data = gql(client, "{ provinces { code name } communes(provinceCode: 86) { code name } }")
    assert "errors" not in data
    settings.GRAPHQL_MAX_COST = 3
    data = gql(client, "{ provinces { code name } communes(provinceCode: 86) { code name } }")
    assert data["errors"][0]["extensions"]["code"] == "QUERY_TOO_EXPENSIVE"


def test_regions_are_searchable_without_accents(client):
    data = gql(client, '{ provinces(search: "dak lak") { code name } }')
    assert data["data"]["provinces"] == [{"code": 66, "name": "Đắk Lắk"}]
    data = gql(client, '{ communes(provinceCode: 86, search: "an hoi") { code name } }')
    assert data["data"]["communes"][0] == {"code": 28777, "name": "Phường An Hội"}
