"""Cash on delivery: nothing to prepare; the courier's cash is captured when an order is delivered."""

from decimal import Decimal

from backend.payments.models import Payment


class CashOnDelivery:
    def start(self, *, payment: Payment) -> None:
        payment.expires_at = None

    def prepare(self, *, payment: Payment) -> None:
        return None

    def refund(self, *, payment: Payment, amount: Decimal, idempotency_key: str) -> tuple[str, bool]:
        # Cash cannot go back through a gateway: staff pay the buyer back by bank transfer.
        return "", False
