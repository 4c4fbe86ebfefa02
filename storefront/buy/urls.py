"""Buying URLs (cart, checkout, payment, confirmation, order tracking)."""

from django.urls import path

from storefront.buy import views

urlpatterns = [
    path("cart/", views.cart, name="cart"),
    path("cart/add/", views.cart_add, name="cart_add"),
    path("cart/update/", views.cart_update, name="cart_update"),
    path("cart/remove/", views.cart_remove, name="cart_remove"),
]
