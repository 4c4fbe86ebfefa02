"""Stable error codes for payment operations (GraphQL `PaymentErrorCode`)."""

from enum import Enum


class PaymentErrorCode(Enum):
    NOT_FOUND = "not_found"
    INVALID = "invalid"
    UNSUPPORTED_METHOD = "unsupported_method"
    UNSUPPORTED_CURRENCY = "unsupported_currency"
    INVALID_STATUS = "invalid_status"
    INVALID_AMOUNT = "invalid_amount"
    AMOUNT_EXCEEDS_CAPTURE = "amount_exceeds_capture"
    AMOUNT_EXCEEDS_REFUNDABLE = "amount_exceeds_refundable"
    GATEWAY_ERROR = "gateway_error"
    ALREADY_RESOLVED = "already_resolved"
    AMOUNT_MISMATCH = "amount_mismatch"
