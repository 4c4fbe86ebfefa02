"""compose.yaml describes the production stack (Docker cannot run here, so we check its shape)."""

import ipaddress
import os
import re
import subprocess
import sys
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


# --- The edge: nginx before gunicorn (deploy/nginx), item 10 of issue 8 ----------------------

TEMPLATE = "deploy/nginx/nongsan.conf.template"


def _default(value: str) -> str:
    """`${NAME:-default}` → default (what compose uses when .env does not set NAME)."""
    match = re.fullmatch(r"\$\{\w+:-([^}]*)\}", str(value))
    return match.group(1) if match else str(value)


def test_nginx_is_the_only_published_service():
    services = _compose()["services"]
    assert services["nginx"]["image"].startswith("nginx:") and "bookworm" in services["nginx"]["image"]
    assert sorted(services["nginx"]["ports"]) == ["443:443", "80:80"]
    published = [name for name, service in services.items() if "ports" in service]
    assert published == ["nginx"]
    assert "healthcheck" in services["nginx"]


def test_nginx_runs_the_template_the_tests_run():
    nginx = _compose()["services"]["nginx"]
    mounts = {v.split(":")[1]: v.split(":")[0] for v in nginx["volumes"]}
    assert mounts["/etc/nginx/templates/default.conf.template"] == f"./{TEMPLATE}"
    # Every variable of the template is given, so envsubst leaves no `${…}` for nginx to choke on.
    wanted = set(re.findall(r"\$\{(\w+)\}", (ROOT / TEMPLATE).read_text()))
    assert wanted and wanted <= set(nginx["environment"])


def test_nginx_serves_the_volumes_the_app_writes_read_only():
    services = _compose()["services"]
    app_mounts = {v.split(":")[0]: v.split(":")[1] for v in services["web"]["volumes"]}
    assert app_mounts == {
        "static": "/app/var/static",
        "media": "/app/var/media",
        "private": "/app/var/private",
    }
    nginx = services["nginx"]
    nginx_mounts = {v.split(":")[0]: v.split(":")[1:] for v in nginx["volumes"]}
    env = nginx["environment"]
    for volume, variable in (
        ("static", "NONGSAN_STATIC_ROOT"),
        ("media", "NONGSAN_MEDIA_ROOT"),
        ("private", "NONGSAN_PRIVATE_ROOT"),
    ):
        assert nginx_mounts[volume] == [env[variable], "ro"], volume
    for name in ("web", "worker", "beat"):
        assert services[name]["volumes"] == services["web"]["volumes"], name


def test_private_documents_are_internal_and_at_the_prefix_the_app_redirects_to():
    from django.conf import settings

    template = (ROOT / TEMPLATE).read_text()
    prefix = settings.PRIVATE_MEDIA_ACCEL_PREFIX
    block = re.search(r"location " + re.escape(prefix) + r" \{(.*?)\n    \}", template, re.S)
    assert block and re.search(r"^\s*internal;", block.group(1), re.M)
    assert "${NONGSAN_PRIVATE_ROOT}" in block.group(1)
    media = re.search(r"location /media/ \{(.*?)\n    \}", template, re.S)
    assert "${NONGSAN_MEDIA_ROOT}" in media.group(1)


def test_the_body_cap_matches_the_apps_upload_limit():
    from django.conf import settings

    services = _compose()["services"]
    app_limit = _default(services["web"]["environment"]["UPLOAD_MAX_REQUEST_BYTES"])
    nginx_limit = _default(services["nginx"]["environment"]["NONGSAN_MAX_BODY"])
    assert int(app_limit) == int(nginx_limit) == settings.UPLOAD_MAX_REQUEST_BYTES
    assert "client_max_body_size ${NONGSAN_MAX_BODY};" in (ROOT / TEMPLATE).read_text()


def test_the_app_trusts_exactly_nginxs_address_in_its_own_subnet():
    compose = _compose()
    services = compose["services"]
    address = _default(services["nginx"]["networks"]["app"]["ipv4_address"])
    subnet = _default(compose["networks"]["app"]["ipam"]["config"][0]["subnet"])
    assert ipaddress.ip_address(address) in ipaddress.ip_network(subnet)
    for name in ("web", "worker", "beat"):
        assert _default(services[name]["environment"]["TRUSTED_PROXIES"]) == address


def test_web_health_check_needs_no_forged_forwarded_header():
    test = " ".join(_compose()["services"]["web"]["healthcheck"]["test"])
    assert "X-Forwarded-Proto" not in test and "/healthz" in test


def test_the_build_context_leaves_out_local_state():
    ignored = (ROOT / ".dockerignore").read_text().split()
    for entry in (".venv", "var", "node_modules", ".git", ".env", ".pytest_cache", "static/vendor"):
        assert entry in ignored, entry


def test_the_dockerfile_collectstatic_environment_is_enough_for_production_settings():
    # The build runs collectstatic under production settings: every variable they require is set.
    dockerfile = (ROOT / "Dockerfile").read_text()
    run = dockerfile[dockerfile.index("RUN pip install") : dockerfile.index("collectstatic")]
    env = dict(re.findall(r"(\b[A-Z_]+)=(\S+)", run))
    clean = {k: v for k, v in os.environ.items() if k not in env and not k.startswith(("DJANGO", "REDIS"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**clean, **env, "DJANGO_ENV": "production"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
