"""The content app: navigation menus and static pages the shop and API clients show."""

from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "backend.content"
    label = "content"
