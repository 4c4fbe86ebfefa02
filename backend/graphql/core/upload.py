"""File uploads over GraphQL: the `Upload` scalar and the multipart request spec's parsing.

The spec (github.com/jaydenseric/graphql-multipart-request-spec) sends a multipart form with an
`operations` JSON document, a `map` JSON object naming where each file goes ("0": ["variables.image"]),
and the files themselves. `multipart_operations` puts each uploaded file at its variable path, so
resolvers receive a Django `UploadedFile` for an `Upload` argument.
"""

import json

import graphene
from django.http import HttpResponseBadRequest
from graphene_django.views import HttpError

MAX_FILES = 10


class Upload(graphene.Scalar):
    """A file sent as a part of a multipart request (GraphQL multipart request spec)."""

    @staticmethod
    def serialize(value):
        return None

    @staticmethod
    def parse_literal(node, _variables=None):
        # Files cannot be written inline in a document; they only arrive through variables.
        return None

    @staticmethod
    def parse_value(value):
        return value


def _bad_request(message: str) -> HttpError:
    return HttpError(HttpResponseBadRequest(message))


def _place(operations: dict, path: str, upload) -> None:
    keys = path.split(".")
    if not keys or keys[0] != "variables":
        raise _bad_request(f"File map path {path!r} must start with 'variables.'.")
    target = operations
    for key in keys[:-1]:
        target = target[int(key)] if isinstance(target, list) else target.setdefault(key, {})
    last = keys[-1]
    if isinstance(target, list):
        target[int(last)] = upload
    else:
        target[last] = upload


def multipart_operations(post, files) -> dict:
    """The GraphQL request of a multipart upload, with each file placed at its mapped variable."""
    try:
        operations = json.loads(post["operations"])
        file_map = json.loads(post.get("map") or "{}")
    except (KeyError, ValueError) as exc:
        raise _bad_request("Multipart uploads need JSON `operations` and `map` fields.") from exc
    if not isinstance(operations, dict) or not isinstance(file_map, dict):
        raise _bad_request("Batched multipart operations are not supported.")
    if len(file_map) > MAX_FILES:
        raise _bad_request(f"At most {MAX_FILES} files per request.")
    operations.setdefault("variables", {})
    for key, paths in file_map.items():
        if key not in files or not isinstance(paths, list):
            raise _bad_request(f"File {key!r} named in `map` was not sent.")
        for path in paths:
            try:
                _place(operations, str(path), files[key])
            except (IndexError, ValueError, TypeError) as exc:
                raise _bad_request(f"File map path {path!r} does not fit the variables.") from exc
    return operations
