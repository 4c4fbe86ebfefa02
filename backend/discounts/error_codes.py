"""Stable error codes for voucher refusals; checkout re-codes them as its own by name."""

from enum import Enum


class DiscountErrorCode(Enum):
    NOT_FOUND = "not_found"
    INVALID = "invalid"
    VOUCHER_NOT_APPLICABLE = "voucher_not_applicable"
    VOUCHER_NOT_ACTIVE = "voucher_not_active"
    VOUCHER_USAGE_LIMIT_REACHED = "voucher_usage_limit_reached"
    VOUCHER_ALREADY_USED = "voucher_already_used"
    VOUCHER_MIN_SPEND_NOT_REACHED = "voucher_min_spend_not_reached"
    DUPLICATED_CODE = "duplicated_code"
    INVALID_VALUE = "invalid_value"
    INVALID_DATES = "invalid_dates"
