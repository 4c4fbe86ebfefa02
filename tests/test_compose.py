"""compose.yaml describes the production stack (Docker cannot run here, so we check its shape)."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_it_names_the_production_services():
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(_compose()["services"])


def test_postgres_keeps_data_in_a_volume_and_services_have_health_checks():
    services = _compose()["services"]
    assert any(v.startswith("pgdata:") for v in services["postgres"]["volumes"])
    for name in ("postgres", "redis", "web", "worker"):
        assert "healthcheck" in services[name], name


def test_web_migrates_on_start_and_runs_gunicorn():
    command = _compose()["services"]["web"]["command"]
    assert "migrate" in command and "gunicorn" in command


def test_app_services_run_in_production_mode_with_redis_and_postgres():
    services = _compose()["services"]
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DJANGO_ENV"] == "production"
        assert env["REDIS_URL"].startswith("redis://redis")
        assert env["DATABASE_URL"].startswith("postgres://")


def test_no_secrets_are_committed():
    text = (ROOT / "compose.yaml").read_text()
    assert "SECRET_KEY=" not in text
    assert "${POSTGRES_PASSWORD:?" in text
    assert not (ROOT / ".env").exists() or ".env" in (ROOT / ".gitignore").read_text()


def test_the_dockerfile_builds_web_and_worker_from_one_image():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "gunicorn" in dockerfile and "collectstatic" in dockerfile
