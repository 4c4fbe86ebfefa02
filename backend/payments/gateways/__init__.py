"""Pluggable payment gateways: one module per method, picked by the order group's payment method.

A gateway fills in a new payment inside the checkout transaction (`start`, never a network call),
talks to its provider once the order is committed (`prepare`), and gives money back (`refund`).
Adding a method means adding a module here and one line to `_GATEWAYS`.
"""

from decimal import Decimal
from typing import Protocol

from backend.payments.gateways.cod import CashOnDelivery
from backend.payments.gateways.stripe import StripeGateway
from backend.payments.gateways.vietqr import VietQRGateway
from backend.payments.models import Payment, PaymentMethod


class Gateway(Protocol):
    def start(self, *, payment: Payment) -> None:
        """Set the new (unsaved) payment's method-specific fields; runs inside the checkout transaction."""

    def prepare(self, *, payment: Payment) -> None:
        """Contact the provider after the order is committed (idempotent)."""

    def refund(self, *, payment: Payment, amount: Decimal, idempotency_key: str) -> tuple[str, bool]:
        """Give `amount` back; return the provider's refund id and whether the gateway paid it."""


_GATEWAYS: dict[str, Gateway] = {
    PaymentMethod.COD: CashOnDelivery(),
    PaymentMethod.VIETQR: VietQRGateway(),
    PaymentMethod.STRIPE: StripeGateway(),
}


def gateway_for(method: str) -> Gateway | None:
    return _GATEWAYS.get(method)
