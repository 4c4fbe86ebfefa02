"""Shared GraphQL building blocks: Saleor-style `errors { field code message }` and base mutation."""

from collections.abc import Callable
from enum import Enum
from typing import Any, ClassVar, TypeVar

import graphene
from django.conf import settings
from graphql import GraphQLError

from backend.core.errors import DomainError, DomainErrors
from backend.graphql.core.connection import decode_id
from backend.stalls.selectors import stall_for_member

T = TypeVar("T")

_ERROR_TYPES: dict[str, type[graphene.ObjectType]] = {}


def error_type(name: str, codes: type[Enum]) -> type[graphene.ObjectType]:
    """One `<Domain>Error` object type per domain, with its `<Domain>ErrorCode` enum.

    The type keeps the Python enum as `codes` (not a GraphQL field), so a mutation that declares
    `error_type_class` answers NOT_FOUND and other codes from its own domain.
    """
    if name in _ERROR_TYPES:
        return _ERROR_TYPES[name]
    code_enum = graphene.Enum.from_enum(codes, name=f"{name}Code")
    error_cls = type(
        name,
        (graphene.ObjectType,),
        {
            "field": graphene.String(description="The input field the error is about, if any."),
            "message": graphene.String(required=True),
            "code": graphene.Field(code_enum, required=True),
            "codes": codes,
            "__doc__": f"A business error from the {name.removesuffix('Error')} domain.",
        },
    )
    _ERROR_TYPES[name] = error_cls
    return error_cls


class PermissionDenied(GraphQLError):
    """Top-level error for callers that lack the permission a mutation declares."""

    def __init__(self, message: str = "You do not have permission to perform this action.") -> None:
        super().__init__(message, extensions={"code": "PERMISSION_DENIED"})


def require_list_bound(values: list | None, field: str) -> None:
    """Refuse input lists above the configured cap before doing any work."""
    if values is not None and len(values) > settings.GRAPHQL_INPUT_LIST_MAX:
        raise GraphQLError(
            f"`{field}` accepts at most {settings.GRAPHQL_INPUT_LIST_MAX} items.",
            extensions={"code": "INPUT_TOO_LARGE"},
        )


def errors_field(error_cls: type[graphene.ObjectType]) -> graphene.List:
    """The `errors` field every mutation payload carries (empty list on success)."""
    return graphene.List(graphene.NonNull(error_cls), required=True)


class BaseMutation(graphene.Mutation):
    """Declare `permission` and `error_type_class`, implement `perform_mutation`.

    DomainError(s) raised by the domain action become `errors` data; a failed permission check is a
    top-level GraphQL error, as in Saleor. IDs in the input become objects through `get_scoped` (or
    `pk_from_global_id` when the domain action looks the row up itself), the one lookup path: every
    refusal there is the NOT_FOUND of the mutation's own error enum.
    """

    class Meta:
        abstract = True

    # A predicate on the acting user; None means anyone (including anonymous callers).
    permission: ClassVar[Any] = None
    error_type_class: ClassVar[type[graphene.ObjectType]]

    @classmethod
    def mutate(cls, root, info, **data):
        if cls.permission is not None and not cls.permission(info.context.user):
            raise PermissionDenied()
        try:
            result = cls.perform_mutation(root, info, **data)
        except DomainErrors as exc:
            return cls(errors=[cls._to_error(e) for e in exc.errors])
        except DomainError as exc:
            return cls(errors=[cls._to_error(exc)])
        if getattr(result, "errors", None) is None:
            result.errors = []
        return result

    @classmethod
    def not_found(cls, message: str, field: str | None = "id") -> DomainError:
        """The mutation's NOT_FOUND: the code comes from the enum `error_type_class` was built on."""
        return DomainError(cls.error_type_class.codes.NOT_FOUND, message, field)

    @classmethod
    def get_scoped(
        cls,
        value: str | int,
        type_name: str,
        find: Callable[[int], T | None],
        *,
        what: str | None = None,
        field: str = "id",
        code: Enum | None = None,
    ) -> T:
        """The object behind global ID `value` of `type_name`, fetched by the scoped selector call `find(pk)`.

        A malformed ID, an ID of another type, a missing object and one the caller may not touch all
        raise the same "<what> not found." on `field` (`what` defaults to `type_name`), so an ID tells
        an outsider nothing. The code is the mutation's NOT_FOUND unless `code` names a narrower one.
        """
        pk = decode_id(value, type_name)
        found = find(pk) if pk else None
        if found is None:
            message = f"{what or type_name} not found."
            if code is None:
                raise cls.not_found(message, field)
            raise DomainError(code, message, field)
        return found

    @classmethod
    def member_stall(cls, info, value: str, *, field: str = "stall", owner_only: bool = False):
        """The stall behind global ID `value` if the caller is a member (its owner with
        `owner_only`); anything else is the mutation's NOT_FOUND on `field`."""
        user = info.context.user
        return cls.get_scoped(
            value,
            "Stall",
            lambda pk: stall_for_member(user=user, stall_id=pk, owner_only=owner_only),
            field=field,
        )

    @classmethod
    def pk_from_global_id(cls, value: str, type_name: str, *, field: str = "id") -> int:
        """The primary key in global ID `value` of `type_name`, for a domain action or a choice of
        selectors that finds the row itself; anything else is NOT_FOUND quoting what was sent."""
        pk = decode_id(value, type_name)
        if pk is None:
            article = "an" if type_name[:1] in "AEIOU" else "a"
            raise cls.not_found(f"Not {article} {type_name} ID: {value!r}.", field)
        return pk

    @classmethod
    def _to_error(cls, exc: DomainError):
        return cls.error_type_class(field=exc.field, message=exc.message, code=exc.code)

    @classmethod
    def perform_mutation(cls, root, info, **data):
        raise NotImplementedError
