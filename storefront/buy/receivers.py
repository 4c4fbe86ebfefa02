"""Keeps the visitor's cart across sign-in (Django's `user_logged_in`, sent by every sign-in path)."""

from django.http import HttpRequest

from backend.accounts.models import User
from storefront.buy.cart import cart_sign_in


def cart_keep_on_sign_in(sender, request: HttpRequest | None, user: User, **kwargs) -> None:
    # Token sign-ins for the API send no request and keep no session cart.
    if request is not None and hasattr(request, "session"):
        cart_sign_in(request, user)
