"""Stable error codes for order lifecycle, refunds and payouts (OrderErrorCode in GraphQL)."""

from enum import Enum


class OrderErrorCode(Enum):
    NOT_FOUND = "not_found"
    INVALID_STATUS = "invalid_status"
    NOT_PAID = "not_paid"
    REASON_REQUIRED = "reason_required"
    CANNOT_CANCEL = "cannot_cancel"
    INVALID_AMOUNT = "invalid_amount"
    REFUND_EXCEEDS_PAID = "refund_exceeds_paid"
    PAYOUT_EXCEEDS_BALANCE = "payout_exceeds_balance"
    PAYMENT_FAILED = "payment_failed"
    TRACKING_REQUIRED = "tracking_required"
    # Placing: checkout answers it as CheckoutErrorCode.INSUFFICIENT_STOCK.
    INSUFFICIENT_STOCK = "insufficient_stock"
