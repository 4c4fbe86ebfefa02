"""The one reader of `Authorization: Bearer <jwt>`, shared by /graphql/ and the upload guard."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from backend.accounts.models import User
from backend.accounts.tokens import ACCESS, token_user
from backend.core.errors import DomainError


def bearer_user(request: HttpRequest) -> User | AnonymousUser:
    """The active user a valid access token in the Authorization header names, else anonymous."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() not in {"bearer", "jwt"} or not token.strip():
        return AnonymousUser()
    try:
        return token_user(token=token.strip(), token_type=ACCESS)
    except DomainError:
        return AnonymousUser()
