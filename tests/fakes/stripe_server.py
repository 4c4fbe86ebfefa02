"""A local stand-in for the few Stripe API endpoints the payments app calls, for the real client.

Runs a threaded HTTP server on 127.0.0.1 with an ephemeral port; every request is recorded (method,
path, decoded form params, headers) so tests can assert what the official client actually sent.
Implements: POST /v1/payment_intents, GET /v1/payment_intents/:id, POST /v1/refunds, with
Stripe's Idempotency-Key replay semantics.
"""

import itertools
import json
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl


@dataclass
class RecordedRequest:
    method: str
    path: str
    params: dict[str, str]
    headers: dict[str, str]


@dataclass
class FakeStripeState:
    requests: list[RecordedRequest] = field(default_factory=list)
    intents: dict[str, dict] = field(default_factory=dict)
    refunds: dict[str, dict] = field(default_factory=dict)
    idempotent: dict[tuple[str, str], tuple[int, dict]] = field(default_factory=dict)
    # Set to an HTTP status to make the next calls fail like Stripe does (402 card error, 500 …).
    fail_with: int | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    counter: itertools.count = field(default_factory=lambda: itertools.count(1))

    def calls(self, method: str, path: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.method == method and r.path == path]


def _error(status: int, message: str, type_: str = "invalid_request_error") -> tuple[int, dict]:
    return status, {"error": {"type": type_, "message": message}}


class _Handler(BaseHTTPRequestHandler):
    server_version = "FakeStripe/1.0"
    state: FakeStripeState

    def log_message(self, *_args) -> None:  # keep test output quiet
        return

    def _reply(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Request-Id", f"req_fake_{secrets.token_hex(6)}")
        self.end_headers()
        self.wfile.write(data)

    def _handle(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode() if length else ""
        path, _, query = self.path.partition("?")
        params = dict(parse_qsl(raw or query, keep_blank_values=True))
        state = self.state
        with state.lock:
            state.requests.append(RecordedRequest(method, path, params, dict(self.headers.items())))
            if not self.headers.get("Authorization", "").startswith("Bearer sk_"):
                status, body = _error(401, "Invalid API Key provided")
            elif state.fail_with is not None:
                status, body = _error(state.fail_with, "Simulated failure", "api_error")
            else:
                key = self.headers.get("Idempotency-Key")
                if method == "POST" and key and (path, key) in state.idempotent:
                    status, body = state.idempotent[(path, key)]
                else:
                    status, body = self._route(method, path, params)
                    if method == "POST" and key:
                        state.idempotent[(path, key)] = (status, body)
        self._reply(status, body)

    def _route(self, method: str, path: str, params: dict[str, str]) -> tuple[int, dict]:
        parts = path.strip("/").split("/")
        if method == "POST" and parts == ["v1", "payment_intents"]:
            return self._create_intent(params)
        if method == "GET" and len(parts) == 3 and parts[:2] == ["v1", "payment_intents"]:
            intent = self.state.intents.get(parts[2])
            return (200, intent) if intent else _error(404, f"No such payment_intent: '{parts[2]}'")
        if method == "POST" and parts == ["v1", "refunds"]:
            return self._create_refund(params)
        return _error(404, f"Unrecognized request URL ({method}: {path})")

    def _create_intent(self, params: dict[str, str]) -> tuple[int, dict]:
        if "amount" not in params or "currency" not in params:
            return _error(400, "Missing required param: amount or currency")
        n = next(self.state.counter)
        intent_id = f"pi_fake_{n:06d}"
        intent = {
            "id": intent_id,
            "object": "payment_intent",
            "amount": int(params["amount"]),
            "amount_received": 0,
            "currency": params["currency"],
            "status": "requires_payment_method",
            "client_secret": f"{intent_id}_secret_{secrets.token_hex(8)}",
            "description": params.get("description"),
            "metadata": {k[9:-1]: v for k, v in params.items() if k.startswith("metadata[")},
            "livemode": False,
        }
        self.state.intents[intent_id] = intent
        return 200, intent

    def _create_refund(self, params: dict[str, str]) -> tuple[int, dict]:
        intent = self.state.intents.get(params.get("payment_intent", ""))
        if intent is None:
            return _error(404, f"No such payment_intent: '{params.get('payment_intent')}'")
        amount = int(params.get("amount") or intent["amount"])
        n = next(self.state.counter)
        refund = {
            "id": f"re_fake_{n:06d}",
            "object": "refund",
            "amount": amount,
            "currency": intent["currency"],
            "payment_intent": intent["id"],
            "charge": f"ch_fake_{intent['id'][8:]}",
            "status": "succeeded",
        }
        self.state.refunds[refund["id"]] = refund
        return 200, refund

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")


class FakeStripeServer:
    """Context manager: `with FakeStripeServer() as fake: settings.STRIPE_API_BASE = fake.url`."""

    def __init__(self) -> None:
        self.state = FakeStripeState()
        handler = type("Handler", (_Handler,), {"state": self.state})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> "FakeStripeServer":
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
