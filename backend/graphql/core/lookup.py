"""Resolve a global ID in a mutation's input through a scoped selector, or answer NOT_FOUND."""

from collections.abc import Callable
from enum import Enum
from typing import TypeVar

from backend.core.errors import DomainError
from backend.graphql.core.connection import decode_id

T = TypeVar("T")


def scoped_or_not_found(
    value: str | int,
    type_name: str,
    find: Callable[[int], T | None],
    *,
    code: Enum,
    what: str,
    field: str = "id",
) -> T:
    """The object behind global ID `value` of `type_name`, looked up by the scoped selector call `find(pk)`.

    A malformed ID, a missing object and one the caller may not touch all raise the same `code`
    (the domain's NOT_FOUND) on `field`, so an ID tells an outsider nothing.
    """
    pk = decode_id(value, type_name)
    found = find(pk) if pk else None
    if found is None:
        raise DomainError(code, f"{what} not found.", field)
    return found
