"""Exposes the acting user's roles to templates (menus differ per role)."""

from django.http import HttpRequest

from backend.accounts.roles import roles_for


def roles(request: HttpRequest) -> dict[str, set[str]]:
    user = getattr(request, "user", None)
    return {"user_roles": {str(r) for r in roles_for(user)} if user is not None else set()}
