"""Stable error codes for catalog operations (GraphQL `CatalogErrorCode`)."""

from enum import Enum


class CatalogErrorCode(Enum):
    REQUIRED = "required"
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    UNIQUE = "unique"
    STALL_NOT_APPROVED = "stall_not_approved"
    DUPLICATED_SKU = "duplicated_sku"
    INVALID_GTIN = "invalid_gtin"
    DUPLICATED_GTIN = "duplicated_gtin"
    INVALID_PRICE = "invalid_price"
    CHANNEL_NOT_FOUND = "channel_not_found"
    CATEGORY_NOT_FOUND = "category_not_found"
    CERTIFICATE_NOT_IN_STALL = "certificate_not_in_stall"
    WAREHOUSE_NOT_IN_STALL = "warehouse_not_in_stall"
    INVALID_QUANTITY = "invalid_quantity"
    QUANTITY_BELOW_ALLOCATED = "quantity_below_allocated"
    UNKNOWN_PROVINCE = "unknown_province"
    UNKNOWN_COMMUNE = "unknown_commune"
    COMMUNE_NOT_IN_PROVINCE = "commune_not_in_province"
    UNSUPPORTED_IMAGE_FORMAT = "unsupported_image_format"
    FILE_TOO_LARGE = "file_too_large"
    IMAGE_TOO_LARGE = "image_too_large"
    INVALID_IMAGE = "invalid_image"
