"""App config for the demo data, so `seed_demo` and `demo_info` are management commands."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "backend.demo"
    label = "demo"
