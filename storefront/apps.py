"""App config for the consumer web shop."""

from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    name = "storefront"
