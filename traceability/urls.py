"""Public traceability URLs at the site root: the GS1 resolver paths, the scan page and EPCIS.

Included before the storefront so `/01/…` and `/t/…` are never shadowed; both stamp forms must
resolve forever, so these paths never change.
"""

from django.urls import path, re_path

from traceability import resolver, views
from traceability.scan_limits import scan_rate_limited

app_name = "traceability"

urlpatterns = [
    path(".well-known/gs1resolver", resolver.description, name="resolver_description"),
    re_path(r"^01(?:/(?P<rest>.*))?$", resolver.digital_link, name="digital_link"),
    re_path(r"^t/(?P<serial>.+)$", resolver.short_link, name="short_link"),
    re_path(r"^scan/(?P<path>(?:01|t)/.+)$", scan_rate_limited(views.scan_page), name="scan"),
    re_path(r"^epcis/(?P<path>(?:01|t)/.+)$", views.lot_epcis, name="epcis"),
]
