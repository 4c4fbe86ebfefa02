"""Stable error codes for account operations (GraphQL `AccountErrorCode`)."""

from enum import Enum


class AccountErrorCode(Enum):
    INVALID_CREDENTIALS = "invalid_credentials"
    INACTIVE = "inactive"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    INVALID_TOKEN = "invalid_token"
    REQUIRED = "required"
    INVALID = "invalid"
    UNIQUE = "unique"
    PASSWORD_TOO_WEAK = "password_too_weak"
