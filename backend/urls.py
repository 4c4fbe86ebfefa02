"""URL map: shop, accounts, dashboard, GraphQL, health, admin, language switch."""

from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.static import serve

from backend.core.health import healthz
from backend.graphql.core.view import NongSanGraphQLView

# GraphiQL (development only) keeps the strict policy except for the fonts its stylesheet embeds
# as data: URLs; in production /graphql/ answers JSON only, which loads no fonts.
_graphiql_fonts = csp_update({"font-src": ["'self'", "data:"]})
graphql_view = _graphiql_fonts(NongSanGraphQLView.as_view(graphiql=settings.DEBUG))

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("graphql/", graphql_view, name="graphql"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("backend.accounts.urls")),
    path("dashboard/", include("backend.dashboard.urls")),
    path("webhooks/", include("backend.payments.urls")),
    path("thumbnail/", include("backend.catalog.urls")),
    path("admin/", admin.site.urls),
    path("", include("traceability.urls")),
    path("", include("storefront.urls")),
]


def _media(request: HttpRequest, path: str) -> HttpResponse:
    # MEDIA_ROOT is read per request (tests point it at a fresh folder each time).
    return serve(request, path, document_root=settings.MEDIA_ROOT)


if not settings.PRODUCTION:
    # In production a web server or object storage serves uploaded media.
    urlpatterns.append(path("media/<path:path>", _media))
