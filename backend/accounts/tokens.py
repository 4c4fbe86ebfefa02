"""Account tokens: JWT access/refresh the Saleor way (revocable per user) and email-confirmation tokens."""

import time
import uuid

import jwt
from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator

from backend.accounts.error_codes import AccountErrorCode
from backend.accounts.models import User
from backend.core.errors import DomainError

ACCESS = "access"
REFRESH = "refresh"
_ALGORITHM = "HS256"


def _encode(user: User, token_type: str, ttl: int) -> str:
    now = int(time.time())
    payload = {
        "sub": str(user.pk),
        "email": user.email,
        "type": token_type,
        "key": user.jwt_key,
        "iat": now,
        "exp": now + ttl,
        "jti": uuid.uuid4().hex,
        "iss": "nongsan",
    }
    return jwt.encode(payload, settings.SECRET_KEY, algorithm=_ALGORITHM)


def access_token_create(*, user: User) -> str:
    return _encode(user, ACCESS, settings.JWT_ACCESS_TTL_SECONDS)


def refresh_token_create(*, user: User) -> str:
    return _encode(user, REFRESH, settings.JWT_REFRESH_TTL_SECONDS)


def token_user(*, token: str, token_type: str) -> User:
    """Return the active user a valid, unrevoked token of `token_type` names, or raise DomainError."""
    invalid = DomainError(AccountErrorCode.INVALID_TOKEN, "Token is invalid or expired.", "token")
    try:
        payload = jwt.decode(
            token,
            settings.SECRET_KEY,
            algorithms=[_ALGORITHM],
            issuer="nongsan",
            options={"require": ["exp", "sub", "type", "key"]},
        )
    except jwt.PyJWTError as exc:
        raise invalid from exc
    if payload["type"] != token_type:
        raise invalid
    user = User.objects.filter(pk=payload["sub"], is_active=True).first()
    if user is None or user.jwt_key != payload["key"]:
        raise invalid
    return user


class _ConfirmationTokenGenerator(PasswordResetTokenGenerator):
    """Django's reset-token scheme under its own salt; confirming (or a new password) spends it."""

    key_salt = "backend.accounts.tokens.confirmation"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        return f"{user.pk}{user.password}{user.is_confirmed}{user.email}{timestamp}"


confirmation_tokens = _ConfirmationTokenGenerator()


class _DeletionTokenGenerator(PasswordResetTokenGenerator):
    """The emailed account-deletion link: spent once the account is deleted or signs out everywhere."""

    key_salt = "backend.accounts.tokens.deletion"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        return f"{user.pk}{user.password}{user.is_active}{user.email}{user.jwt_key}{timestamp}"


deletion_tokens = _DeletionTokenGenerator()
