"""App config for backend.orders."""

from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "backend.orders"
    label = "orders"
