"""App config for backend.discounts (vouchers: promo codes funded by a stall or the platform)."""

from django.apps import AppConfig


class DiscountsConfig(AppConfig):
    name = "backend.discounts"
    label = "discounts"
