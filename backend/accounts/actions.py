"""Account writes: throttled sign-in, sign-up with email confirmation, password-reset requests,
token revocation. No answer says whether an email has an account; its owner is told by email."""

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from backend.accounts import tasks
from backend.accounts.error_codes import AccountErrorCode
from backend.accounts.models import User
from backend.accounts.tokens import confirmation_tokens
from backend.accounts.validators import normalize_vn_phone
from backend.core.errors import DomainError
from backend.core.throttle import Throttle, client_network

_FULL_NAME_MAX = User._meta.get_field("full_name").max_length


def _normalized(email: str) -> str:
    return (email or "").strip().lower()


def _too_many_requests() -> DomainError:
    return DomainError(
        AccountErrorCode.TOO_MANY_REQUESTS,
        "Too many attempts from your network. Try again in a few minutes.",
        None,
    )


def _address_allowed(request: HttpRequest, *, group: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt against the caller's address, whatever its outcome."""
    throttle = Throttle(group=group, limit=limit, window_seconds=window_seconds)
    return throttle.consume(request, client_network(request))


def _user_email_queue(*, user: User, kind: str) -> None:
    # After commit and through the queue: the answer is never held up by, nor timed by, the mail.
    user_id = user.pk
    transaction.on_commit(lambda: tasks.user_email.delay(user_id, kind))


def _password_check(*, email: str, password: str) -> tuple[User | None, bool]:
    """One password hash whether or not `email` has an account (as Django's ModelBackend does)."""
    user = User.objects.filter(email=email).first()
    if user is None:
        User().set_password(password)
        return None, False
    return user, user.check_password(password)


def user_authenticate(*, request: HttpRequest, email: str, password: str) -> User:
    """Check credentials for an active, confirmed account, throttled without locking anyone out.

    Every attempt counts against the caller's address (`LOGIN_ATTEMPT_LIMIT`); failures count
    against the account from that address (`LOGIN_FAILURE_LIMIT`) and from all addresses
    (`LOGIN_ACCOUNT_FAILURE_LIMIT`). A flood from one address therefore blocks only that address:
    the owner signs in from another. Once an account has failed from many addresses each address
    gets one failure per window for it, which slows a distributed guesser to one guess per address
    per window while an address that has not failed still signs in. A refused attempt does no
    password hashing. A disabled or unconfirmed account is answered exactly like a wrong password;
    when the password was right its owner gets an email (a notice, or the confirmation link again).
    """
    email = _normalized(email)
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    if not _address_allowed(
        request, group="sign-in-address", limit=settings.LOGIN_ATTEMPT_LIMIT, window_seconds=window
    ):
        raise _too_many_requests()
    from_here = Throttle("sign-in-account-address", settings.LOGIN_FAILURE_LIMIT, window)
    everywhere = Throttle("sign-in-account", settings.LOGIN_ACCOUNT_FAILURE_LIMIT, window)
    here_key = f"{email}|{client_network(request)}"
    allowance = 1 if everywhere.blocked(request, email) else settings.LOGIN_FAILURE_LIMIT
    if from_here.count(request, here_key) >= allowance:
        raise DomainError(
            AccountErrorCode.TOO_MANY_ATTEMPTS,
            "Too many failed sign-in attempts. Try again later.",
            "email",
        )
    user, password_ok = _password_check(email=email, password=password)
    if user is not None and password_ok and user.is_active and user.is_confirmed:
        return user
    from_here.hit(request, here_key)
    everywhere.hit(request, email)
    if user is not None and password_ok:
        _user_email_queue(user=user, kind="confirm" if user.is_active else "disabled_sign_in")
    raise DomainError(
        AccountErrorCode.INVALID_CREDENTIALS,
        "Please enter a correct email and password.",
        "email",
    )


def _registration_clean(*, email: str, password: str, full_name: str, phone: str) -> str:
    """Refuse bad input the same way whether or not the email is taken; returns the clean phone."""
    if not email:
        raise DomainError(AccountErrorCode.REQUIRED, "Email is required.", "email")
    try:
        validate_email(email)
    except ValidationError as exc:
        raise DomainError(AccountErrorCode.INVALID, exc.messages[0], "email") from exc
    if len(full_name) > _FULL_NAME_MAX:
        raise DomainError(
            AccountErrorCode.INVALID, f"Full name is at most {_FULL_NAME_MAX} characters.", "full_name"
        )
    try:
        normalized_phone = normalize_vn_phone(phone) if phone else ""
    except ValidationError as exc:
        raise DomainError(AccountErrorCode.INVALID, exc.messages[0], "phone") from exc
    candidate = User(email=email, full_name=full_name, phone=normalized_phone)
    try:
        validate_password(password, candidate)
    except ValidationError as exc:
        raise DomainError(AccountErrorCode.PASSWORD_TOO_WEAK, " ".join(exc.messages), "password") from exc
    return normalized_phone


@transaction.atomic
def user_register(
    *,
    request: HttpRequest,
    email: str,
    password: str,
    full_name: str = "",
    phone: str = "",
    language: str = "vi",
) -> None:
    """Register a consumer account that may sign in once its owner opens the emailed link.

    Returns nothing on purpose: a taken email gets the same answer after the same work (one
    password hash, one queued email) and its owner is emailed instead, so the answer cannot tell
    anyone whether an address has an account.
    """
    if not _address_allowed(
        request,
        group="sign-up-address",
        limit=settings.SIGN_UP_LIMIT,
        window_seconds=settings.ACCOUNT_EMAIL_WINDOW_SECONDS,
    ):
        raise _too_many_requests()
    email = _normalized(email)
    full_name = full_name or ""
    normalized_phone = _registration_clean(
        email=email, password=password, full_name=full_name, phone=phone or ""
    )
    password_hash = make_password(password)
    owner = User.objects.filter(email=email).first()
    if owner is None:
        try:
            # Savepoint: of two simultaneous sign-ups for one new email, the loser lands here.
            with transaction.atomic():
                user = User.objects.create(
                    email=email,
                    password=password_hash,
                    full_name=full_name,
                    phone=normalized_phone,
                    language=language,
                    is_confirmed=False,
                )
        except IntegrityError:
            owner = User.objects.get(email=email)
        else:
            _user_email_queue(user=user, kind="confirm")
            return
    _user_email_queue(user=owner, kind="sign_up_taken")


def user_confirm(*, email: str, token: str) -> User:
    """Confirm the account the emailed link names; the link is spent once the account is confirmed."""
    user = User.objects.filter(email=_normalized(email), is_active=True).first()
    if user is None or not confirmation_tokens.check_token(user, token):
        raise DomainError(AccountErrorCode.INVALID_TOKEN, "This link is invalid or has expired.", "token")
    user.is_confirmed = True
    user.save(update_fields=["is_confirmed"])
    return user


def password_reset_request(*, request: HttpRequest, email: str) -> None:
    """Queue a reset link for `email`: the same work and answer for a known and an unknown address."""
    if not _address_allowed(
        request,
        group="password-reset-address",
        limit=settings.PASSWORD_RESET_LIMIT,
        window_seconds=settings.ACCOUNT_EMAIL_WINDOW_SECONDS,
    ):
        raise _too_many_requests()
    email = _normalized(email)
    transaction.on_commit(lambda: tasks.password_reset_email.delay(email))


def user_password_set(*, user: User, password: str) -> User:
    """Set a password chosen through an emailed reset link, which also proves the email is theirs."""
    user.set_password(password)
    user.is_confirmed = True
    user.save()
    return user


def user_tokens_revoke(*, user: User) -> None:
    """Invalidate every JWT issued so far to `user` (sign-out everywhere)."""
    user.jwt_key = User._meta.get_field("jwt_key").default()
    user.save(update_fields=["jwt_key"])
