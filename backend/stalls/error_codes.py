"""Stable error codes for stall onboarding and OCOP certificates (GraphQL `StallErrorCode`)."""

from enum import Enum


class StallErrorCode(Enum):
    REQUIRED = "required"
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    UNIQUE = "unique"
    INVALID_STATUS = "invalid_status"
    UNKNOWN_PROVINCE = "unknown_province"
    UNKNOWN_COMMUNE = "unknown_commune"
    COMMUNE_NOT_IN_PROVINCE = "commune_not_in_province"
    INVALID_TAX_CODE = "invalid_tax_code"
    INVALID_PHONE = "invalid_phone"
    INVALID_STARS = "invalid_stars"
    INVALID_GROUP = "invalid_group"
    INVALID_SCORE = "invalid_score"
    INVALID_DOCUMENT = "invalid_document"
    PRODUCT_NOT_IN_STALL = "product_not_in_stall"
    OUT_OF_SCOPE = "out_of_scope"
    # Logo refusals, as named by backend.core.images.ImageErrorCode.
    UNSUPPORTED_IMAGE_FORMAT = "unsupported_image_format"
    FILE_TOO_LARGE = "file_too_large"
    IMAGE_TOO_LARGE = "image_too_large"
    INVALID_IMAGE = "invalid_image"
