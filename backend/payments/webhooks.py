"""Webhook bodies parsed into typed objects at the edge: everything after this module trusts the types.

Bank notifications follow SePay/Casso: a JSON body per incoming transfer, signed with HMAC-SHA256 of
the raw body under a shared secret (hex digest in `X-Signature`). Stripe events are verified with
`stripe.Webhook.construct_event` and reduced to the few fields the payment state machine reads: of a
PaymentIntent, a Charge or a hosted Checkout Session, whichever the event type carries.
"""

import hashlib
import hmac
import json
import re
from decimal import Decimal
from typing import Literal

import stripe
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from backend.core.text import fold
from backend.payments.vietqr import MAX_REFERENCE_LENGTH


class WebhookRefused(Exception):
    """The request is not a webhook we accept; `status` is the HTTP answer (nothing is stored)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


# --- Bank notifications --------------------------------------------------------------------------


class BankNotification(BaseModel):
    """One transfer seen on the platform's account, as posted by the bank-notification service."""

    model_config = ConfigDict(populate_by_name=True, extra="ignore", coerce_numbers_to_str=True)

    # The service's transaction id: the event id that makes delivery exactly-once.
    transaction_id: str = Field(alias="id", min_length=1, max_length=100)
    gateway: str = Field("", max_length=100)
    transaction_date: str = Field("", alias="transactionDate", max_length=40)
    account_number: str = Field("", alias="accountNumber", max_length=40)
    content: str = Field("", max_length=500)
    description: str = Field("", max_length=500)
    transfer_type: Literal["in", "out"] = Field(alias="transferType")
    transfer_amount: Decimal = Field(alias="transferAmount", gt=0, max_digits=14, decimal_places=0)
    reference_code: str = Field("", alias="referenceCode", max_length=100)

    @property
    def text(self) -> str:
        """Where the buyer's bank puts the reference: the transfer content, else the description."""
        return f"{self.content} {self.description}"


def bank_signature(body: bytes, secret: str) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def parse_bank_notification(*, body: bytes, signature: str, secret: str) -> BankNotification:
    """Verify the signature over the raw body, then parse it; refuse anything else."""
    if not secret:
        # An unset secret must never mean "accept unsigned transfers".
        raise WebhookRefused(503, "bank webhook is not configured")
    given = signature.strip().removeprefix("sha256=").lower()
    if not given or not hmac.compare_digest(given, bank_signature(body, secret)):
        raise WebhookRefused(401, "invalid signature")
    try:
        return BankNotification.model_validate_json(body)
    except ValidationError as exc:
        raise WebhookRefused(400, f"invalid notification: {exc.error_count()} error(s)") from exc


_REFERENCE_RUN = re.compile(r"NS\d+")


def reference_candidates(text: str) -> list[str]:
    """Every reference the text may contain, tolerant of case, spaces and punctuation.

    Bank apps upper-case, re-space or prefix the description ("MBVCB.123.ns 2026 0001 23 CT tu…"),
    so the text is folded and stripped to letters and digits first. A digit run may be followed by
    other digits (a phone number typed after it), so every prefix of the run is a candidate; the
    caller looks them up by exact reference.
    """
    compact = re.sub(r"[^A-Z0-9]", "", fold(text).upper())
    candidates: list[str] = []
    for match in _REFERENCE_RUN.finditer(compact):
        run = match.group()[:MAX_REFERENCE_LENGTH]
        candidates.extend(run[:end] for end in range(3, len(run) + 1))
    return list(dict.fromkeys(candidates))


# --- Stripe events ---------------------------------------------------------------------------------


class StripeObject(BaseModel):
    """The part of a PaymentIntent or Charge the state machine reads."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(max_length=255)
    object: Literal["payment_intent", "charge"]
    currency: str = Field(min_length=3, max_length=3)
    amount: int = Field(ge=0)
    amount_received: int = Field(0, ge=0)
    amount_captured: int = Field(0, ge=0)
    amount_refunded: int = Field(0, ge=0)
    payment_intent: str | None = Field(None, max_length=255)
    metadata: dict[str, str] = Field(default_factory=dict)
    last_payment_error: dict | None = None

    @property
    def payment_intent_id(self) -> str:
        return self.id if self.object == "payment_intent" else (self.payment_intent or "")

    @property
    def failure_message(self) -> str:
        return str((self.last_payment_error or {}).get("message") or "")[:255]


class StripeCheckoutSession(BaseModel):
    """The part of a hosted Checkout Session the state machine reads."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(max_length=255)
    object: Literal["checkout.session"]
    currency: str = Field(min_length=3, max_length=3)
    amount_total: int = Field(ge=0)
    # The intent Checkout made for the buyer's card: set once the buyer confirmed on the page.
    payment_intent: str | None = Field(None, max_length=255)
    payment_status: Literal["paid", "unpaid", "no_payment_required"]
    status: Literal["open", "complete", "expired"]
    client_reference_id: str | None = Field(None, max_length=200)
    metadata: dict[str, str] = Field(default_factory=dict)

    @property
    def payment_intent_id(self) -> str:
        return self.payment_intent or ""

    @property
    def amount(self) -> int:
        return self.amount_total


class StripeEventData(BaseModel):
    model_config = ConfigDict(extra="ignore")

    object: StripeObject | StripeCheckoutSession = Field(discriminator="object")


class StripeEvent(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str = Field(min_length=1, max_length=255)
    type: str = Field(max_length=64)
    data: StripeEventData

    @model_validator(mode="after")
    def _object_matches_type(self) -> "StripeEvent":
        # "checkout.session.completed" carries a checkout.session, "charge.refunded" a charge…
        if self.type.rsplit(".", 1)[0] != self.data.object.object:
            raise ValueError(f"a {self.type} event does not carry a {self.data.object.object}")
        return self


HANDLED_STRIPE_EVENTS = frozenset(
    {
        "payment_intent.succeeded",
        "payment_intent.payment_failed",
        "charge.refunded",
        "checkout.session.completed",
        "checkout.session.expired",
    }
)


def parse_stripe_event(*, body: bytes, signature: str, secret: str) -> tuple[StripeEvent | None, dict]:
    """Verify with the official library; return the typed event (None for types we do not handle)
    and the raw payload to store."""
    if not secret:
        raise WebhookRefused(503, "stripe webhook is not configured")
    try:
        stripe.Webhook.construct_event(body, signature, secret)
    except stripe.SignatureVerificationError as exc:
        raise WebhookRefused(400, "invalid signature") from exc
    except ValueError as exc:
        raise WebhookRefused(400, "invalid payload") from exc
    payload = json.loads(body)
    if not isinstance(payload, dict) or payload.get("type") not in HANDLED_STRIPE_EVENTS:
        return None, payload if isinstance(payload, dict) else {}
    try:
        return StripeEvent.model_validate(payload), payload
    except ValidationError as exc:
        raise WebhookRefused(400, f"invalid event: {exc.error_count()} error(s)") from exc
