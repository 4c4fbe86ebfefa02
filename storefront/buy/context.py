"""Template context for every page: how many units the visitor's cart holds, for the header."""

from django.conf import settings
from django.http import HttpRequest

from backend.checkout.selectors import checkout_units
from storefront.buy.cart import cart_token
from storefront.channel import SESSION_KEY as CHANNEL_SESSION_KEY


def cart_count(request: HttpRequest) -> dict[str, int]:
    """`cart_count`: units in the cart of the visitor's channel; no query when there is no cart."""
    session = getattr(request, "session", None)
    if session is None:
        return {"cart_count": 0}
    token = cart_token(request, session.get(CHANNEL_SESSION_KEY) or settings.DEFAULT_CHANNEL)
    if not token:
        return {"cart_count": 0}
    return {"cart_count": checkout_units(token=token, user=request.user)}
