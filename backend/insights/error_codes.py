"""Stable error codes for insights: periods, declared sales, OCOP lists (GraphQL `InsightErrorCode`)."""

from enum import Enum


class InsightErrorCode(Enum):
    INVALID_PERIOD = "invalid_period"
    UNKNOWN_PROVINCE = "unknown_province"
    NOT_FOUND = "not_found"
    MONTH_NOT_EDITABLE = "month_not_editable"
    INVALID_AMOUNT = "invalid_amount"
    INVALID_CURRENCY = "invalid_currency"
    PRODUCT_NOT_IN_STALL = "product_not_in_stall"
    PRODUCT_OR_CATEGORY = "product_or_category"
    OUT_OF_SCOPE = "out_of_scope"
