"""Account emails (confirmation link, sign-up on a taken address, refused sign-in to a disabled
account, password reset), rendered in the recipient's language; sent from tasks, never inline."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from backend.accounts.models import User
from backend.accounts.tokens import confirmation_tokens, deletion_tokens

SUBJECTS = {
    "confirm": _("Confirm your Nông Sàn account"),
    "sign_up_taken": _("Someone tried to sign up with your email"),
    "disabled_sign_in": _("A sign-in to your disabled Nông Sàn account"),
    "delete": _("Confirm deleting your Nông Sàn account"),
}


def _language(user: User) -> str:
    return user.language if user.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _url(name: str, query: dict[str, str] | None = None, **kwargs: str) -> str:
    url = f"{settings.PUBLIC_BASE_URL.rstrip('/')}{reverse(name, kwargs=kwargs or None)}"
    return f"{url}?{urlencode(query)}" if query else url


def _client_url(redirect_url: str, query: dict[str, str]) -> str:
    """A GraphQL client's page (checked when it was given) with the link's parameters added."""
    return f"{redirect_url}{'&' if '?' in redirect_url else '?'}{urlencode(query)}"


def user_email_send(*, user: User, kind: str, redirect_url: str | None = None) -> int:
    """Render and send one of `SUBJECTS` to `user`; returns how many emails went out.

    `redirect_url` (a client's page, for links opened there) replaces our own page in the link."""
    context = {
        "user": user,
        "sign_in_url": _url("accounts:login"),
        "password_reset_url": _url("accounts:password_reset"),
    }
    if kind == "confirm":
        token = confirmation_tokens.make_token(user)
        query = {"email": user.email, "token": token}
        context["confirm_url"] = (
            _client_url(redirect_url, query) if redirect_url else _url("accounts:confirm", query)
        )
    if kind == "delete":
        context["delete_url"] = _client_url(
            redirect_url or _url("accounts:login"), {"token": deletion_tokens.make_token(user)}
        )
    with translation.override(_language(user)):
        subject = str(SUBJECTS[kind])
        body = render_to_string(f"accounts/email/{kind}.txt", context)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def password_reset_email_send(*, email: str, redirect_url: str | None = None) -> int:
    """Send a reset link to every active account with `email` (none for an unknown address)."""
    users = User.objects.filter(email__iexact=email, is_active=True)
    sent = 0
    for user in users:
        if not user.has_usable_password():
            continue
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        if redirect_url:
            reset_url = _client_url(redirect_url, {"email": user.email, "token": token})
        else:
            reset_url = _url("accounts:password_reset_confirm", uidb64=uid, token=token)
        context = {"reset_url": reset_url}
        with translation.override(_language(user)):
            subject = render_to_string("accounts/password_reset_subject.txt", context).strip()
            body = render_to_string("accounts/password_reset_email.txt", context)
        sent += send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return sent
