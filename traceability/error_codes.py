"""Stable codes for traceability refusals (GraphQL `TraceabilityErrorCode`)."""

from enum import Enum


class TraceabilityErrorCode(Enum):
    NOT_FOUND = "not_found"
    REQUIRED = "required"
    INVALID = "invalid"
    INVALID_LOT_CODE = "invalid_lot_code"
    DUPLICATE_LOT_CODE = "duplicate_lot_code"
    VARIANT_NOT_IN_STALL = "variant_not_in_stall"
    SITE_NOT_IN_STALL = "site_not_in_stall"
    INVALID_DATES = "invalid_dates"
    INVALID_STATUS = "invalid_status"
    LOT_NOT_RELEASED = "lot_not_released"
    NOTICE_REQUIRED = "notice_required"
    QUANTITY_OUT_OF_RANGE = "quantity_out_of_range"
    CORRECTION_OUTSIDE_CHAIN = "correction_outside_chain"
    INVALID_PHOTO = "invalid_photo"
    # Document refusals, as named by backend.core.documents.DocumentErrorCode.
    INVALID_DOCUMENT = "invalid_document"
    FILE_TOO_LARGE = "file_too_large"
    INVALID_URL = "invalid_url"
    PERMISSION_DENIED = "permission_denied"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
