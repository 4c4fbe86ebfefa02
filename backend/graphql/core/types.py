"""Shared GraphQL building blocks: Saleor-style `errors { field code message }` and base mutation."""

from enum import Enum
from typing import Any, ClassVar

import graphene
from django.conf import settings
from graphql import GraphQLError

from backend.core.errors import DomainError, DomainErrors

_ERROR_TYPES: dict[str, type[graphene.ObjectType]] = {}


def error_type(name: str, codes: type[Enum]) -> type[graphene.ObjectType]:
    """One `<Domain>Error` object type per domain, with its `<Domain>ErrorCode` enum."""
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
    top-level GraphQL error, as in Saleor.
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
    def _to_error(cls, exc: DomainError):
        return cls.error_type_class(field=exc.field, message=exc.message, code=exc.code)

    @classmethod
    def perform_mutation(cls, root, info, **data):
        raise NotImplementedError
