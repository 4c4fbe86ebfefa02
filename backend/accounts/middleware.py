"""Refuse uploads before their body is read: anonymous multipart requests and oversized bodies.

Every endpoint that takes a file (dashboard forms, GraphQL multipart mutations, the admin) needs a
signed-in caller, so an anonymous multipart body is never worth reading; and no body may exceed
UPLOAD_MAX_REQUEST_BYTES (nginx's client_max_body_size in compose is the same number). Deciding
from the headers alone means a stranger cannot make a worker receive and spool megabytes.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from backend.accounts.authentication import bearer_user

# Codes in the `extensions.code` of GraphQL answers (PERMISSION_DENIED as for any refused caller).
TOO_LARGE = "REQUEST_TOO_LARGE"
SIGN_IN_REQUIRED = "PERMISSION_DENIED"


class UploadGuardMiddleware:
    """Placed after AuthenticationMiddleware and before anything that reads `request.POST`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _content_length(request) > settings.UPLOAD_MAX_REQUEST_BYTES:
            limit_mb = settings.UPLOAD_MAX_REQUEST_BYTES // (1024 * 1024)
            message = _("The request is larger than %(limit)d MB.") % {"limit": limit_mb}
            return _refusal(request, status=413, code=TOO_LARGE, message=message)
        if _is_multipart(request) and not _signed_in(request):
            message = _("Sign in to upload files.")
            return _refusal(request, status=403, code=SIGN_IN_REQUIRED, message=message)
        return self.get_response(request)


def _content_length(request: HttpRequest) -> int:
    # Django reads a missing or malformed Content-Length as an empty body, so treat it as 0 too.
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def _is_multipart(request: HttpRequest) -> bool:
    return request.META.get("CONTENT_TYPE", "").lower().startswith("multipart/")


def _signed_in(request: HttpRequest) -> bool:
    # A session (dashboard, admin) or a Bearer token (/graphql/, which ignores sessions).
    return request.user.is_authenticated or bearer_user(request).is_authenticated


def _refusal(request: HttpRequest, *, status: int, code: str, message: str) -> HttpResponse:
    if request.path.startswith(reverse("graphql")):
        # The shape of a GraphQL top-level error, so API clients read it like any other.
        return JsonResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status=status)
    html = render_to_string(
        "accounts/upload_refused.html", {"message": message, "code": code}, request=request
    )
    return HttpResponse(html, status=status)
