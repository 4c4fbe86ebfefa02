"""deploy/nginx/nongsan.conf.template on Debian's nginx, in front of a stand-in upstream that echoes
what reached it (so the forwarded headers can be read) and answers X-Accel-Redirect on request."""

import http.client
import json
import threading
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

from tests.deploy.edge import running_edge

PDF = b"%PDF-1.4 private decision\n"
MAX_BODY = 64 * 1024


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def _upstream(environ, start_response):
    """Echo the request; `/document` hands a private file to nginx as the real view does."""
    body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    if environ["PATH_INFO"] == "/document":
        start_response(
            "200 OK",
            [
                ("X-Accel-Redirect", "/_private/ocop/3f9c2a.pdf"),
                ("Content-Type", "application/pdf"),
                ("Content-Disposition", 'attachment; filename="quyet-dinh.pdf"'),
                # What backend.core.storage.private_file_response sends along.
                ("Cache-Control", "private, no-store"),
                ("X-Content-Type-Options", "nosniff"),
            ],
        )
        return [b""]
    headers = {key: value for key, value in environ.items() if key.startswith("HTTP_")}
    echo = {"path": environ["PATH_INFO"], "headers": headers, "body_bytes": len(body)}
    start_response("200 OK", [("Content-Type", "application/json")])
    return [json.dumps(echo).encode()]


@pytest.fixture(scope="module")
def edge(tmp_path_factory):
    root = tmp_path_factory.mktemp("edge")
    static, media, private = root / "static", root / "media", root / "private"
    (static / "css").mkdir(parents=True)
    (static / "css" / "app.css").write_text("body{}")
    (static / "css" / "app.0123456789ab.css").write_text("body{}")
    (media / "products").mkdir(parents=True)
    (media / "products" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n fake")
    (media / "products" / "page.html").write_text("<script>alert(1)</script>")
    (private / "ocop").mkdir(parents=True)
    (private / "ocop" / "3f9c2a.pdf").write_bytes(PDF)
    server = make_server("127.0.0.1", 0, _upstream, server_class=WSGIServer, handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with running_edge(
            root / "nginx",
            upstream=f"127.0.0.1:{server.server_port}",
            static_root=static,
            media_root=media,
            private_root=private,
            max_body=MAX_BODY,
        ) as running:
            yield running
    finally:
        server.shutdown()


def _request(edge, method, path, body=None, headers=None):
    connection = http.client.HTTPSConnection("127.0.0.1", edge.https_port, context=edge.tls, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response, response.read()
    finally:
        connection.close()


def test_plain_http_is_redirected_to_https(edge):
    connection = http.client.HTTPConnection("127.0.0.1", edge.http_port, timeout=10)
    connection.request("GET", "/products/keo-dua/?q=1", headers={"Host": "nongsan.vn"})
    response = connection.getresponse()
    assert response.status == 301
    assert response.getheader("Location") == "https://nongsan.vn/products/keo-dua/?q=1"


def test_static_files_are_served_from_the_static_root_with_long_cache_for_hashed_names(edge):
    response, body = _request(edge, "GET", "/static/css/app.0123456789ab.css")
    assert (response.status, body) == (200, b"body{}")
    assert response.getheader("Content-Type") == "text/css"
    assert "immutable" in response.getheader("Cache-Control")
    response, _ = _request(edge, "GET", "/static/css/app.css")
    assert response.status == 200
    assert response.getheader("Cache-Control") == "public, max-age=3600"


def test_public_media_is_served_and_can_never_run_as_a_page(edge):
    response, body = _request(edge, "GET", "/media/products/photo.png")
    assert response.status == 200 and body.startswith(b"\x89PNG")
    assert response.getheader("Content-Type") == "image/png"
    response, _ = _request(edge, "GET", "/media/products/page.html")
    assert "sandbox" in response.getheader("Content-Security-Policy")
    assert response.getheader("X-Content-Type-Options") == "nosniff"


@pytest.mark.parametrize(
    "path",
    ["/_private/ocop/3f9c2a.pdf", "/media/../private/ocop/3f9c2a.pdf", "/static/../private/ocop/3f9c2a.pdf"],
)
def test_private_documents_are_not_reachable_directly(edge, path):
    response, body = _request(edge, "GET", path)
    # `..` is resolved before locations match, so these reach the app (here the echo), not a file.
    assert PDF not in body
    if path.startswith("/_private/"):
        assert response.status == 404
    else:
        assert json.loads(body)["path"] == path


def test_private_documents_are_served_through_x_accel_redirect(edge):
    response, body = _request(edge, "GET", "/document")
    assert (response.status, body) == (200, PDF)
    assert response.getheader("Content-Type") == "application/pdf"
    assert response.getheader("Content-Disposition") == 'attachment; filename="quyet-dinh.pdf"'
    assert response.getheader("X-Accel-Redirect") is None
    assert response.headers.get_all("Cache-Control") == ["private, no-store"]
    assert response.headers.get_all("X-Content-Type-Options") == ["nosniff"]
    assert "sandbox" in response.getheader("Content-Security-Policy")


def test_forwarded_headers_are_set_by_nginx_not_by_the_client(edge):
    spoofed = {
        "Host": "nongsan.vn",
        "X-Forwarded-For": "203.0.113.9",
        "X-Forwarded-Proto": "http",
        "X-Forwarded-Host": "evil.example",
        "X-Real-IP": "203.0.113.9",
        "Forwarded": "for=203.0.113.9;proto=https",
        "Proxy": "http://evil.example",
    }
    response, body = _request(edge, "GET", "/anything", headers=spoofed)
    headers = json.loads(body)["headers"]
    assert headers["HTTP_X_FORWARDED_FOR"] == "127.0.0.1"
    assert headers["HTTP_X_FORWARDED_PROTO"] == "https"
    assert headers["HTTP_HOST"] == "nongsan.vn"
    for absent in ("HTTP_X_FORWARDED_HOST", "HTTP_X_REAL_IP", "HTTP_FORWARDED", "HTTP_PROXY"):
        assert absent not in headers


def test_request_bodies_are_capped(edge):
    response, body = _request(edge, "POST", "/upload", body=b"x" * MAX_BODY)
    assert response.status == 200 and json.loads(body)["body_bytes"] == MAX_BODY
    response, _ = _request(edge, "POST", "/upload", body=b"x" * (MAX_BODY + 1))
    assert response.status == 413
