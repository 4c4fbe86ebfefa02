"""Catalog URLs outside GraphQL: thumbnail renditions."""

from django.urls import path

from backend.catalog import views

app_name = "catalog"

urlpatterns = [
    path("<int:media_id>/<int:size>/<str:signature>.webp", views.thumbnail, name="thumbnail"),
]
