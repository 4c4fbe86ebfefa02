"""The GS1-conformant resolver: `/01/<gtin>[/22/…][/10/<lot>][/21/<serial>]`, `/t/<serial>`, and
`/.well-known/gs1resolver`.

Per GS1 Resolver 1.2: GET, HEAD and OPTIONS with CORS; 400 (problem JSON) for a malformed URI; a 307
to the one default link, or to the link of the requested `linkType`, with the query string passed on;
an RFC 9264 link set for `linkType=linkset` (alias `all`) or `Accept: application/linkset+json`,
advertised in a `Link` header on every redirect. Unknown levels walk up (serial → lot → GTIN); an
unknown serial still lands on the scan page, which says the stamp is unknown, never genuine. A
withdrawn lot's default link is its recall notice (the scan page, which leads with the notice).
"""

import json
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from backend.catalog.models import ProductVariant
from backend.stalls.models import StallStatus
from traceability import signing
from traceability.gs1 import (
    DigitalLink,
    DigitalLinkError,
    digital_link_parse,
    short_link_path,
    short_serial_parse,
)
from traceability.models import Lot, LotStatus, StampJob
from traceability.selectors import certifications_for_lot, lot_public_by_gtin, stamp_public_by_serial

GS1_VOCABULARY = "https://gs1.org/voc/"
LINKSET_TYPE = "application/linkset+json"
DEFAULT_LINK = "gs1:defaultLink"
PIP = "gs1:pip"
TRACEABILITY = "gs1:traceability"
CERTIFICATION_INFO = "gs1:certificationInfo"
RECALL_STATUS = "gs1:recallStatus"
LINKSET_ALIASES = ("linkset", "all")
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
# Paths of the pages the links point at; built by hand because lot codes keep their %-escapes.
SCAN_PREFIX = "/scan"
EPCIS_PREFIX = "/epcis"
HREFLANG = ["vi", "en"]  # every page of ours speaks both; LocaleMiddleware picks per request


@dataclass(frozen=True)
class Link:
    link_type: str
    href: str  # a path on this site; made absolute for the link set
    title: str
    media_type: str = "text/html"


@dataclass
class Level:
    """The links registered for one level of a Digital Link (serial, lot or GTIN); default first."""

    path: str
    links: list[Link] = field(default_factory=list)

    def find(self, link_type: str) -> Link | None:
        return next((link for link in self.links if link.link_type == link_type), None)


def _cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
    response["Access-Control-Allow-Headers"] = "Accept, Accept-Language, Content-Type"
    response["Access-Control-Expose-Headers"] = "Link, Location, Content-Type"
    response["Vary"] = "Accept, Accept-Language"
    return response


def _problem(request: HttpRequest, status: int, title: str, detail: str, code: str = "") -> HttpResponse:
    """An RFC 9457 problem body: a machine-readable error, never a 200 page that reports one."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if code:
        body["code"] = code
    response = HttpResponse(
        b"" if request.method == "HEAD" else json.dumps(body),
        status=status,
        content_type="application/problem+json",
    )
    return _cors(response)


def _options() -> HttpResponse:
    response = HttpResponse(status=204)
    response["Allow"] = ALLOWED_METHODS
    response["Access-Control-Max-Age"] = "86400"
    return _cors(response)


def request_raw_path(request: HttpRequest) -> str:
    """The request path still percent-encoded (a lot may hold an encoded '/').

    gunicorn passes RAW_URI and most servers REQUEST_URI; without them the decoded path is
    re-encoded, which is exact for every GS1 character except an encoded '/'.
    """
    raw = request.META.get("RAW_URI") or request.META.get("REQUEST_URI") or ""
    raw = raw.split("?", 1)[0]
    if raw.startswith("/"):
        return raw
    return quote(request.path_info, safe="/")


def variant_for_gtin(gtin: str) -> ProductVariant | None:
    """Public read: the variant behind a GTIN, also through a GTIN printed on earlier stamps.

    Stamps can never be reprinted, so a GTIN that was corrected in the catalogue keeps resolving
    through the stamp jobs that signed it.
    """
    variants = ProductVariant.objects.select_related("product__stall", "product__ocop_certificate").exclude(
        stall__status__in=(StallStatus.PENDING, StallStatus.REJECTED)
    )
    variant = variants.filter(gtin=gtin).first()
    if variant is None:
        job = StampJob.objects.filter(gtin=gtin).order_by("pk").only("lot_id").first()
        if job is not None:
            variant = variants.filter(lots__pk=job.lot_id).first()
    return variant


def product_page_url(product) -> str:
    """The storefront's product page (gs1:pip and the scan page's "buy again")."""
    return reverse("storefront:product", kwargs={"slug": product.slug})


def _ocop_visible(product) -> bool:
    certificate = product.ocop_certificate
    return bool(certificate and certificate.badge_visible())


def _product_links(product) -> list[Link]:
    pip = Link(PIP, product_page_url(product), _("Product information: %s") % product.name)
    return [Link(DEFAULT_LINK, pip.href, pip.title), pip]


def _lot_links(lot: Lot, page_path: str, epcis_path: str) -> list[Link]:
    """Lot-level links; the default is the recall notice while the lot is withdrawn."""
    scan = SCAN_PREFIX + page_path
    links = []
    if lot.is_withdrawn:
        title = _("RECALL NOTICE") if lot.status == LotStatus.RECALLED else _("Notice: lot on hold")
        links += [Link(DEFAULT_LINK, scan, title), Link(RECALL_STATUS, scan, title)]
    else:
        links.append(Link(DEFAULT_LINK, scan, _("Lot %s: origin and farming diary") % lot.code))
    links.append(
        Link(
            TRACEABILITY,
            EPCIS_PREFIX + epcis_path,
            _("EPCIS 2.0 event history of lot %s") % lot.code,
            "application/ld+json",
        )
    )
    if certifications_for_lot(lot=lot).exists() or _ocop_visible(lot.variant.product):
        links.append(Link(CERTIFICATION_INFO, scan + "#certifications", _("Certifications")))
    return links


def _stamp_link(path: str) -> Link:
    return Link(DEFAULT_LINK, SCAN_PREFIX + path, _("Verify this stamp"))


def digital_link_levels(link: DigitalLink) -> list[Level] | None:
    """The known levels of a GS1 path, most specific first; None when even the GTIN is unknown."""
    lot = lot_public_by_gtin(gtin=link.gtin, lot_code=link.lot) if link.lot else None
    variant = lot.variant if lot else variant_for_gtin(link.gtin)
    if variant is None:
        return None
    levels = []
    if link.serial is not None:
        stamp = _stamp_link(link.path)
        if lot is not None and lot.is_withdrawn:
            # The stamp's scan page leads with the notice: it is this level's recall notice.
            notice = _lot_links(lot, link.path, link.path)[0]
            stamp = Link(DEFAULT_LINK, stamp.href, notice.title)
            levels.append(Level(link.path, [stamp, Link(RECALL_STATUS, stamp.href, notice.title)]))
        else:
            levels.append(Level(link.path, [stamp]))
    if lot is not None:
        lot_path = DigitalLink(gtin=link.gtin, variant=link.variant, lot=link.lot).path
        levels.append(Level(lot_path, _lot_links(lot, lot_path, lot_path)))
    levels.append(Level(DigitalLink(gtin=link.gtin).path, _product_links(variant.product)))
    return levels


def short_link_levels(serial: str) -> list[Level]:
    """A short stamp path has one level: the stamp, plus its lot's and product's links when known."""
    path = short_link_path(serial)
    level = Level(path, [_stamp_link(path)])
    stamp = stamp_public_by_serial(serial=signing.normalize_code(serial))
    if stamp is not None and stamp.lot.status != LotStatus.DRAFT:
        lot_links = _lot_links(stamp.lot, path, path)
        if stamp.lot.is_withdrawn:
            level.links = lot_links  # the recall notice is the default
        else:
            level.links += [link for link in lot_links if link.link_type != DEFAULT_LINK]
        level.links += [link for link in _product_links(stamp.lot.variant.product) if link.link_type == PIP]
    return [level]


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
        response = HttpResponse(body, content_type=LINKSET_TYPE)
        return _cors(response)
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
    return _cors(response)


def _method_not_allowed() -> HttpResponse:
    response = HttpResponse(status=405)
    response["Allow"] = ALLOWED_METHODS
    return _cors(response)


@csrf_exempt
def digital_link(request: HttpRequest, rest: str = "") -> HttpResponse:
    """`/01/<gtin>[/22/<variant>][/10/<lot>][/21/<serial>]` (any trailing slash tolerated)."""
    if request.method == "OPTIONS":
        return _options()
    if request.method not in ("GET", "HEAD"):
        return _method_not_allowed()
    try:
        link = digital_link_parse(request_raw_path(request), request.GET.dict())
    except DigitalLinkError as exc:
        return _problem(request, 400, _("Malformed GS1 Digital Link"), exc.message, exc.code)
    levels = digital_link_levels(link)
    if levels is None:
        return _problem(request, 404, _("Unknown GTIN"), _("No product is registered with this GTIN."))
    return _respond(request, levels)


@csrf_exempt
def short_link(request: HttpRequest, serial: str) -> HttpResponse:
    """`/t/<serial>`: the permanent short form printed when a variant has no GTIN."""
    if request.method == "OPTIONS":
        return _options()
    if request.method not in ("GET", "HEAD"):
        return _method_not_allowed()
    try:
        serial = short_serial_parse(request_raw_path(request).removeprefix("/t/"))
    except DigitalLinkError as exc:
        return _problem(request, 400, _("Malformed stamp link"), exc.message, exc.code)
    return _respond(request, short_link_levels(serial))


@csrf_exempt
def description(request: HttpRequest) -> HttpResponse:
    """`/.well-known/gs1resolver`: what this resolver supports (GS1 Resolver 1.2 description file)."""
    if request.method == "OPTIONS":
        return _options()
    if request.method not in ("GET", "HEAD"):
        return _method_not_allowed()
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
    return _cors(response)
