"""The visitor's cart: a domain `Checkout` per channel whose token the session keeps.

Guests hold their checkout by the token in their session alone; a signed-in buyer's checkout
belongs to them (`checkout_for_token` refuses it to anyone else), so a token copied into another
session finds nothing. Signing in attaches the session's guest cart to the buyer, or picks up the
buyer's latest cart from another device when the session holds none.
"""

from django.http import HttpRequest

from backend.accounts.models import User
from backend.catalog.models import Channel
from backend.checkout import actions, selectors
from backend.checkout.models import Checkout

SESSION_KEY = "carts"  # {channel slug: checkout token}


def _tokens(request: HttpRequest) -> dict[str, str]:
    tokens = request.session.get(SESSION_KEY)
    return tokens if isinstance(tokens, dict) else {}


def cart_token(request: HttpRequest, channel_slug: str) -> str | None:
    return _tokens(request).get(channel_slug)


def cart_get(request: HttpRequest, channel: Channel) -> Checkout | None:
    """The visitor's checkout in `channel`, or None (a stale or foreign token is forgotten)."""
    token = cart_token(request, channel.slug)
    if not token:
        return None
    checkout = selectors.checkout_for_token(token=token, user=request.user)
    if checkout is None or checkout.channel_id != channel.pk:
        cart_forget(request, channel.slug)
        return None
    return checkout


def cart_remember(request: HttpRequest, checkout: Checkout) -> None:
    request.session[SESSION_KEY] = {**_tokens(request), checkout.channel.slug: str(checkout.token)}


def cart_forget(request: HttpRequest, channel_slug: str) -> None:
    tokens = _tokens(request)
    if channel_slug in tokens:
        request.session[SESSION_KEY] = {slug: t for slug, t in tokens.items() if slug != channel_slug}


def cart_add(request: HttpRequest, channel: Channel, lines: list[actions.LineInput]) -> Checkout:
    """Add lines to the visitor's cart, creating it (the buyer's when signed in) on the first add."""
    checkout = cart_get(request, channel)
    if checkout is None:
        checkout = actions.checkout_create(
            channel_slug=channel.slug, email="", lines=lines, user=request.user
        )
        cart_remember(request, checkout)
        return checkout
    return actions.checkout_lines_add(checkout=checkout, lines=lines)


def cart_sign_in(request: HttpRequest, user: User) -> None:
    """On sign-in the session's guest carts become the buyer's; a channel where the session holds
    none picks up the buyer's latest cart (kept on another device or through the API)."""
    carts = {checkout.channel.slug: checkout for checkout in selectors.checkouts_latest_for_user(user=user)}
    for checkout in selectors.checkouts_for_tokens(tokens=_tokens(request).values()):
        if checkout.user_id is None:
            actions.checkout_user_attach(checkout=checkout, user=user)
        if checkout.user_id == user.pk:
            carts[checkout.channel.slug] = checkout
    request.session[SESSION_KEY] = {slug: str(checkout.token) for slug, checkout in carts.items()}
