"""Stable error codes for content operations (pages and menus)."""

from enum import Enum


class ContentErrorCode(Enum):
    REQUIRED = "required"
    INVALID = "invalid"
    NOT_FOUND = "not_found"
