"""App config for backend.insights."""

from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "backend.insights"
    label = "insights"
