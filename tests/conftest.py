"""Suite-wide fixtures: real-service markers, isolated media, eager Celery, clean cache."""

import os

import pytest
import redis
from celery._state import _set_task_join_will_block
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from backend.celery import app as celery_app

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def _missing(reason: str) -> None:
    # In CI a missing service is a failure: tests that need it must never pass by skipping.
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1)")
    pytest.skip(reason)


def redis_available() -> bool:
    if not settings.REDIS_URL:
        return False
    try:
        return bool(redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture(autouse=True)
def _require_marked_services(request):
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        _missing("needs PostgreSQL: set DATABASE_URL=postgres://…")
    if request.node.get_closest_marker("redis") and not redis_available():
        _missing("needs Redis: set REDIS_URL=redis://…")


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _isolated_private_media(settings, tmp_path):
    # Restricted documents and label files (backend.core.storage), beside but outside MEDIA_ROOT.
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Suites create many users; Argon2's deliberate slowness adds nothing there. The tests that
    # prove Argon2 is the production hasher restore tests.factories.PROJECT_PASSWORD_HASHERS.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _catalog_defaults(request):
    """Channels and categories come from a data migration, and a transactional test flushes them;
    every database test starts with them present, as in a migrated database."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("db")
    from backend.catalog.defaults import defaults_ensure
    from backend.catalog.models import Category, Channel

    defaults_ensure(Channel, Category)


@pytest.fixture(autouse=True)
def _no_real_stripe(settings):
    # Nothing in the suite may reach api.stripe.com: tests that pay by card start tests/fakes'
    # server and override this; anything else fails fast on a closed local port.
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"


@pytest.fixture(autouse=True)
def _eager_celery():
    # Unit and API tests run tasks in-process; tests/backend/test_celery_worker.py uses a real worker.
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous
    # An eager task runs under Celery's process-global "joining would block" flag, saved and
    # restored without a lock: eager tasks sent from several threads at once (the checkout race
    # tests' on-commit hooks) can leave it set, and a later `result.get()` in the test process
    # would then refuse to wait. Nothing in the app joins a result; reset it between tests.
    _set_task_join_will_block(False)


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()
