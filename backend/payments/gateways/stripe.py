"""Stripe card payments: a PaymentIntent in the channel's currency, confirmed by a signed webhook.

The official client talks to `settings.STRIPE_API_BASE`, so tests point it at a local fake server.
"""

from decimal import Decimal

import stripe
from django.conf import settings

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


class StripeGateway:
    def start(self, *, payment: Payment) -> None:
        # No network call here: this runs inside the checkout transaction (see `prepare`).
        to_minor_units(payment.amount, payment.currency)

    def prepare(self, *, payment: Payment) -> None:
        """Create the PaymentIntent; the idempotency key makes a retried or concurrent call reuse it."""
        if payment.provider_id:
            return
        try:
            intent = stripe_client().v1.payment_intents.create(
                params={
                    "amount": to_minor_units(payment.amount, payment.currency),
                    "currency": payment.currency.lower(),
                    "automatic_payment_methods": {"enabled": True},
                    "description": f"Nông Sàn {payment.group.number}",
                    "metadata": {"payment_id": str(payment.pk), "order_group": payment.group.number},
                },
                options={"idempotency_key": f"nongsan-payment-{payment.pk}-intent"},
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
