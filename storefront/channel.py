"""The shop's current sales channel (VND `vn` by default, USD `export`), one answer for every page."""

from django.http import HttpRequest

from backend.catalog.models import Channel
from backend.catalog.selectors import channel_for_slug

SESSION_KEY = "channel"


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
