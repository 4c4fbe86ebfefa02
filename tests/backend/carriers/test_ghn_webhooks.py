"""GHN's callbacks: the URL token check, parsing, a stable event key, and the fake emitting them."""

import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pydantic import ValidationError

from backend.carriers.ghn.webhooks import ghn_callback_parse, ghn_callback_token_valid
from backend.carriers.status import CarrierStatus
from tests.backend.carriers.test_ghn_client import _order


def test_token_must_match_the_configured_secret(settings):
    settings.GHN_WEBHOOK_TOKEN = "s3cret-callback-token"
    assert ghn_callback_token_valid(token="s3cret-callback-token") is True
    assert ghn_callback_token_valid(token="s3cret-callback-tokeX") is False
    assert ghn_callback_token_valid(token="") is False
    assert ghn_callback_token_valid(token=None) is False


def test_an_empty_secret_refuses_every_callback(settings):
    settings.GHN_WEBHOOK_TOKEN = ""
    assert ghn_callback_token_valid(token="") is False
    assert ghn_callback_token_valid(token="anything") is False


def test_a_malformed_body_is_refused_at_the_edge():
    with pytest.raises(ValidationError):
        ghn_callback_parse(b'{"Status": "delivered"}')
    with pytest.raises(ValidationError):
        ghn_callback_parse(b"not json")


@pytest.fixture
def receiver():
    """A plain HTTP endpoint on 127.0.0.1 that records what the fake posts to it."""
    bodies: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args) -> None:
            return

        def do_POST(self) -> None:
            bodies.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(200)
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}/webhooks/ghn/?token=t", bodies
    server.shutdown()
    server.server_close()


def test_the_fake_posts_ghn_callbacks_we_parse(ghn, ghn_fake, receiver):
    url, bodies = receiver
    ghn_fake.state.callback_url = url
    created = ghn.order_create(_order())
    ghn_fake.state.advance(created.order_code, "picked", when=datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    ghn_fake.state.advance(created.order_code, "delivered", when=datetime(2026, 3, 3, 15, 30, tzinfo=UTC))

    assert [d.status for d in ghn_fake.state.callbacks] == [200, 200]
    picked, delivered = (ghn_callback_parse(body) for body in bodies)
    assert (picked.order_code, picked.client_order_code, picked.type) == (
        created.order_code,
        "NS-1001-1",
        "switch_status",
    )
    assert picked.carrier_status == CarrierStatus.PICKED_UP
    assert delivered.carrier_status == CarrierStatus.DELIVERED
    assert delivered.cod_amount == 240_000 and delivered.shop_id == 885
    assert delivered.time == datetime(2026, 3, 3, 15, 30, tzinfo=UTC)
    assert ghn.order_detail(order_code=created.order_code).status == "delivered"


def test_a_redelivered_callback_has_the_same_event_key(ghn, ghn_fake):
    created = ghn.order_create(_order())
    body = ghn_fake.state.advance(created.order_code, "delivering")
    later = ghn_fake.state.advance(created.order_code, "delivered")
    assert ghn_callback_parse(body).event_key == ghn_callback_parse(bytes(body)).event_key
    assert ghn_callback_parse(body).event_key != ghn_callback_parse(later).event_key
