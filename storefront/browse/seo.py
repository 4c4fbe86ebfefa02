"""What search engines and share previews read: one address per language, canonical links, JSON-LD.

Language keeps the cookie switch everywhere (the dashboard and accounts rely on it); the shop's
pages also answer `?lang=en` / `?lang=vi`, so each language has an address to declare as an
hreflang alternate. The bare address is the Vietnamese one and the x-default, which is what a
crawler without cookies or Accept-Language gets.
"""

import json
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

LANG_PARAM = "lang"
# Query parameters that change what a listing shows; everything else (channel, sort of
# tracking) stays out of canonical addresses.
CANONICAL_PARAMS = ("q", "category", "province", "stars", "price_min", "price_max", "in_stock", "page")
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def language_from_query(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """`?lang=<code>` shows the page in that language and remembers it in the language cookie."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        asked = request.GET.get(LANG_PARAM, "")
        if asked not in languages():
            return view(request, *args, **kwargs)
        translation.activate(asked)
        request.LANGUAGE_CODE = asked
        response = view(request, *args, **kwargs)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            asked,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
        )
        return response

    return wrapper


def language_address(path: str, language: str, params: list[tuple[str, str]] | None = None) -> str:
    """`path` in `language`: bare for the default language, `?lang=<code>` for the others."""
    query = [(k, v) for k, v in (params or []) if k != LANG_PARAM]
    if language != settings.LANGUAGE_CODE:
        query.append((LANG_PARAM, language))
    return f"{path}?{urlencode(query)}" if query else path


def page_links(request: HttpRequest) -> dict:
    """Canonical and hreflang addresses (absolute) of the page `request` shows, in each language."""
    params = [(k, v) for k in CANONICAL_PARAMS for v in request.GET.getlist(k) if v]
    current = translation.get_language() or settings.LANGUAGE_CODE

    def absolute(language: str) -> str:
        return request.build_absolute_uri(language_address(request.path, language, params))

    return {
        "canonical": absolute(current),
        "alternates": [{"language": code, "href": absolute(code)} for code in languages()],
        "x_default": absolute(settings.LANGUAGE_CODE),
    }


def json_ld(data: dict) -> SafeString:
    """JSON for a `<script type="application/ld+json">` body: `<`, `>` and `&` escaped, so no
    text from a product can close the element or open another."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES))  # noqa: S308 - markup escaped
