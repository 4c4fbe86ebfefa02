"""Account writes: throttled sign-in, sign-up with email confirmation, password-reset requests,
token revocation. No answer says whether an email has an account; its owner is told by email."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from backend.accounts import roles, tasks
from backend.accounts.error_codes import AccountErrorCode
from backend.accounts.models import User
from backend.accounts.signals import account_anonymised, account_deletion_check
from backend.accounts.tokens import confirmation_tokens, deletion_tokens
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


def _user_email_queue(*, user: User, kind: str, redirect_url: str | None = None) -> None:
    # After commit and through the queue: the answer is never held up by, nor timed by, the mail.
    user_id = user.pk
    transaction.on_commit(lambda: tasks.user_email.delay(user_id, kind, redirect_url))


def redirect_url_clean(url: str | None, *, field: str = "redirectUrl") -> str | None:
    """A client's `redirectUrl` for emailed links, only on `ALLOWED_CLIENT_HOSTS` (or our own host):
    a link carrying a token must not lead anywhere else."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    allowed = {*settings.ALLOWED_CLIENT_HOSTS, urlsplit(settings.PUBLIC_BASE_URL).hostname}
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.hostname not in allowed:
        raise DomainError(AccountErrorCode.INVALID, f"{url!r} is not a URL of an allowed storefront.", field)
    return url.strip()


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
    redirect_url: str | None = None,
) -> None:
    """Register a consumer account that may sign in once its owner opens the emailed link.

    Returns nothing on purpose: a taken email gets the same answer after the same work (one
    password hash, one queued email) and its owner is emailed instead, so the answer cannot tell
    anyone whether an address has an account.
    The confirmation link leads to `redirect_url` (checked by `redirect_url_clean`) with `email`
    and `token` added, for a client that confirms through `confirmAccount`; else to our page.
    """
    redirect_url = redirect_url_clean(redirect_url)
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
            _user_email_queue(user=user, kind="confirm", redirect_url=redirect_url)
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


def password_reset_request(*, request: HttpRequest, email: str, redirect_url: str | None = None) -> None:
    """Queue a reset link for `email`: the same work and answer for a known and an unknown address.

    With `redirect_url` the link leads there with `email` and `token` (for `setPassword`)."""
    redirect_url = redirect_url_clean(redirect_url)
    if not _address_allowed(
        request,
        group="password-reset-address",
        limit=settings.PASSWORD_RESET_LIMIT,
        window_seconds=settings.ACCOUNT_EMAIL_WINDOW_SECONDS,
    ):
        raise _too_many_requests()
    email = _normalized(email)
    transaction.on_commit(lambda: tasks.password_reset_email.delay(email, redirect_url))


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


def _password_validated(password: str, user: User, field: str) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(AccountErrorCode.PASSWORD_TOO_WEAK, " ".join(exc.messages), field) from exc


def password_reset_confirm(*, request: HttpRequest, email: str, token: str, password: str) -> User:
    """Set a new password with the emailed reset token (`setPassword`); the token is spent by it.

    Attempts count against the caller's address like reset requests; an unknown email, a wrong or
    used token all answer the same INVALID_TOKEN."""
    if not _address_allowed(
        request,
        group="password-set-address",
        limit=settings.LOGIN_ATTEMPT_LIMIT,
        window_seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS,
    ):
        raise _too_many_requests()
    user = User.objects.filter(email=_normalized(email), is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token or ""):
        raise DomainError(AccountErrorCode.INVALID_TOKEN, "This link is invalid or has expired.", "token")
    _password_validated(password, user, "password")
    return user_password_set(user=user, password=password)


def user_password_change(*, request: HttpRequest, user: User, old_password: str, new_password: str) -> User:
    """Change the signed-in user's password after checking the old one (`passwordChange`).

    Wrong old passwords count like failed sign-ins for the account from this address, so a stolen
    access token cannot be used to guess the password. Every token issued so far is revoked: the
    client signs in again with the new password."""
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    failures = Throttle("password-change", settings.LOGIN_FAILURE_LIMIT, window)
    key = f"{user.pk}|{client_network(request)}"
    if failures.count(request, key) >= settings.LOGIN_FAILURE_LIMIT:
        raise DomainError(
            AccountErrorCode.TOO_MANY_ATTEMPTS, "Too many wrong passwords. Try again later.", "oldPassword"
        )
    if not user.check_password(old_password or ""):
        failures.hit(request, key)
        raise DomainError(
            AccountErrorCode.INVALID_PASSWORD, "The current password is not correct.", "oldPassword"
        )
    _password_validated(new_password, user, "newPassword")
    user.set_password(new_password)
    user.save(update_fields=["password", "jwt_key"])
    return user


def user_update(
    *, user: User, full_name: str | None = None, phone: str | None = None, language: str | None = None
) -> User:
    """Change the signed-in user's name, phone or language (`accountUpdate`); None keeps a value."""
    fields = []
    if full_name is not None:
        full_name = " ".join(full_name.split())
        if len(full_name) > _FULL_NAME_MAX:
            raise DomainError(
                AccountErrorCode.INVALID, f"The name is at most {_FULL_NAME_MAX} characters.", "firstName"
            )
        user.full_name = full_name
        fields.append("full_name")
    if phone is not None:
        try:
            user.phone = normalize_vn_phone(phone) if phone.strip() else ""
        except ValidationError as exc:
            raise DomainError(AccountErrorCode.INVALID, exc.messages[0], "phone") from exc
        fields.append("phone")
    if language is not None:
        if language not in dict(settings.LANGUAGES):
            raise DomainError(AccountErrorCode.INVALID, f"Unsupported language {language!r}.", "languageCode")
        user.language = language
        fields.append("language")
    if fields:
        user.save(update_fields=fields)
    return user


def _deletion_allowed(user: User) -> None:
    if user.is_staff or user.is_superuser or roles.is_official(user) or roles.is_stall_member(user):
        raise DomainError(
            AccountErrorCode.DELETION_NOT_ALLOWED,
            "Accounts of staff, officials and stall members are closed by the platform; write to support.",
            None,
        )
    account_deletion_check.send(sender=User, user=user)


def account_deletion_request(*, request: HttpRequest, user: User, redirect_url: str) -> None:
    """Email the signed-in user a link (to `redirect_url` with `token`) that confirms deleting the
    account (`accountRequestDeletion`). Refused up front when the deletion would be refused."""
    redirect_url = redirect_url_clean(redirect_url)
    if redirect_url is None:
        raise DomainError(AccountErrorCode.REQUIRED, "Give the page the emailed link opens.", "redirectUrl")
    if not _address_allowed(
        request,
        group="account-deletion-address",
        limit=settings.PASSWORD_RESET_LIMIT,
        window_seconds=settings.ACCOUNT_EMAIL_WINDOW_SECONDS,
    ):
        raise _too_many_requests()
    _deletion_allowed(user)
    _user_email_queue(user=user, kind="delete", redirect_url=redirect_url)


@transaction.atomic
def account_delete(*, user: User, token: str) -> None:
    """Delete the signed-in user's account with the emailed token (`accountDelete`).

    The user row stays, anonymised and disabled, so that orders keep their buyer for the stalls'
    books; `account_anonymised` tells the apps that keep personal data (address book, carts, order
    contacts) to remove it. Every token is revoked and the email can register again."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if not locked.is_active or not deletion_tokens.check_token(locked, token or ""):
        raise DomainError(AccountErrorCode.INVALID_TOKEN, "This link is invalid or has expired.", "token")
    _deletion_allowed(locked)
    locked.email = f"deleted-{locked.pk}@deleted.invalid"
    locked.full_name = ""
    locked.phone = ""
    locked.is_active = False
    locked.set_unusable_password()
    locked.jwt_key = User._meta.get_field("jwt_key").default()
    locked.save()
    account_anonymised.send(sender=User, user_id=locked.pk)
