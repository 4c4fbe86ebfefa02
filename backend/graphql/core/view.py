"""`/graphql/`: Bearer-token authentication, query depth and cost limits, no session cookies.

Only `Authorization: Bearer <token>` authenticates here. Session cookies are ignored, which is why
the endpoint can be CSRF-exempt: a cross-site form cannot add an Authorization header.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView

from backend.accounts.tokens import ACCESS, token_user
from backend.core.errors import DomainError
from backend.graphql.core.upload import multipart_operations
from backend.graphql.core.validation import cost_limit_rule, depth_limit_rule


def _bearer_user(request: HttpRequest):
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() not in {"bearer", "jwt"} or not token.strip():
        return AnonymousUser()
    try:
        return token_user(token=token.strip(), token_type=ACCESS)
    except DomainError:
        return AnonymousUser()


@method_decorator(csrf_exempt, name="dispatch")
class NongSanGraphQLView(GraphQLView):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault(
            "validation_rules",
            (
                depth_limit_rule(settings.GRAPHQL_MAX_DEPTH),
                cost_limit_rule(settings.GRAPHQL_MAX_COST),
            ),
        )
        super().__init__(**kwargs)

    def dispatch(self, request: HttpRequest, *args, **kwargs):
        request.user = _bearer_user(request)
        return super().dispatch(request, *args, **kwargs)

    def parse_body(self, request: HttpRequest):
        # File uploads follow the GraphQL multipart request spec (`operations` + `map` + files).
        if self.get_content_type(request) == "multipart/form-data" and "operations" in request.POST:
            return multipart_operations(request.POST, request.FILES)
        return super().parse_body(request)
