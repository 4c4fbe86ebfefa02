"""Dashboard URLs under /dashboard/: the landing page plus one sub-package per area.

Each area (catalog, orders, payments, traceability) lives in `backend/dashboard/<area>/` with its own
views, forms and urls, and templates under `templates/dashboard/<area>/`.
"""

from django.urls import include, path

from backend.dashboard import documents, views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    # Restricted documents, permission-checked (also opened with a Bearer token from documentUrl).
    path("documents/ocop/<int:certificate_id>/", documents.ocop_document, name="ocop_document"),
    path(
        "documents/certifications/<int:certification_id>/",
        documents.certification_document,
        name="certification_document",
    ),
    path("payments/", include("backend.dashboard.payments.urls")),
    path("", include("backend.dashboard.catalog.urls")),
    path("", include("backend.dashboard.stall.urls")),
    path("", include("backend.dashboard.traceability.urls")),
    path("", include("backend.dashboard.orders.urls")),
    path("", include("backend.dashboard.reviews.urls")),
    path("", include("backend.dashboard.discounts.urls")),
    path("", include("backend.dashboard.insights.urls")),
]
