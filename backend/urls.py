"""URL map: shop, accounts, dashboard, GraphQL, health, admin, language switch."""

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.static import serve

from backend.core.health import healthz
from backend.graphql.core.view import NongSanGraphQLView

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("graphql/", NongSanGraphQLView.as_view(graphiql=settings.DEBUG), name="graphql"),
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
