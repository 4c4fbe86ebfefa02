"""Browsing URLs (home, search, categories, products, stalls, sitemap, robots, manifest)."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from storefront.browse import views
from storefront.browse.sitemaps import SITEMAPS

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("categories/<slug:slug>/", views.category_detail, name="category"),
    path("products/<slug:slug>/", views.product_detail, name="product"),
    path("stalls/<slug:slug>/", views.stall_detail, name="stall"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
]
