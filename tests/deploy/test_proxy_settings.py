"""X-Forwarded-Proto is believed only when TRUSTED_PROXIES says a proxy is in front (production
settings, each case in a fresh process since settings are read at start; /graphql/ is probed
because it renders no template, so it needs no collected static files)."""

import json

from tests.backend.test_settings import PRODUCTION_ENV, _manage

PROBE = (
    "import json; from django.conf import settings; from django.test import Client; "
    "c = Client(HTTP_HOST='nongsan.example.vn'); "
    "r = c.get('/graphql/', {'query': '{ __typename }'}, HTTP_X_FORWARDED_PROTO='https'); "
    "print(json.dumps({'header': settings.SECURE_PROXY_SSL_HEADER, 'status': r.status_code, "
    "'location': r.get('Location'), 'health': c.get('/healthz').status_code}))"
)


def _probe(**env: str) -> dict:
    result = _manage("shell", "-c", PROBE, env={**PRODUCTION_ENV, **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_a_proxy_a_client_cannot_claim_https():
    probe = _probe()
    assert probe["header"] is None
    assert probe["status"] == 301 and probe["location"].startswith("https://nongsan.example.vn/")


def test_behind_a_trusted_proxy_the_forwarded_scheme_counts():
    probe = _probe(TRUSTED_PROXIES="172.30.0.10")
    assert probe["header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert probe["status"] == 200


def test_health_probes_over_plain_http_are_not_redirected():
    assert _probe()["health"] != 301


def test_check_deploy_is_clean_behind_the_proxy():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**PRODUCTION_ENV, "TRUSTED_PROXIES": "172.30.0.10"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
