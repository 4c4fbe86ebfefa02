"""Fixtures shared by the catalog and stall test packages."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # These tests create many users; Argon2's deliberate slowness adds nothing here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _catalog_defaults(request):
    """Channels and categories come from a data migration; a transactional test run earlier flushes
    them, so database tests re-ensure them."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("db")
    from backend.catalog.defaults import defaults_ensure
    from backend.catalog.models import Category, Channel

    defaults_ensure(Channel, Category)
