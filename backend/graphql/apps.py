"""App config for backend.graphql."""

from django.apps import AppConfig


class GraphqlConfig(AppConfig):
    name = "backend.graphql"
    label = "nongsan_graphql"
