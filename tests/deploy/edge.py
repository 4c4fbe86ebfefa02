"""Run Debian's nginx on deploy/nginx/nongsan.conf.template, rendered as the nginx image renders it.

The image's entrypoint runs `envsubst` with the names of the variables it was given, so nginx's own
`$host`, `$uri`… stay untouched; `render` does exactly that. Only the outer `nginx.conf` (pid file,
logs and temp paths under a temporary folder) is test scaffolding; every location is the real one.
"""

import os
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "deploy" / "nginx" / "nongsan.conf.template"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def require(binary: str) -> str:
    path = shutil.which(binary) or (NGINX if binary == "nginx" and os.path.exists(NGINX) else None)
    if path is None:
        message = f"{binary} is missing (run scripts/ensure_nginx.sh)"
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


def render(variables: dict[str, str]) -> str:
    """The template with `variables` substituted by envsubst, as the nginx image does."""
    names = " ".join(f"${{{name}}}" for name in variables)
    result = subprocess.run(
        [require("envsubst"), names],
        input=TEMPLATE.read_text(),
        capture_output=True,
        text=True,
        env={**os.environ, **variables},
        check=True,
    )
    return result.stdout


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            require("openssl"),
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@dataclass
class Edge:
    http_port: int
    https_port: int
    tls: ssl.SSLContext
    folder: Path

    def url(self, path: str) -> str:
        return f"https://127.0.0.1:{self.https_port}{path}"


@contextmanager
def running_edge(
    folder: Path, *, upstream: str, static_root: Path, media_root: Path, private_root: Path, max_body: int
) -> Iterator[Edge]:
    """nginx on two free loopback ports in front of `upstream`, stopped on exit."""
    nginx = require("nginx")
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = self_signed_certificate(folder)
    http_port, https_port = free_port(), free_port()
    site = render(
        {
            "NGINX_HTTP_LISTEN": f"127.0.0.1:{http_port}",
            "NGINX_HTTPS_LISTEN": f"127.0.0.1:{https_port}",
            "NONGSAN_UPSTREAM": upstream,
            "NONGSAN_STATIC_ROOT": str(static_root),
            "NONGSAN_MEDIA_ROOT": str(media_root),
            "NONGSAN_PRIVATE_ROOT": str(private_root),
            "NONGSAN_TLS_CERT": str(cert),
            "NONGSAN_TLS_KEY": str(key),
            "NONGSAN_MAX_BODY": str(max_body),
        }
    )
    (folder / "nongsan.conf").write_text(site)
    temp = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir(exist_ok=True)
    # As root, workers would drop to `nobody`, who cannot read pytest's private temp folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    (folder / "nginx.conf").write_text(
        f"""{user}worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {folder}/access.log;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    include {folder}/nongsan.conf;
}}
"""
    )
    args = [nginx, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(folder / "nginx.conf")]
    subprocess.run([*args, "-t", "-q"], check=True)
    process = subprocess.Popen(args)
    try:
        wait_for_port(https_port, process)
        yield Edge(http_port, https_port, ssl.create_default_context(cafile=str(cert)), folder)
    finally:
        process.terminate()
        process.wait(timeout=10)
