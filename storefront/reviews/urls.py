"""Review URLs: a product's reviews and the form a buyer writes one with."""

from django.urls import path

from storefront.reviews import views

urlpatterns = [
    path("products/<slug:slug>/reviews/", views.product_reviews, name="product_reviews"),
    path("products/<slug:slug>/review/", views.review_new, name="review_new"),
]
