"""App config for backend.carriers: parcel carriers' APIs, master data and tracking states."""

from django.apps import AppConfig


class CarriersConfig(AppConfig):
    name = "backend.carriers"
    label = "carriers"
    default_auto_field = "django.db.models.BigAutoField"
