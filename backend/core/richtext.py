"""The one sanitiser for user-written rich text (stall and product descriptions)."""

import html

import nh3

_ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "h4"}
_ALLOWED_ATTRIBUTES = {"a": {"href"}}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(text: str) -> str:
    """Keep a small formatting subset; drop scripts, styles, event handlers and unsafe links."""
    if not text:
        return ""
    return nh3.clean(
        text,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    ).strip()


def html_to_text(text: str) -> str:
    """The visible words of sanitised HTML, for search documents and plain-text previews."""
    # A space before every tag keeps "</p><p>" from gluing the last and first words together.
    spaced = (text or "").replace("<", " <")
    return " ".join(html.unescape(nh3.clean(spaced, tags=set())).split())
