"""`/graphql/`: Bearer-token authentication, the validation rules and limits, no session cookies.

Only `Authorization: Bearer <token>` authenticates here. Session cookies are ignored, which is why
the endpoint can be CSRF-exempt: a cross-site form cannot add an Authorization header.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView
from graphql import ExecutionResult, GraphQLError, GraphQLSyntaxError
from graphql.validation.validate import ValidationAbortedError

from backend.accounts.authentication import bearer_user
from backend.graphql.core.upload import multipart_operations
from backend.graphql.core.validation import SPECIFICATION_ERROR_CODE, VALIDATION_RULES


def _request_error_code(error: GraphQLError) -> str:
    """The code of an error that refuses the whole request (no path) and came without one."""
    if isinstance(error, GraphQLSyntaxError):
        return "GRAPHQL_PARSE_FAILED"
    if isinstance(error, ValidationAbortedError):  # graphql-core's error limit or nesting guard
        return SPECIFICATION_ERROR_CODE
    return "BAD_USER_INPUT"  # variable values that do not coerce, an unknown operation name


@method_decorator(csrf_exempt, name="dispatch")
class NongSanGraphQLView(GraphQLView):
    # The project's limits first, then every rule of the specification (graphene-django passes
    # these to graphql-core's validate(), which would otherwise run `specified_rules` alone).
    validation_rules = VALIDATION_RULES

    def dispatch(self, request: HttpRequest, *args, **kwargs):
        request.user = bearer_user(request)
        return super().dispatch(request, *args, **kwargs)

    def parse_body(self, request: HttpRequest):
        # File uploads follow the GraphQL multipart request spec (`operations` + `map` + files).
        if self.get_content_type(request) == "multipart/form-data" and "operations" in request.POST:
            return multipart_operations(request.POST, request.FILES)
        return super().parse_body(request)

    def execute_graphql_request(self, request, data, query, variables, operation_name, show_graphiql=False):
        # Parsing costs time in proportion to the text, before any rule can refuse it.
        if query and len(query) > settings.GRAPHQL_MAX_DOCUMENT_CHARS:
            return ExecutionResult(
                errors=[
                    GraphQLError(
                        f"The document has {len(query)} characters; the limit is "
                        f"{settings.GRAPHQL_MAX_DOCUMENT_CHARS}.",
                        extensions={"code": "QUERY_TOO_LARGE"},
                    )
                ]
            )
        return super().execute_graphql_request(request, data, query, variables, operation_name, show_graphiql)

    @staticmethod
    def format_error(error: Exception) -> dict[str, Any]:
        formatted = GraphQLView.format_error(error)
        if isinstance(error, GraphQLError) and not error.path and "code" not in (error.extensions or {}):
            formatted["extensions"] = {**(error.extensions or {}), "code": _request_error_code(error)}
        return formatted
