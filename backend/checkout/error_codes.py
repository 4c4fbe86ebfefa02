"""Stable error codes for checkout mutations (CheckoutErrorCode in GraphQL)."""

from enum import Enum


class CheckoutErrorCode(Enum):
    NOT_FOUND = "not_found"
    INVALID_CHANNEL = "invalid_channel"
    VARIANT_NOT_AVAILABLE = "variant_not_available"
    INVALID_QUANTITY = "invalid_quantity"
    INSUFFICIENT_STOCK = "insufficient_stock"
    TOO_MANY_LINES = "too_many_lines"
    EMPTY = "empty"
    EMAIL_REQUIRED = "email_required"
    INVALID_EMAIL = "invalid_email"
    ADDRESS_REQUIRED = "address_required"
    INVALID_PHONE = "invalid_phone"
    REQUIRED = "required"
    UNKNOWN_PROVINCE = "unknown_province"
    LEGACY_PROVINCE_CODE = "legacy_province_code"
    UNKNOWN_COMMUNE = "unknown_commune"
    COMMUNE_NOT_IN_PROVINCE = "commune_not_in_province"
    LEGACY_CODE_UNCONVERTIBLE = "legacy_code_unconvertible"
    DELIVERY_METHOD_INVALID = "delivery_method_invalid"
    DELIVERY_METHOD_REQUIRED = "delivery_method_required"
    PAYMENT_METHOD_UNAVAILABLE = "payment_method_unavailable"
    TOO_MANY_ADDRESSES = "too_many_addresses"
    # Saleor's name: no payment chosen, or the money paid is not the checkout's total.
    CHECKOUT_NOT_FULLY_PAID = "checkout_not_fully_paid"
    # Promo codes (the names of backend.discounts' codes, re-coded by name).
    INVALID = "invalid"
    VOUCHER_NOT_APPLICABLE = "voucher_not_applicable"
    VOUCHER_NOT_ACTIVE = "voucher_not_active"
    VOUCHER_USAGE_LIMIT_REACHED = "voucher_usage_limit_reached"
    VOUCHER_ALREADY_USED = "voucher_already_used"
    VOUCHER_MIN_SPEND_NOT_REACHED = "voucher_min_spend_not_reached"
