"""The shop's current sales channel (VND `vn` by default, USD `export`), one answer for every page."""

from decimal import Decimal

from django.http import HttpRequest
from django.utils.translation import get_language

from backend.catalog.models import Channel
from backend.catalog.selectors import channel_for_slug
from backend.core.money import format_money

SESSION_KEY = "channel"
# Prices read the way their buyers read them, whatever the page language: a Vietnamese shopper
# sees `120.000 ₫`, an export buyer `$12.50` (CLDR's vi form of USD, `12,50 US$`, is nobody's).
CURRENCY_LANGUAGE = {"VND": "vi", "USD": "en"}


def current_channel(request: HttpRequest) -> Channel:
    """`?channel=<slug>` switches and is remembered in the session; otherwise the default channel."""
    asked = request.GET.get("channel", "")
    if asked:
        channel = channel_for_slug(asked[:50])
        if channel is not None:
            request.session[SESSION_KEY] = channel.slug
            return channel
    remembered = (
        channel_for_slug(request.session.get(SESSION_KEY)) if request.session.get(SESSION_KEY) else None
    )
    return remembered or channel_for_slug(None)


def format_price(amount: Decimal | int | str, currency: str) -> str:
    """A shop price for display: `120.000 ₫` for VND, `$12.50` for USD, on every page language."""
    return format_money(amount, currency, CURRENCY_LANGUAGE.get(currency) or get_language() or "vi")
