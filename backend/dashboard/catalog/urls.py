"""Catalog pages under /dashboard/: one stall's products, variants, photos, stock and import."""

from django.urls import path

from backend.dashboard.catalog import views

app_name = "catalog"

_stall = "stalls/<int:stall_id>/"
_product = _stall + "products/<int:product_id>/"
_variant = _product + "variants/<int:variant_id>/"

urlpatterns = [
    path("catalog/", views.index, name="index"),
    path("catalog/communes/", views.communes, name="communes"),
    path("catalog/import-template.csv", views.import_template, name="import_template"),
    path(_stall + "products/", views.product_list, name="product_list"),
    path(_stall + "products/new/", views.product_new, name="product_new"),
    path(_stall + "products/import/", views.product_import, name="product_import"),
    path(_stall + "warehouses/", views.warehouses, name="warehouses"),
    path(_product, views.product_edit, name="product_edit"),
    path(_product + "delete/", views.product_remove, name="product_delete"),
    path(_product + "variants/new/", views.variant_new, name="variant_new"),
    path(_product + "photos/new/", views.media_new, name="media_new"),
    path(_product + "photos/<int:media_id>/delete/", views.media_remove, name="media_delete"),
    path(_variant, views.variant_edit, name="variant_edit"),
    path(_variant + "prices/", views.variant_prices, name="variant_prices"),
    path(_variant + "stock/", views.variant_stock, name="variant_stock"),
    path(_variant + "delete/", views.variant_remove, name="variant_delete"),
]
