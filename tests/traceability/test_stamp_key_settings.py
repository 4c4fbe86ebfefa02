"""Production refuses to start without stamp signing keys (like SECRET_KEY); the active key must exist."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "s" * 20 + "Xq7#vT2!mZ9@kL4$wR8%nB6^cY1&hJ3*fD5",
    "ALLOWED_HOSTS": "nongsan.example.vn",
    "REDIS_URL": "redis://127.0.0.1:6379/9",
    "DATABASE_URL": "postgres://nongsan:nongsan@127.0.0.1:5432/nongsan",
    "STAMP_SIGNING_KEYS": "k1:" + "a" * 40 + ",k2:" + "b" * 40,
}
PRINT_KEYS = (
    "from django.conf import settings as s; print(s.STAMP_ACTIVE_KEY_ID, sorted(s.STAMP_SIGNING_KEYS))"
)


def _shell(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ENV and k != "STAMP_ACTIVE_KEY_ID"}
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PRINT_KEYS],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_keys_parse_and_the_last_one_signs_by_default():
    result = _shell(ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "k2 ['k1', 'k2']"


def test_production_refuses_missing_or_short_keys():
    for keys in ("", "k1:short"):
        result = _shell({**ENV, "STAMP_SIGNING_KEYS": keys})
        assert result.returncode != 0 and "STAMP_SIGNING_KEYS" in result.stderr


def test_active_key_must_be_one_of_the_keys():
    result = _shell({**ENV, "STAMP_ACTIVE_KEY_ID": "k9"})
    assert result.returncode != 0 and "STAMP_ACTIVE_KEY_ID" in result.stderr
