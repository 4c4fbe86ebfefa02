"""Browsing URLs (home, search, categories, products, stalls, sitemap, robots, manifest)."""

from django.urls import path

from storefront.browse import views

urlpatterns = [
    path("", views.home, name="home"),
    path("products/<slug:slug>/", views.product_detail, name="product"),
]
