"""Public traceability URLs at the site root: the GS1 resolver paths, the scan page and EPCIS.

Included before the storefront so `/01/…` and `/t/…` are never shadowed; both stamp forms must
resolve forever, so these paths never change. A compressed Digital Link is one root segment: its
converter claims the segment only when it decodes, so every other URL falls through to the
storefront and its 404 page.
"""

from django.urls import path, re_path, register_converter

from traceability import resolver, views
from traceability.compression import MAX_LENGTH, MIN_LENGTH, DecompressedLink, digital_link_decompress
from traceability.scan_limits import scan_rate_limited


class CompressedLinkConverter:
    """A path segment that decodes as a compressed GTIN link (a ValueError makes Django try the next URL)."""

    regex = f"[A-Za-z0-9_-]{{{MIN_LENGTH},{MAX_LENGTH}}}"  # the URI-safe base64 alphabet

    def to_python(self, value: str) -> DecompressedLink:
        return digital_link_decompress(value)

    def to_url(self, value: DecompressedLink | str) -> str:
        return value.compressed if isinstance(value, DecompressedLink) else value


register_converter(CompressedLinkConverter, "gs1compressed")

app_name = "traceability"

urlpatterns = [
    path(".well-known/gs1resolver", resolver.description, name="resolver_description"),
    path("resolver/linkset-context.jsonld", resolver.linkset_context, name="linkset_context"),
    re_path(r"^01(?:/(?P<rest>.*))?$", resolver.digital_link, name="digital_link"),
    re_path(r"^t/(?P<serial>.+)$", resolver.short_link, name="short_link"),
    re_path(r"^scan/(?P<path>(?:01|t)/.+)$", scan_rate_limited(views.scan_page), name="scan"),
    re_path(r"^epcis/(?P<path>(?:01|t)/.+)$", views.lot_epcis, name="epcis"),
    path("<gs1compressed:link>", resolver.compressed_link, name="compressed_link"),
]
