from tests.backend.catalog.defaults_fixture import _catalog_defaults, _fast_password_hashing

__all__ = ["_catalog_defaults", "_fast_password_hashing"]
