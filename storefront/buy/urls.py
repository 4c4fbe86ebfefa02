"""Buying URLs (cart, checkout, payment, confirmation, order tracking)."""

urlpatterns: list = []
