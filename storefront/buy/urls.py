"""Buying URLs (cart, checkout, payment, confirmation, order tracking)."""

from django.urls import path

from storefront.buy import checkout, orders, views

urlpatterns = [
    path("cart/", views.cart, name="cart"),
    path("cart/add/", views.cart_add, name="cart_add"),
    path("cart/update/", views.cart_update, name="cart_update"),
    path("cart/remove/", views.cart_remove, name="cart_remove"),
    path("checkout/", checkout.checkout, name="checkout"),
    path("regions/<int:code>/communes.json", checkout.communes, name="communes"),
    path("orders/<str:token>/", orders.order, name="order"),
    path("orders/<str:token>/status.json", orders.order_status, name="order_status"),
    path("orders/<str:token>/qr.svg", orders.order_qr, name="order_qr"),
    path("orders/<str:token>/cancel/", orders.order_cancel_view, name="order_cancel"),
    path("orders/<str:token>/pay/card/", orders.order_pay_card, name="order_pay_card"),
]
