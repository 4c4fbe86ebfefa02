"""App config for lots, diaries, stamps and the GS1 resolver."""

from django.apps import AppConfig


class TraceabilityConfig(AppConfig):
    name = "traceability"
