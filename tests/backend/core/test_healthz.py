"""GET /healthz reports each configured dependency; 503 when one is down."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_reports_the_database(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_it_answers_503_when_configured_redis_is_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "down", "database": "ok", "redis": "down"}


@pytest.mark.redis
def test_it_reports_real_redis(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["redis"] == "ok"


def test_it_is_not_cached(client, settings):
    settings.REDIS_URL = ""
    assert "no-cache" in client.get("/healthz")["Cache-Control"]
