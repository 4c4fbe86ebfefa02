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
