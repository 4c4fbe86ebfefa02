"""Production end to end: vendored assets, collectstatic under production settings, gunicorn behind
nginx running deploy/nginx's template; the home page, a static file, a product photo and its
thumbnail all answer through nginx over TLS.

Production settings need Redis, and gunicorn must read what the test wrote, so the test uses the
real PostgreSQL test database with committed rows.
"""

import http.client
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from backend.catalog.actions import product_media_create
from backend.catalog.models import Thumbnail
from backend.catalog.thumbnails import thumbnail_path
from tests.backend.catalog.factories import image_upload, make_product
from tests.deploy.edge import free_port, running_edge, wait_for_port
from tests.factories import make_stall, make_user

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
VENDORED = ROOT / "static" / "vendor" / "graphiql" / "graphiql.min.js"


def _vendor_assets() -> None:
    """What `make run` does first (`make assets`): npm packages copied into static/vendor/."""
    subprocess.run(["make", "-s", "assets"], cwd=ROOT, check=True, capture_output=True, timeout=600)
    if not VENDORED.exists():
        message = "npm is missing, so GraphiQL could not be vendored (apt-get install -y npm)"
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)


def _database_url() -> str:
    db = connection.settings_dict
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{host}:{port}/{db['NAME']}"


def _production_env(var: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}}
    return {
        **keep,
        "DJANGO_ENV": "production",
        # The test's own key, so the thumbnail URL signed here verifies in gunicorn.
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "STAMP_SIGNING_KEYS": ",".join(f"{k}:{v}" for k, v in settings.STAMP_SIGNING_KEYS.items()),
        "VAR_DIR": str(var),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PRIVATE_MEDIA_ROOT": str(var / "private"),
        "TRUSTED_PROXIES": "127.0.0.1",
    }


@pytest.fixture
def stack(tmp_path):
    """Seeded data, collected static files, gunicorn and nginx; yields (edge, product, media)."""
    _vendor_assets()
    product = make_product(make_stall(make_user()), "Kẹo dừa sáp Bến Tre")
    # Committed at once (transactional test), so the thumbnail task runs eagerly right here.
    media = product_media_create(product=product, upload=image_upload("PNG", (300, 200)), alt="ảnh")
    assert Thumbnail.objects.filter(media=media).exists()

    var = tmp_path / "var"
    (var / "private").mkdir(parents=True)
    env = _production_env(var)
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert collect.returncode == 0, collect.stdout[-2000:] + collect.stderr[-4000:]
    assert (var / "static" / "staticfiles.json").exists()

    port = free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "backend.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", "1", "--access-logfile", "-"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port, gunicorn, timeout=60)
        with running_edge(
            tmp_path / "nginx",
            upstream=f"127.0.0.1:{port}",
            static_root=var / "static",
            media_root=Path(settings.MEDIA_ROOT),
            private_root=var / "private",
            max_body=settings.UPLOAD_MAX_REQUEST_BYTES,
        ) as edge:
            yield edge, product, media
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
        log.close()
        # gunicorn's connections are gone before pytest-django flushes the test database.
        connection.close()


def _get(edge, path: str) -> tuple[http.client.HTTPResponse, bytes]:
    client = http.client.HTTPSConnection("127.0.0.1", edge.https_port, context=edge.tls, timeout=30)
    try:
        client.request("GET", path, headers={"Host": "127.0.0.1", "Accept-Language": "vi"})
        response = client.getresponse()
        return response, response.read()
    finally:
        client.close()


def test_home_static_photo_and_thumbnail_answer_through_nginx(stack):
    edge, product, media = stack

    home, body = _get(edge, "/")
    html = body.decode()
    assert home.status == 200, html[:2000]
    assert home.getheader("Content-Type").startswith("text/html")
    assert product.name in html
    # Behind the trusted proxy the app knows the request was HTTPS.
    assert "max-age=" in home.getheader("Strict-Transport-Security")
    assert "script-src 'self'" in home.getheader("Content-Security-Policy")

    stylesheet = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', html)
    assert stylesheet, "the page names the hashed stylesheet from the manifest"
    css, css_body = _get(edge, stylesheet.group(1))
    assert css.status == 200 and css.getheader("Content-Type") == "text/css" and css_body
    assert "immutable" in css.getheader("Cache-Control")

    photo, photo_body = _get(edge, media.image.url)
    assert photo.status == 200 and photo.getheader("Content-Type") == "image/png"
    assert photo_body.startswith(b"\x89PNG")

    thumb, thumb_body = _get(edge, thumbnail_path(media.pk, 256))
    assert thumb.status == 200, thumb_body[:500]
    assert thumb.getheader("Content-Type") == "image/webp"
    assert thumb_body[:4] == b"RIFF" and thumb_body[8:12] == b"WEBP"


def test_health_and_the_plain_http_redirect(stack):
    edge, _product, _media = stack
    health, body = _get(edge, "/healthz")
    assert health.status == 200 and json.loads(body)["status"] == "ok"
    plain = http.client.HTTPConnection("127.0.0.1", edge.http_port, timeout=10)
    plain.request("GET", "/", headers={"Host": "127.0.0.1"})
    assert plain.getresponse().status == 301
