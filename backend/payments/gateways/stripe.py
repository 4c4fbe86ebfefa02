"""Stripe card payments: a PaymentIntent in the channel's currency, confirmed by a signed webhook, and
the hosted Checkout Session the web shop redirects the buyer to (no Stripe script on our pages).

The official client talks to `settings.STRIPE_API_BASE`, so tests point it at a local fake server;
the hosted page's address is whatever the API answers in the session's `url`.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import stripe
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from backend.core.errors import DomainError
from backend.payments.error_codes import PaymentErrorCode
from backend.payments.models import Payment

# Stripe's zero-decimal currencies: the amount is sent as is (120000 VND is 120.000 ₫), not in cents.
ZERO_DECIMAL_CURRENCIES = frozenset(
    {
        "BIF",
        "CLP",
        "DJF",
        "GNF",
        "JPY",
        "KMF",
        "KRW",
        "MGA",
        "PYG",
        "RWF",
        "UGX",
        "VND",
        "VUV",
        "XAF",
        "XOF",
        "XPF",
    }
)


def to_minor_units(amount: Decimal, currency: str) -> int:
    """The integer Stripe expects: whole units for zero-decimal currencies, hundredths otherwise."""
    scaled = amount if currency.upper() in ZERO_DECIMAL_CURRENCIES else amount * 100
    if scaled != scaled.to_integral_value():
        raise DomainError(PaymentErrorCode.INVALID_AMOUNT, f"{amount} {currency} is not a payable amount.")
    return int(scaled)


def from_minor_units(value: int, currency: str) -> Decimal:
    if currency.upper() in ZERO_DECIMAL_CURRENCIES:
        return Decimal(value)
    return Decimal(value) / 100


def stripe_client() -> stripe.StripeClient:
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": settings.STRIPE_API_BASE},
        max_network_retries=settings.STRIPE_MAX_NETWORK_RETRIES,
    )


def _gateway_error(exc: stripe.StripeError) -> DomainError:
    message = getattr(exc, "user_message", None) or "The card payment service is unavailable, try again."
    return DomainError(PaymentErrorCode.GATEWAY_ERROR, message)


# Stripe closes a Checkout Session no sooner than 30 minutes and no later than 24 hours after it is
# created; a minute of margin on each side keeps the clock skew between us and Stripe harmless.
CHECKOUT_MIN_LIFETIME = timedelta(minutes=31)
CHECKOUT_MAX_LIFETIME = timedelta(hours=23, minutes=59)
# What Stripe puts in the success URL in place of this placeholder: the session id.
CHECKOUT_SESSION_PLACEHOLDER = "{CHECKOUT_SESSION_ID}"


@dataclass(frozen=True)
class CheckoutSession:
    """The part of a Stripe Checkout Session the payment keeps."""

    id: str
    url: str
    status: str  # "open", "complete" or "expired"
    expires_at: datetime | None

    @classmethod
    def from_stripe(cls, session) -> "CheckoutSession":
        expires = session.get("expires_at")
        return cls(
            id=session.id,
            url=session.get("url") or "",
            status=session.get("status") or "",
            expires_at=datetime.fromtimestamp(expires, tz=UTC) if expires else None,
        )


def _with_session_placeholder(success_url: str) -> str:
    if CHECKOUT_SESSION_PLACEHOLDER in success_url:
        return success_url
    joiner = "&" if "?" in success_url else "?"
    return f"{success_url}{joiner}session_id={CHECKOUT_SESSION_PLACEHOLDER}"


def _checkout_locale() -> str:
    # Stripe's page speaks both of our languages; anything else lets Stripe pick from the browser.
    language = (translation.get_language() or "").split("-")[0]
    return language if language in {"vi", "en"} else "auto"


def _checkout_expires_at(payment: Payment) -> int | None:
    """Close the hosted page when our payment stops waiting, within the window Stripe accepts."""
    if payment.expires_at is None:
        return None
    now = timezone.now()
    closes = min(max(payment.expires_at, now + CHECKOUT_MIN_LIFETIME), now + CHECKOUT_MAX_LIFETIME)
    return int(closes.timestamp())


def checkout_session_create(
    *, payment: Payment, success_url: str, cancel_url: str, replaces: str = ""
) -> CheckoutSession:
    """Create the hosted Checkout Session for the payment's whole amount, one line for the group.

    `replaces` is the session this one follows (expired or closed), "" for the first: it is part of
    the idempotency key, so a retried request gets the same session back while a new one is made
    after an expiry (replaying the first key would hand back the expired session). The parameters
    are in the key too, since Stripe refuses a key reused with other parameters.
    """
    group = payment.group
    metadata = {"payment_id": str(payment.pk), "order_group": group.number}
    params: dict = {
        "mode": "payment",
        "payment_method_types": ["card"],
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": payment.currency.lower(),
                    "unit_amount": to_minor_units(payment.amount, payment.currency),
                    "product_data": {"name": gettext("Nông Sàn order %(number)s") % {"number": group.number}},
                },
            }
        ],
        "client_reference_id": group.number,
        "customer_email": group.email,
        "locale": _checkout_locale(),
        "metadata": metadata,
        # The PaymentIntent Checkout creates carries the payment id too, so its payment_intent.*
        # events find our payment even before checkout.session.completed linked the intent.
        "payment_intent_data": {"metadata": metadata, "description": f"Nông Sàn {group.number}"},
        "success_url": _with_session_placeholder(success_url),
        "cancel_url": cancel_url,
    }
    digest = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:16]
    expires_at = _checkout_expires_at(payment)
    if expires_at is not None:
        params["expires_at"] = expires_at
    try:
        session = stripe_client().v1.checkout.sessions.create(
            params=params,
            options={
                "idempotency_key": f"nongsan-payment-{payment.pk}-checkout-{replaces or 'first'}-{digest}"
            },
        )
    except stripe.StripeError as exc:
        raise _gateway_error(exc) from exc
    return CheckoutSession.from_stripe(session)


def checkout_session_retrieve(*, session_id: str) -> CheckoutSession:
    try:
        return CheckoutSession.from_stripe(stripe_client().v1.checkout.sessions.retrieve(session_id))
    except stripe.StripeError as exc:
        raise _gateway_error(exc) from exc


class StripeGateway:
    def start(self, *, payment: Payment) -> None:
        # No network call here: this runs inside the checkout transaction (see `prepare`).
        to_minor_units(payment.amount, payment.currency)

    def prepare(self, *, payment: Payment) -> None:
        """Create the PaymentIntent; the idempotency key makes a retried or concurrent call reuse it."""
        if payment.provider_id:
            return
        minor = to_minor_units(payment.amount, payment.currency)
        metadata = {"payment_id": str(payment.pk)}
        if payment.group is not None:
            metadata["order_group"] = payment.group.number
            description = f"Nông Sàn {payment.group.number}"
        else:
            # Paid on the checkout before it is placed (the API's transactionInitialize).
            metadata["checkout"] = str(payment.checkout_token)
            description = "Nông Sàn checkout"
        # The amount is in the key: a checkout whose total changed needs a new intent, and Stripe
        # refuses a key reused with other parameters.
        suffix = "" if payment.group is not None else f"-checkout-{minor}"
        try:
            intent = stripe_client().v1.payment_intents.create(
                params={
                    "amount": minor,
                    "currency": payment.currency.lower(),
                    "automatic_payment_methods": {"enabled": True},
                    "description": description,
                    "metadata": metadata,
                },
                options={"idempotency_key": f"nongsan-payment-{payment.pk}-intent{suffix}"},
            )
        except stripe.StripeError as exc:
            raise _gateway_error(exc) from exc
        payment.provider_id = intent.id
        payment.client_secret = intent.client_secret or ""

    def refund(self, *, payment: Payment, amount: Decimal, idempotency_key: str) -> tuple[str, bool]:
        if not payment.provider_id:
            raise DomainError(PaymentErrorCode.INVALID_STATUS, "This card payment has no PaymentIntent.")
        try:
            refund = stripe_client().v1.refunds.create(
                params={
                    "payment_intent": payment.provider_id,
                    "amount": to_minor_units(amount, payment.currency),
                },
                options={"idempotency_key": idempotency_key},
            )
        except stripe.StripeError as exc:
            raise _gateway_error(exc) from exc
        return refund.id, True
