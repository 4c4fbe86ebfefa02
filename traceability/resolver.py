"""The GS1-conformant resolver: `/01/<gtin>[/22/…][/10/<lot>][/21/<serial>]`, compressed
Digital Links (`/<base64url>`), `/t/<serial>`, `/.well-known/gs1resolver` and the link sets' JSON-LD
context.

Per GS1 Resolver 1.2: GET, HEAD and OPTIONS with CORS; 400 (problem JSON) for a malformed URI; a 307
to the one default link, or to the link of the requested `linkType` (in any of GS1's spellings),
with the query string passed on; 404 when no level has a link of the requested type; an RFC 9264
link set for `linkType=linkset` (alias `all`) or `Accept: application/linkset+json`, which names its
JSON-LD context in a `Link` header; the redirect and the OPTIONS answer carry `Link: <…linkset>;
rel="linkset"`. Unknown levels walk up (serial → lot → GTIN); an unknown serial still lands on the
scan page, which says the stamp is unknown, never genuine. A withdrawn lot's default link is its
recall notice (the scan page, which leads with the notice). A compressed link resolves as its
uncompressed form, named in `Link: <…>; rel="owl:sameAs"`. The links themselves are built in
`links.py`; this module only answers HTTP.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, wraps
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from traceability.compression import DecompressedLink
from traceability.gs1 import DigitalLinkError, digital_link_parse, short_serial_parse
from traceability.links import (
    DEFAULT_LINK,
    GS1_VOCABULARY,
    Level,
    Link,
    digital_link_levels,
    link_type_normalize,
    request_raw_path,
    short_link_levels,
)

LINKSET_TYPE = "application/linkset+json"
LINKSET_ALIASES = ("linkset", "all")
JSONLD_CONTEXT_REL = "http://www.w3.org/ns/json-ld#context"
JSONLD_CONTEXT_FILE = Path(__file__).parent / "data" / "linkset-context.jsonld"
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
HREFLANG = ["vi", "en"]  # every page of ours speaks both; LocaleMiddleware picks per request


@dataclass(frozen=True)
class Target:
    """What a resolvable request names: its levels (most specific first), the query it carries
    (a compressed link's own attributes first) and, for a compressed link, its uncompressed URI."""

    levels: list[Level]
    query: list[tuple[str, str]]
    same_as: str = ""


Resolve = Callable[..., "Target | HttpResponse"]


View = Callable[..., HttpResponse]


def cors(view: View | None = None, *, resolve: Resolve | None = None) -> View | Callable[[View], View]:
    """GS1 Resolver 1.2's method rules around a resolver view, which then sees only GET and HEAD.

    OPTIONS is answered here (a CORS preflight, with `Allow`, and, when `resolve` turns the request
    into a target, the same `Link` header a GET's redirect carries), any other method is 405 with
    `Allow`, and every answer, errors included, carries the CORS headers so a browser app can read
    it. CSRF exempt so a POST gets that 405 rather than a CSRF page; nothing here writes.
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method == "OPTIONS":
                response = HttpResponse(status=204)
                response["Allow"] = ALLOWED_METHODS
                response["Access-Control-Max-Age"] = "86400"
                target = resolve(request, *args, **kwargs) if resolve else None
                if isinstance(target, Target):
                    response["Link"] = _links_header(request, target)
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

    return decorate(view) if view is not None else decorate


def problem(request: HttpRequest, status: int, title: str, detail: str, code: str = "") -> HttpResponse:
    """An RFC 9457 problem body: a machine-readable error, never a 200 page that reports one."""
    body = {"type": "about:blank", "title": str(title), "status": status, "detail": str(detail)}
    if code:
        body["code"] = code
    return HttpResponse(
        b"" if request.method == "HEAD" else json.dumps(body),
        status=status,
        content_type="application/problem+json",
    )


def _absolute(request: HttpRequest, href: str) -> str:
    return request.build_absolute_uri(href)


def _link_object(request: HttpRequest, link: Link) -> dict:
    """One link target; a default link carries its title only, as GS1 Resolver 1.2 asks."""
    target = {"href": _absolute(request, link.href), "title": link.title}
    if link.link_type != DEFAULT_LINK:
        target |= {"type": link.media_type, "hreflang": HREFLANG}
    return target


def linkset_body(request: HttpRequest, levels: list[Level]) -> dict:
    """RFC 9264 JSON: one context object per level, anchored at its uncompressed URI."""
    contexts = []
    for level in levels:
        context: dict = {"anchor": _absolute(request, level.path)}
        for link in level.links:
            key = GS1_VOCABULARY + link.link_type.removeprefix("gs1:")
            context.setdefault(key, []).append(_link_object(request, link))
        contexts.append(context)
    return {"linkset": contexts}


def _request_query(request: HttpRequest) -> list[tuple[str, str]]:
    return [(key, value) for key, values in request.GET.lists() for value in values]


def _link_type(target: Target) -> str:
    """The requested link type in its `gs1:` form ('' when none was asked for)."""
    return link_type_normalize(
        next((value for key, value in reversed(target.query) if key == "linkType"), "")
    )


def _wants_linkset(request: HttpRequest, target: Target) -> bool:
    if _link_type(target) in LINKSET_ALIASES:
        return True
    accept = request.headers.get("Accept", "")
    return any(part.split(";")[0].strip() == LINKSET_TYPE for part in accept.split(","))


def _with_query(href: str, query: list[tuple[str, str]]) -> str:
    """The target with the request's query string passed on (minus the resolver's own linkType)."""
    params = [(key, value) for key, value in query if key != "linkType"]
    if not params:
        return href
    target, hash_mark, fragment = href.partition("#")
    separator = "&" if "?" in target else "?"
    return f"{target}{separator}{urlencode(params, safe='')}{hash_mark}{fragment}"


def _links_header(request: HttpRequest, target: Target) -> str:
    """`Link` on a redirect and on OPTIONS: the link set, and a compressed link's uncompressed URI."""
    linkset_url = _absolute(request, target.levels[0].path) + "?linkType=linkset"
    links = [f'<{linkset_url}>; rel="linkset"; type="{LINKSET_TYPE}"']
    if target.same_as:
        links.append(f'<{target.same_as}>; rel="owl:sameAs"')
    return ", ".join(links)


def _respond(request: HttpRequest, target: Target | HttpResponse) -> HttpResponse:
    if isinstance(target, HttpResponse):  # the request named nothing resolvable: its problem
        return target
    if _wants_linkset(request, target):
        body = b"" if request.method == "HEAD" else json.dumps(linkset_body(request, target.levels))
        response = HttpResponse(body, content_type=LINKSET_TYPE)
        context_url = _absolute(request, reverse("traceability:linkset_context"))
        links = [f'<{context_url}>; rel="{JSONLD_CONTEXT_REL}"; type="application/ld+json"']
        if target.same_as:
            links.append(f'<{target.same_as}>; rel="owl:sameAs"')
        response["Link"] = ", ".join(links)
        return response
    wanted = _link_type(target) or DEFAULT_LINK
    # Walk up: the most specific level with a link of that type; only the default link is always there.
    link = next((found for level in target.levels if (found := level.find(wanted))), None)
    if link is None:
        response = problem(
            request,
            404,
            _("Link type not available"),
            _("No link of type %s is registered for this item.") % wanted,
            "link_type_unavailable",
        )
    else:
        response = HttpResponse(status=307)
        response["Location"] = _absolute(request, _with_query(link.href, target.query))
    response["Link"] = _links_header(request, target)
    response["Cache-Control"] = "no-cache"  # a recall must change where stamps go at once
    return response


def _digital_link_target(
    request: HttpRequest, path: str, query: list[tuple[str, str]], same_as: str = ""
) -> Target | HttpResponse:
    try:
        link = digital_link_parse(path, dict(query))
    except DigitalLinkError as exc:
        return problem(request, 400, _("Malformed GS1 Digital Link"), exc.message, exc.code)
    levels = digital_link_levels(link)
    if levels is None:
        return problem(request, 404, _("Unknown GTIN"), _("No product is registered with this GTIN."))
    return Target(levels, query, same_as)


def _uncompressed_target(request: HttpRequest, rest: str = "") -> Target | HttpResponse:
    return _digital_link_target(request, request_raw_path(request), _request_query(request))


def _compressed_target(request: HttpRequest, link: DecompressedLink) -> Target | HttpResponse:
    query = [*link.query, *_request_query(request)]
    return _digital_link_target(request, link.path, query, same_as=_absolute(request, link.uri_path))


def _short_target(request: HttpRequest, serial: str) -> Target | HttpResponse:
    try:
        serial = short_serial_parse(request_raw_path(request).removeprefix("/t/"))
    except DigitalLinkError as exc:
        return problem(request, 400, _("Malformed stamp link"), exc.message, exc.code)
    return Target(short_link_levels(serial), _request_query(request))


@cors(resolve=_uncompressed_target)
def digital_link(request: HttpRequest, rest: str = "") -> HttpResponse:
    """`/01/<gtin>[/22/<variant>][/10/<lot>][/21/<serial>]` (any trailing slash tolerated)."""
    return _respond(request, _uncompressed_target(request, rest))


@cors(resolve=_compressed_target)
def compressed_link(request: HttpRequest, link: DecompressedLink) -> HttpResponse:
    """`/<compressed>`: a root segment that decoded (in the URL converter) as a compressed GTIN link."""
    return _respond(request, _compressed_target(request, link))


@cors(resolve=_short_target)
def short_link(request: HttpRequest, serial: str) -> HttpResponse:
    """`/t/<serial>`: the permanent short form printed when a variant has no GTIN."""
    return _respond(request, _short_target(request, serial))


@cache
def _jsonld_context() -> bytes:
    return JSONLD_CONTEXT_FILE.read_bytes()


@cors
def linkset_context(request: HttpRequest) -> HttpResponse:
    """The JSON-LD context of our link sets, named by their `Link` header and the description file."""
    response = HttpResponse(
        b"" if request.method == "HEAD" else _jsonld_context(), content_type="application/ld+json"
    )
    response["Cache-Control"] = "public, max-age=86400"
    return response


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
        "jsonLdContextLocation": root + reverse("traceability:linkset_context"),
        "shortPaths": {"/t/{serial}": "stamps of products without a GTIN"},
    }
    response = JsonResponse(body)
    if request.method == "HEAD":
        response.content = b""
    return response
