"""Stable error codes for account operations (GraphQL `AccountErrorCode`)."""

from enum import Enum


class AccountErrorCode(Enum):
    INVALID_CREDENTIALS = "invalid_credentials"
    # Too many failed sign-ins for this account from this address.
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    # Too many attempts of any outcome from this address (sign-in, sign-up, password reset).
    TOO_MANY_REQUESTS = "too_many_requests"
    INVALID_TOKEN = "invalid_token"
    REQUIRED = "required"
    INVALID = "invalid"
    PASSWORD_TOO_WEAK = "password_too_weak"
    # Saleor's codes for the account API.
    NOT_FOUND = "not_found"
    INVALID_PASSWORD = "invalid_password"
    CHANNEL_INACTIVE = "channel_inactive"
    # Nông Sàn: the address book is full; the account cannot be deleted yet (roles, open orders).
    TOO_MANY_ADDRESSES = "too_many_addresses"
    DELETION_NOT_ALLOWED = "deletion_not_allowed"
