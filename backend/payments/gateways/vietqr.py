"""VietQR bank transfer: a one-time QR with a unique reference, paid when the bank webhook matches it."""

import re
import secrets
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from backend.core.errors import DomainError
from backend.payments.error_codes import PaymentErrorCode
from backend.payments.models import Payment
from backend.payments.vietqr import MAX_REFERENCE_LENGTH, build_payload

REFERENCE_PREFIX = "NS"
_REFERENCE_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def reference_for(number: str) -> str:
    """The transfer reference: "NS" + the digits of the group number (ASCII, at most 19 characters)."""
    digits = re.sub(r"\D", "", number)[: MAX_REFERENCE_LENGTH - len(REFERENCE_PREFIX)]
    return REFERENCE_PREFIX + digits


def _unique_reference(number: str) -> str:
    reference = reference_for(number)
    while not reference[len(REFERENCE_PREFIX) :] or Payment.objects.filter(reference=reference).exists():
        # Two numbers with the same digits (or none): add random characters within the 19-char limit.
        base = reference_for(number)[: MAX_REFERENCE_LENGTH - 4]
        reference = base + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(4))
    return reference


def purpose_for(reference: str) -> str:
    # Banking apps copy field 62.08 into the transfer description, where the webhook looks for it.
    return f"OCOP {reference}"


def payload_for(payment: Payment) -> str:
    """The EMVCo payload of this payment, paid into the platform's receiving account."""
    return build_payload(
        bank_bin=settings.VIETQR_BANK_BIN,
        account_number=settings.VIETQR_ACCOUNT_NUMBER,
        amount=payment.amount,
        bill_number=payment.reference or "",
        purpose=purpose_for(payment.reference or ""),
    )


class VietQRGateway:
    def start(self, *, payment: Payment) -> None:
        if payment.currency != "VND":
            raise DomainError(
                PaymentErrorCode.UNSUPPORTED_CURRENCY, "VietQR transfers are in Vietnamese đồng only."
            )
        if payment.amount != payment.amount.to_integral_value():
            raise DomainError(PaymentErrorCode.INVALID_AMOUNT, "VietQR amounts are whole đồng.")
        payment.reference = _unique_reference(payment.group.number)
        payment.expires_at = timezone.now() + timedelta(minutes=settings.VIETQR_PAYMENT_TTL_MINUTES)

    def prepare(self, *, payment: Payment) -> None:
        return None

    def refund(self, *, payment: Payment, amount: Decimal, idempotency_key: str) -> tuple[str, bool]:
        # Incoming transfers cannot be reversed by API: staff pay the buyer back by bank transfer.
        return "", False
