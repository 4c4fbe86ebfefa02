"""Posts a GraphQL document with files, following the GraphQL multipart request spec."""

import json

from backend.accounts.tokens import access_token_create


def gql_multipart(client, query: str, variables: dict, files: dict, user=None) -> dict:
    """`files` maps a variable path ("variables.input.image") to an uploaded file object."""
    headers = {}
    if user is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {access_token_create(user=user)}"
    data = {
        "operations": json.dumps({"query": query, "variables": variables}),
        "map": json.dumps({str(i): [path] for i, path in enumerate(files)}),
    }
    for i, upload in enumerate(files.values()):
        upload.seek(0)
        data[str(i)] = upload
    response = client.post("/graphql/", data=data, **headers)
    # 403/413: the upload guard refuses anonymous or oversized multipart bodies before GraphQL runs.
    assert response.status_code in (200, 400, 403, 413), response.content
    return response.json()
