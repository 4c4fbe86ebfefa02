"""Account writes: sign-up, credential checks with failure throttling, token revocation."""

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from backend.accounts.error_codes import AccountErrorCode
from backend.accounts.models import User
from backend.accounts.validators import normalize_vn_phone
from backend.core.errors import DomainError
from backend.core.throttle import Throttle, client_ip


def _login_throttle() -> Throttle:
    return Throttle(
        group="login-failures",
        limit=settings.LOGIN_FAILURE_LIMIT,
        window_seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS,
    )


def user_authenticate(*, request: HttpRequest, email: str, password: str) -> User:
    """Check credentials; failures count per email and per IP, and too many lock both out."""
    email = (email or "").strip().lower()
    throttle = _login_throttle()
    keys = (f"email:{email}", f"ip:{client_ip(request)}")
    if throttle.blocked(request, *keys):
        raise DomainError(
            AccountErrorCode.TOO_MANY_ATTEMPTS,
            "Too many failed sign-in attempts. Try again later.",
            "email",
        )
    user = authenticate(request, email=email, password=password)
    if user is None:
        throttle.hit(request, *keys)
        inactive = User.objects.filter(email=email, is_active=False).exists()
        if inactive:
            raise DomainError(AccountErrorCode.INACTIVE, "This account is disabled.", "email")
        raise DomainError(
            AccountErrorCode.INVALID_CREDENTIALS,
            "Please enter a correct email and password.",
            "email",
        )
    return user


@transaction.atomic
def user_create(
    *, email: str, password: str, full_name: str = "", phone: str = "", language: str = "vi"
) -> User:
    """Register a consumer account after validating email uniqueness, phone and password strength."""
    email = (email or "").strip().lower()
    if not email:
        raise DomainError(AccountErrorCode.REQUIRED, "Email is required.", "email")
    if User.objects.filter(email=email).exists():
        raise DomainError(AccountErrorCode.UNIQUE, "An account with this email exists.", "email")
    try:
        normalized_phone = normalize_vn_phone(phone) if phone else ""
    except ValidationError as exc:
        raise DomainError(AccountErrorCode.INVALID, exc.messages[0], "phone") from exc
    candidate = User(email=email, full_name=full_name, phone=normalized_phone)
    try:
        validate_password(password, candidate)
    except ValidationError as exc:
        raise DomainError(AccountErrorCode.PASSWORD_TOO_WEAK, " ".join(exc.messages), "password") from exc
    return User.objects.create_user(
        email, password, full_name=full_name, phone=normalized_phone, language=language
    )


def user_tokens_revoke(*, user: User) -> None:
    """Invalidate every JWT issued so far to `user` (sign-out everywhere)."""
    user.jwt_key = User._meta.get_field("jwt_key").default()
    user.save(update_fields=["jwt_key"])
