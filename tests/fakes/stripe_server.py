"""A local stand-in for the few Stripe API endpoints the payments app calls, for the real client, and
for Stripe's hosted Checkout page.

Runs a threaded HTTP server on 127.0.0.1 with an ephemeral port; every request is recorded (method,
path, decoded form params, headers) so tests can assert what the official client actually sent.
Implements: POST /v1/payment_intents, GET /v1/payment_intents/:id, POST /v1/refunds,
POST /v1/checkout/sessions, GET /v1/checkout/sessions/:id, POST /v1/checkout/sessions/:id/expire,
with Stripe's Idempotency-Key semantics (a replay answers the first response; the same key with other
parameters is a 400 idempotency_error). The hosted page `GET /c/pay/<session id>` offers Pay, Decline
and Back; paying or declining sends the events Stripe sends (`checkout.session.completed` and
`payment_intent.succeeded`, or `payment_intent.payment_failed`), signed with Stripe's
`t=…,v1=HMAC-SHA256` scheme under `state.webhook_secret`, to `state.webhook_url`. The
`stripe_checkout_fake` fixture points the app at the fake and the fake's webhooks at a live server.
"""

import hashlib
import hmac
import html
import itertools
import json
import secrets
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

import pytest

# Stripe accepts a Checkout Session's expires_at between 30 minutes and 24 hours after creation.
_SESSION_MIN_SECONDS = 30 * 60
_SESSION_MAX_SECONDS = 24 * 60 * 60
_DECLINE = {"code": "card_declined", "decline_code": "generic_decline", "message": "Your card was declined."}


@dataclass
class RecordedRequest:
    method: str
    path: str
    params: dict[str, str]
    headers: dict[str, str]


@dataclass
class WebhookDelivery:
    """One signed event the fake posted to `webhook_url`, and the status it was answered with."""

    event_id: str
    event_type: str
    body: bytes
    signature: str
    status: int


@dataclass
class FakeStripeState:
    requests: list[RecordedRequest] = field(default_factory=list)
    intents: dict[str, dict] = field(default_factory=dict)
    refunds: dict[str, dict] = field(default_factory=dict)
    sessions: dict[str, dict] = field(default_factory=dict)
    # What Checkout puts on the intent it makes for a session (payment_intent_data), by session id.
    session_intent_data: dict[str, dict] = field(default_factory=dict)
    idempotent: dict[tuple[str, str], tuple[dict[str, str], int, dict]] = field(default_factory=dict)
    # Set to an HTTP status to make the next calls fail like Stripe does (402 card error, 500 …).
    fail_with: int | None = None
    # Where the hosted page sends its events (None: nowhere), and the endpoint secret it signs with.
    webhook_url: str | None = None
    webhook_secret: str = "whsec_test_secret"
    # Stripe does not promise an order: True sends payment_intent.succeeded before the session event.
    intent_event_first: bool = False
    deliveries: list[WebhookDelivery] = field(default_factory=list)
    base_url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)
    counter: itertools.count = field(default_factory=lambda: itertools.count(1))

    def calls(self, method: str, path: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.method == method and r.path == path]

    def sign(self, body: bytes, timestamp: int | None = None) -> str:
        """Stripe's Stripe-Signature header: t=<unix time>,v1=hex(HMAC-SHA256(secret, "<t>.<body>"))."""
        timestamp = int(time.time()) if timestamp is None else timestamp
        digest = hmac.new(self.webhook_secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
        return f"t={timestamp},v1={digest.hexdigest()}"

    def post_event(self, body: bytes, signature: str) -> int:
        """POST a signed event body to the webhook URL; the HTTP status it was answered with."""
        request = urllib.request.Request(
            self.webhook_url or "",
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "Stripe-Signature": signature},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code

    def send_event(self, event_type: str, obj: dict) -> WebhookDelivery | None:
        """Sign and deliver an event carrying a copy of `obj`, as Stripe does after a change."""
        if not self.webhook_url:
            return None
        event = {
            "id": f"evt_fake_{secrets.token_hex(8)}",
            "object": "event",
            "api_version": "2026-02-25.clover",
            "created": int(time.time()),
            "livemode": False,
            "type": event_type,
            "data": {"object": json.loads(json.dumps(obj))},
        }
        body = json.dumps(event).encode()
        signature = self.sign(body)
        delivery = WebhookDelivery(event["id"], event_type, body, signature, self.post_event(body, signature))
        self.deliveries.append(delivery)
        return delivery

    def redeliver(self, delivery: WebhookDelivery) -> int:
        """Send an event again, as Stripe's retries do: same body, a fresh signature."""
        return self.post_event(delivery.body, self.sign(delivery.body))


def _error(status: int, message: str, type_: str = "invalid_request_error") -> tuple[int, dict]:
    return status, {"error": {"type": type_, "message": message}}


def _sub_params(params: dict[str, str], prefix: str) -> dict[str, str]:
    """The form-encoded children of `prefix`: metadata[a]=1 → {"a": "1"}, deeper keys kept whole."""
    opening = f"{prefix}["
    return {k[len(opening) : -1]: v for k, v in params.items() if k.startswith(opening) and k.endswith("]")}


def _metadata(params: dict[str, str], prefix: str = "metadata") -> dict[str, str]:
    return {k: v for k, v in _sub_params(params, prefix).items() if "][" not in k}


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
        self._pending_events: list[tuple[str, dict]] = []
        if self.path.startswith("/c/pay/"):
            self._hosted_page(method)
            return
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
                    first_params, status, body = state.idempotent[(path, key)]
                    if first_params != params:
                        status, body = _error(
                            400,
                            "Keys for idempotent requests can only be used with the same parameters they "
                            f"were first used with. Try using a key other than '{key}'.",
                            "idempotency_error",
                        )
                else:
                    status, body = self._route(method, path, params)
                    if method == "POST" and key:
                        # A copy: a replay answers the first response as it was, not the object now.
                        state.idempotent[(path, key)] = (params, status, json.loads(json.dumps(body)))
        for event_type, obj in self._pending_events:
            # Outside the lock (the app's webhook handler may call this fake back, for a refund) and
            # before the answer, so a test sees the event's effect as soon as its call returns.
            state.send_event(event_type, obj)
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
        if parts[:3] == ["v1", "checkout", "sessions"]:
            return self._route_session(method, parts[3:], params)
        return _error(404, f"Unrecognized request URL ({method}: {path})")

    # --- Checkout Sessions ------------------------------------------------------------------------

    def _route_session(self, method: str, rest: list[str], params: dict[str, str]) -> tuple[int, dict]:
        if method == "POST" and not rest:
            return self._create_session(params)
        session = self._session(rest[0]) if rest else None
        if session is None:
            return _error(404, f"No such checkout.session: '{rest[0] if rest else ''}'")
        if method == "GET" and len(rest) == 1:
            return 200, session
        if method == "POST" and rest[1:] == ["expire"]:
            if session["status"] != "open":
                return _error(400, "Only Checkout Sessions with a status in ['open'] can be expired.")
            session["status"] = "expired"
            session["url"] = None
            self._pending_events.append(("checkout.session.expired", session))
            return 200, session
        return _error(404, f"Unrecognized request URL ({method}: /v1/checkout/sessions/{'/'.join(rest)})")

    def _session(self, session_id: str) -> dict | None:
        """The session, closed by the clock like Stripe closes it once expires_at has passed."""
        session = self.state.sessions.get(session_id)
        if session is not None and session["status"] == "open" and session["expires_at"] <= time.time():
            session["status"] = "expired"
            session["url"] = None
        return session

    def _create_session(self, params: dict[str, str]) -> tuple[int, dict]:
        if params.get("mode") != "payment":
            return _error(400, "Only mode=payment is implemented by the fake.")
        for name in ("success_url", "cancel_url"):
            if not params.get(name, "").startswith(("http://", "https://")):
                return _error(400, f"Not a valid URL: {name}")
        lines, currencies, index = [], set(), 0
        while f"line_items[{index}][quantity]" in params:
            prefix = f"line_items[{index}]"
            quantity = int(params[f"{prefix}[quantity]"])
            unit_amount = int(params.get(f"{prefix}[price_data][unit_amount]", -1))
            if quantity < 1 or unit_amount < 0:
                return _error(400, f"Invalid {prefix}: quantity and price_data[unit_amount] are required.")
            currencies.add(params.get(f"{prefix}[price_data][currency]", ""))
            name = params.get(f"{prefix}[price_data][product_data][name]", "")
            lines.append({"name": name, "quantity": quantity, "unit_amount": unit_amount})
            index += 1
        if not lines or len(currencies) != 1 or "" in currencies:
            return _error(400, "line_items must be given, all in one currency.")
        now = int(time.time())
        expires_at = int(params.get("expires_at") or now + _SESSION_MAX_SECONDS)
        if not now + _SESSION_MIN_SECONDS <= expires_at <= now + _SESSION_MAX_SECONDS:
            return _error(400, "The `expires_at` timestamp must be between 30 minutes and 24 hours from now.")
        session_id = f"cs_test_fake{next(self.state.counter):06d}{secrets.token_hex(4)}"
        session = {
            "id": session_id,
            "object": "checkout.session",
            "mode": "payment",
            "status": "open",
            "payment_status": "unpaid",
            "url": f"{self.state.base_url}/c/pay/{session_id}",
            "amount_subtotal": sum(line["unit_amount"] * line["quantity"] for line in lines),
            "amount_total": sum(line["unit_amount"] * line["quantity"] for line in lines),
            "currency": currencies.pop(),
            "success_url": params["success_url"],
            "cancel_url": params["cancel_url"],
            "client_reference_id": params.get("client_reference_id"),
            "customer_email": params.get("customer_email"),
            "locale": params.get("locale"),
            "metadata": _metadata(params),
            "payment_intent": None,
            "created": now,
            "expires_at": expires_at,
            "livemode": False,
        }
        self.state.sessions[session_id] = session
        self.state.session_intent_data[session_id] = {
            "metadata": _metadata(params, "payment_intent_data[metadata]"),
            "description": params.get("payment_intent_data[description]"),
            "lines": lines,
        }
        return 200, session

    # --- The hosted page ----------------------------------------------------------------------------

    def _hosted_page(self, method: str) -> None:
        session_id = self.path.partition("?")[0].removeprefix("/c/pay/").strip("/")
        length = int(self.headers.get("Content-Length") or 0)
        form = dict(parse_qsl(self.rfile.read(length).decode())) if length else {}
        state = self.state
        with state.lock:
            state.requests.append(RecordedRequest(method, f"/c/pay/{session_id}", form, dict(self.headers)))
            session = self._session(session_id)
            if session is None:
                page, status, location = "<p>This page does not exist.</p>", 404, None
            elif session["status"] != "open":
                page, status, location = "<p>This Checkout Session is no longer available.</p>", 410, None
            elif method == "POST" and form.get("outcome") == "pay":
                self._pay(session)
                page, status = "", 303
                location = session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"])
            elif method == "POST" and form.get("outcome") == "decline":
                self._decline(session)
                page, status, location = self._page(session, error=_DECLINE["message"]), 402, None
            else:
                page, status, location = self._page(session), 200, None
        for event_type, obj in self._pending_events:
            state.send_event(event_type, obj)
        data = f"<!doctype html><html lang='en'><meta charset='utf-8'><title>Checkout</title>{page}</html>"
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data.encode())))
        if location:
            self.send_header("Location", location)
        self.end_headers()
        self.wfile.write(data.encode())

    def _page(self, session: dict, error: str = "") -> str:
        lines = self.state.session_intent_data[session["id"]]["lines"]
        items = "".join(f"<li>{html.escape(line['name'])} × {line['quantity']}</li>" for line in lines)
        notice = f"<p role='alert'>{html.escape(error)}</p>" if error else ""
        return (
            f"<h1>Pay {session['amount_total']} {html.escape(session['currency'].upper())}</h1>"
            f"<ul>{items}</ul>{notice}"
            "<form method='post'>"
            "<button type='submit' name='outcome' value='pay'>Pay</button> "
            "<button type='submit' name='outcome' value='decline'>Decline</button>"
            "</form>"
            f"<a href='{html.escape(session['cancel_url'])}'>Back</a>"
        )

    def _session_intent(self, session: dict) -> dict:
        """The PaymentIntent Checkout makes when the buyer first confirms (reused after a decline)."""
        intent = self.state.intents.get(session["payment_intent"] or "")
        if intent is None:
            data = self.state.session_intent_data[session["id"]]
            intent_id = f"pi_fake_{next(self.state.counter):06d}"
            intent = {
                "id": intent_id,
                "object": "payment_intent",
                "amount": session["amount_total"],
                "amount_received": 0,
                "currency": session["currency"],
                "status": "requires_payment_method",
                "client_secret": f"{intent_id}_secret_{secrets.token_hex(8)}",
                "description": data["description"],
                "metadata": data["metadata"],
                "last_payment_error": None,
                "livemode": False,
            }
            self.state.intents[intent_id] = intent
            session["payment_intent"] = intent_id
        return intent

    def _pay(self, session: dict) -> None:
        intent = self._session_intent(session)
        intent.update(status="succeeded", amount_received=intent["amount"], last_payment_error=None)
        intent["latest_charge"] = f"ch_fake_{intent['id'][8:]}"
        session.update(status="complete", payment_status="paid", url=None)
        events = [("checkout.session.completed", session), ("payment_intent.succeeded", intent)]
        self._pending_events.extend(reversed(events) if self.state.intent_event_first else events)

    def _decline(self, session: dict) -> None:
        intent = self._session_intent(session)
        intent.update(status="requires_payment_method", last_payment_error=dict(_DECLINE))
        self._pending_events.append(("payment_intent.payment_failed", intent))

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

    def __init__(self, *, webhook_url: str | None = None, webhook_secret: str = "whsec_test_secret") -> None:
        self.state = FakeStripeState(webhook_url=webhook_url, webhook_secret=webhook_secret)
        handler = type("Handler", (_Handler,), {"state": self.state})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self.state.base_url = self.url

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


@pytest.fixture
def stripe_checkout_fake(live_server, settings):
    """The fake Stripe API and hosted Checkout page for a test with a live server: the app's Stripe
    client talks to the fake, and the page's signed events go to the live server's Stripe webhook
    under the app's `STRIPE_WEBHOOK_SECRET`. Import it into a test module or conftest to use it."""
    if not settings.STRIPE_WEBHOOK_SECRET:
        settings.STRIPE_WEBHOOK_SECRET = "whsec_test_secret"
    if not settings.STRIPE_SECRET_KEY.startswith("sk_"):
        settings.STRIPE_SECRET_KEY = "sk_test_nongsan"
    webhook_url = f"{live_server.url}/webhooks/stripe/"
    with FakeStripeServer(webhook_url=webhook_url, webhook_secret=settings.STRIPE_WEBHOOK_SECRET) as server:
        settings.STRIPE_API_BASE = server.url
        settings.STRIPE_CHECKOUT_ORIGIN = server.url
        yield server
