"""The GS1-conformant resolver: `/01/<gtin>[/22/…][/10/<lot>][/21/<serial>]`, `/t/<serial>`, and
`/.well-known/gs1resolver`.

Per GS1 Resolver 1.2: GET, HEAD and OPTIONS with CORS; 400 (problem JSON) for a malformed URI; a 307
to the one default link, or to the link of the requested `linkType`, with the query string passed on;
an RFC 9264 link set for `linkType=linkset` (alias `all`) or `Accept: application/linkset+json`,
advertised in a `Link` header on every redirect. Unknown levels walk up (serial → lot → GTIN); an
unknown serial still lands on the scan page, which says the stamp is unknown, never genuine. A
withdrawn lot's default link is its recall notice (the scan page, which leads with the notice).
The links themselves are built in `links.py`; this module only answers HTTP.
"""

import json
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from traceability.gs1 import DigitalLinkError, digital_link_parse, short_serial_parse
from traceability.links import (
    DEFAULT_LINK,
    GS1_VOCABULARY,
    Level,
    digital_link_levels,
    request_raw_path,
    short_link_levels,
)

LINKSET_TYPE = "application/linkset+json"
LINKSET_ALIASES = ("linkset", "all")
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
HREFLANG = ["vi", "en"]  # every page of ours speaks both; LocaleMiddleware picks per request


def cors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GS1 Resolver 1.2's method rules around a resolver view, which then sees only GET and HEAD.

    OPTIONS is answered here (a CORS preflight, with `Allow`), any other method is 405 with `Allow`,
    and every answer, errors included, carries the CORS headers so a browser app can read it. CSRF
    exempt so a POST gets that 405 rather than a CSRF page; nothing here writes.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ALLOWED_METHODS
            response["Access-Control-Max-Age"] = "86400"
        elif request.method not in ("GET", "HEAD"):
            response = HttpResponse(status=405)
            response["Allow"] = ALLOWED_METHODS
        else:
            response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
        response["Access-Control-Allow-Headers"] = "Accept, Accept-Language, Content-Type"
        response["Access-Control-Expose-Headers"] = "Link, Location, Content-Type"
        response["Vary"] = "Accept, Accept-Language"
        return response

    return csrf_exempt(wrapped)


def _problem(request: HttpRequest, status: int, title: str, detail: str, code: str = "") -> HttpResponse:
    """An RFC 9457 problem body: a machine-readable error, never a 200 page that reports one."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if code:
        body["code"] = code
    return HttpResponse(
        b"" if request.method == "HEAD" else json.dumps(body),
        status=status,
        content_type="application/problem+json",
    )


def _absolute(request: HttpRequest, href: str) -> str:
    return request.build_absolute_uri(href)


def linkset_body(request: HttpRequest, levels: list[Level]) -> dict:
    """RFC 9264 JSON: one context object per level, anchored at its uncompressed URI."""
    contexts = []
    for level in levels:
        context: dict = {"anchor": _absolute(request, level.path)}
        for link in level.links:
            key = GS1_VOCABULARY + link.link_type.removeprefix("gs1:")
            context.setdefault(key, []).append(
                {
                    "href": _absolute(request, link.href),
                    "title": link.title,
                    "type": link.media_type,
                    "hreflang": HREFLANG,
                }
            )
        contexts.append(context)
    return {"linkset": contexts}


def _wants_linkset(request: HttpRequest) -> bool:
    if request.GET.get("linkType") in LINKSET_ALIASES:
        return True
    accept = request.headers.get("Accept", "")
    return any(part.split(";")[0].strip() == LINKSET_TYPE for part in accept.split(","))


def _with_query(href: str, request: HttpRequest) -> str:
    """The target with the request's query string passed on (minus the resolver's own linkType)."""
    params = [(key, value) for key, values in request.GET.lists() for value in values if key != "linkType"]
    if not params:
        return href
    target, hash_mark, fragment = href.partition("#")
    separator = "&" if "?" in target else "?"
    return f"{target}{separator}{urlencode(params, safe='')}{hash_mark}{fragment}"


def _respond(request: HttpRequest, levels: list[Level]) -> HttpResponse:
    linkset_url = _absolute(request, levels[0].path) + "?linkType=linkset"
    if _wants_linkset(request):
        body = b"" if request.method == "HEAD" else json.dumps(linkset_body(request, levels))
        return HttpResponse(body, content_type=LINKSET_TYPE)
    wanted = request.GET.get("linkType", "")
    if wanted.startswith(GS1_VOCABULARY):  # the full URI form of a GS1 link type
        wanted = "gs1:" + wanted.removeprefix(GS1_VOCABULARY)
    link = None
    if wanted:
        link = next((found for level in levels if (found := level.find(wanted))), None)
    # No link of the requested type: the default link, as GS1's resolver does.
    link = link or next(level.find(DEFAULT_LINK) for level in levels if level.find(DEFAULT_LINK))
    response = HttpResponse(status=307)
    response["Location"] = _absolute(request, _with_query(link.href, request))
    response["Link"] = f'<{linkset_url}>; rel="linkset"; type="{LINKSET_TYPE}"'
    response["Cache-Control"] = "no-cache"  # a recall must change where stamps go at once
    return response


@cors
def digital_link(request: HttpRequest, rest: str = "") -> HttpResponse:
    """`/01/<gtin>[/22/<variant>][/10/<lot>][/21/<serial>]` (any trailing slash tolerated)."""
    try:
        link = digital_link_parse(request_raw_path(request), request.GET.dict())
    except DigitalLinkError as exc:
        return _problem(request, 400, _("Malformed GS1 Digital Link"), exc.message, exc.code)
    levels = digital_link_levels(link)
    if levels is None:
        return _problem(request, 404, _("Unknown GTIN"), _("No product is registered with this GTIN."))
    return _respond(request, levels)


@cors
def short_link(request: HttpRequest, serial: str) -> HttpResponse:
    """`/t/<serial>`: the permanent short form printed when a variant has no GTIN."""
    try:
        serial = short_serial_parse(request_raw_path(request).removeprefix("/t/"))
    except DigitalLinkError as exc:
        return _problem(request, 400, _("Malformed stamp link"), exc.message, exc.code)
    return _respond(request, short_link_levels(serial))


@cors
def description(request: HttpRequest) -> HttpResponse:
    """`/.well-known/gs1resolver`: what this resolver supports (GS1 Resolver 1.2 description file)."""
    root = settings.PUBLIC_BASE_URL.rstrip("/")
    body = {
        "name": "Nông Sàn GS1 resolver",
        "resolverRoot": root,
        "supportedPrimaryKeys": ["01"],
        "supportedLinkType": [
            {"namespace": GS1_VOCABULARY, "prefix": "gs1:", "profile": GS1_VOCABULARY + "?show=linktypes"}
        ],
        "linkTypeDefaultCanBeLinkset": False,
        "supportedContextValuesEnumerated": [],
        "shortPaths": {"/t/{serial}": "stamps of products without a GTIN"},
    }
    response = JsonResponse(body)
    if request.method == "HEAD":
        response.content = b""
    return response
