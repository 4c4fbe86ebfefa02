"""App config for backend.catalog."""

from django.apps import AppConfig

from backend.stalls.signals import stall_renamed


class CatalogConfig(AppConfig):
    name = "backend.catalog"
    label = "catalog"

    def ready(self) -> None:
        # Imported here, not at the top: receivers import actions and models, which need the app
        # registry that is only ready once every app config is loaded.
        from backend.catalog.receivers import search_documents_refresh_on_rename

        stall_renamed.connect(search_documents_refresh_on_rename, dispatch_uid="catalog.search_on_rename")
