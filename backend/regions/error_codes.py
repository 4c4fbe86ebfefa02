"""Stable error codes for address and region validation."""

from enum import Enum


class RegionErrorCode(Enum):
    UNKNOWN_PROVINCE = "unknown_province"
    UNKNOWN_COMMUNE = "unknown_commune"
    COMMUNE_NOT_IN_PROVINCE = "commune_not_in_province"
    LEGACY_CODE_UNCONVERTIBLE = "legacy_code_unconvertible"
    # Saleor-shaped addresses (backend/graphql/core/address.py): a missing or malformed part.
    REQUIRED = "required"
    INVALID = "invalid"
