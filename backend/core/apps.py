"""App config for cross-cutting helpers (text folding, money, health)."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "backend.core"
    label = "core"
