"""Posts GraphQL documents to the real /graphql/ endpoint through Django's test client."""

import json
from typing import Any

from django.test import Client

from backend.accounts.models import User
from backend.accounts.tokens import access_token_create


def gql(
    client: Client, query: str, variables: dict | None = None, user: User | None = None, **extra
) -> dict[str, Any]:
    """Run `query` as `user` (Bearer token) or anonymously; return the decoded JSON body."""
    headers = {}
    if user is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {access_token_create(user=user)}"
    response = client.post(
        "/graphql/",
        data=json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json",
        **headers,
        **extra,
    )
    assert response.status_code in (200, 400), response.content
    return response.json()
