"""Relay connections in Saleor's shape: `totalCount`, opaque cursors and the `first`/`last` cap.

A cursor is an opaque token (`base64("saleor:" + JSON position)`) that clients only hand back in
`after`/`before`. It records the position in the connection's order, which is what every order
we offer can be resumed from (RANK relevance is a computed SQL expression, so a keyset on stored
columns cannot express it). Cursors handed out before the change (`arrayconnection:<n>` in
base64) are still accepted, so a client holding one keeps paging.
"""

import base64
import binascii
import json
from collections.abc import Callable

import graphene
from django.conf import settings
from django.db.models import QuerySet
from graphql import GraphQLError
from graphql_relay import cursor_to_offset, from_global_id


class CountableConnection(graphene.relay.Connection):
    class Meta:
        abstract = True

    total_count = graphene.Int(required=True, description="How many items match, across all pages.")


def connection_args() -> dict:
    return {
        "first": graphene.Int(description="Return the first n items (at most 100)."),
        "after": graphene.String(),
        "last": graphene.Int(description="Return the last n items (at most 100)."),
        "before": graphene.String(),
    }


def _page_size(value: int | None, name: str) -> int | None:
    if value is None:
        return None
    if value < 0 or value > settings.GRAPHQL_PAGE_MAX:
        raise GraphQLError(
            f"`{name}` must be between 0 and {settings.GRAPHQL_PAGE_MAX}.",
            extensions={"code": "PAGINATION_LIMIT"},
        )
    return value


_CURSOR_PREFIX = "saleor:"


def offset_cursor(offset: int) -> str:
    """The opaque cursor of the item at `offset` in a connection's order."""
    return base64.b64encode(f"{_CURSOR_PREFIX}{json.dumps([offset])}".encode()).decode()


def cursor_offset(cursor: str) -> int | None:
    """The position a cursor names, or None for a token we never handed out."""
    try:
        text = base64.b64decode(cursor.encode(), validate=True).decode()
    except (binascii.Error, UnicodeError, ValueError):
        return None
    if text.startswith(_CURSOR_PREFIX):
        try:
            position = json.loads(text[len(_CURSOR_PREFIX) :])
        except ValueError:
            return None
        if isinstance(position, list) and len(position) == 1 and type(position[0]) is int:
            return position[0]
        return None
    return cursor_to_offset(cursor)  # the earlier `arrayconnection:<n>` cursors


def _offset(cursor: str | None, name: str) -> int | None:
    if not cursor:
        return None
    offset = cursor_offset(cursor)
    if offset is None or offset < 0:
        raise GraphQLError(f"`{name}` is not a valid cursor.", extensions={"code": "INVALID_CURSOR"})
    return offset


def connection_page(
    queryset: QuerySet | list,
    connection_type: type[CountableConnection],
    *,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    prepare: Callable[[list], list] | None = None,
):
    """One page of an ordered queryset; `prepare` may attach per-request context to the page's items."""
    first, last = _page_size(first, "first"), _page_size(last, "last")
    if first is None and last is None:
        raise GraphQLError(
            "Give `first` or `last` (at most 100).", extensions={"code": "PAGINATION_REQUIRED"}
        )
    total = queryset.count() if isinstance(queryset, QuerySet) else len(queryset)
    after_offset, before_offset = _offset(after, "after"), _offset(before, "before")
    start = after_offset + 1 if after_offset is not None else 0
    end = min(before_offset, total) if before_offset is not None else total
    if first is not None:
        end = min(end, start + first)
    if last is not None:
        start = max(start, end - last)
    items = list(queryset[start:end]) if end > start else []
    if prepare is not None:
        items = prepare(items)
    edges = [connection_type.Edge(node=item, cursor=offset_cursor(start + i)) for i, item in enumerate(items)]
    return connection_type(
        edges=edges,
        page_info=graphene.relay.PageInfo(
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
            has_previous_page=start > 0,
            has_next_page=end < total,
        ),
        total_count=total,
    )


def decode_id(value: str | int, type_name: str) -> int | None:
    """The database id in a global ID of `type_name` ("UHJvZHVjdDox" → 1); plain digits are accepted."""
    text = str(value).strip()
    if text.isdigit():
        return int(text)
    try:
        found_type, raw = from_global_id(text)
    except Exception:  # a malformed ID is simply "not found", whatever the decoder raised
        return None
    if found_type != type_name or not str(raw).isdigit():
        return None
    return int(raw)


class OrderDirection(graphene.Enum):
    ASC = "asc"
    DESC = "desc"
