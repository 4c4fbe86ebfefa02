"""The links a GS1 Digital Link resolves to, level by level, and the public paths they point at.

Kept apart from the resolver's views so the scan page and the dashboard can build the same paths
without importing a view module. Every href is a path on this site; the resolver makes it absolute.
"""

from dataclasses import dataclass, field
from urllib.parse import quote

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from backend.catalog.models import Product
from traceability import signing
from traceability.gs1 import DigitalLink, short_link_path
from traceability.models import Lot, LotStatus
from traceability.selectors import (
    certifications_for_lot,
    lot_public_by_gtin,
    stamp_public_by_serial,
    variant_for_gtin,
)

GS1_VOCABULARY = "https://gs1.org/voc/"
# Every namespace URI GS1 publishes its vocabulary under; `gs1:pip` is the same link type in each.
GS1_VOCABULARY_FORMS = tuple(
    f"{scheme}://{host}/voc/"
    for scheme in ("https", "http")
    for host in ("gs1.org", "ref.gs1.org", "www.gs1.org")
)
DEFAULT_LINK = "gs1:defaultLink"
PIP = "gs1:pip"
TRACEABILITY = "gs1:traceability"
CERTIFICATION_INFO = "gs1:certificationInfo"
RECALL_STATUS = "gs1:recallStatus"
# Paths of the pages the links point at; built by hand because lot codes keep their %-escapes.
SCAN_PREFIX = "/scan"
EPCIS_PREFIX = "/epcis"


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


def link_type_normalize(link_type: str) -> str:
    """A GS1 link type in its `gs1:` form, whichever of GS1's namespace URIs it was written with."""
    for namespace in GS1_VOCABULARY_FORMS:
        if link_type.startswith(namespace):
            return "gs1:" + link_type.removeprefix(namespace)
    return link_type


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


def product_page_url(product: Product) -> str:
    """The storefront's product page (gs1:pip and the scan page's "buy again")."""
    return reverse("storefront:product", kwargs={"slug": product.slug})


def _ocop_visible(product: Product) -> bool:
    certificate = product.ocop_certificate
    return bool(certificate and certificate.badge_visible())


def _product_links(product: Product) -> list[Link]:
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
    variant = lot.variant if lot else variant_for_gtin(gtin=link.gtin)
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
