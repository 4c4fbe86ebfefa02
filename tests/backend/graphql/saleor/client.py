"""Posts our Saleor-shaped documents to `/graphql/` the way Saleor's storefront does."""

import json
from typing import Any

from django.test import Client

from tests.backend.graphql.saleor.documents import document


class Storefront:
    """Sends our documents the way the storefront does: one named operation, a Bearer token."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.token: str | None = None

    def run(self, operation_id: str, **variables: Any) -> dict[str, Any]:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}
        response = self.client.post(
            "/graphql/",
            data=json.dumps(
                {
                    "query": document(operation_id),
                    "variables": variables,
                    "operationName": operation_id.split("/")[-1],
                }
            ),
            content_type="application/json",
            **headers,
        )
        body = response.json()
        assert response.status_code == 200 and "errors" not in body, (operation_id, body)
        return body["data"]

    def mutate(self, operation_id: str, field: str, **variables: Any) -> dict[str, Any]:
        """A mutation's payload, after checking it refused nothing."""
        payload = self.run(operation_id, **variables)[field]
        assert payload["errors"] == [], (operation_id, payload["errors"])
        return payload
