"""App config for backend.stalls."""

from django.apps import AppConfig


class StallsConfig(AppConfig):
    name = "backend.stalls"
    label = "stalls"
