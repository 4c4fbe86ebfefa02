"""Sign-in, sign-up and password-reset forms over the account actions; errors in the visitor's language."""

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from backend.accounts.actions import (
    password_reset_request,
    user_authenticate,
    user_password_set,
    user_register,
)
from backend.accounts.error_codes import AccountErrorCode
from backend.accounts.models import User
from backend.core.errors import DomainError

_MESSAGES = {
    AccountErrorCode.TOO_MANY_ATTEMPTS: _("Too many failed sign-in attempts. Try again later."),
    AccountErrorCode.TOO_MANY_REQUESTS: _("Too many attempts from your network. Try again in a few minutes."),
    AccountErrorCode.INVALID_CREDENTIALS: _("Please enter a correct email and password."),
    AccountErrorCode.REQUIRED: _("This field is required."),
}
# Refusals that mean "slow down" rather than "fix your input": the views answer them with 429.
THROTTLED = (AccountErrorCode.TOO_MANY_ATTEMPTS.value, AccountErrorCode.TOO_MANY_REQUESTS.value)


def _translated(error: DomainError) -> str:
    return str(_MESSAGES.get(error.code, error.message))


def is_throttled(form: forms.Form) -> bool:
    """True when the form was refused by a rate limit."""
    return any(form.has_error(field, code) for field in form.errors for code in THROTTLED)


class _ActionForm(forms.Form):
    """A form whose `clean` calls one account action for the request; a refusal becomes a form
    error in the visitor's language, on its field when `errors_on_fields` and the form has it."""

    errors_on_fields = False

    def __init__(self, request: HttpRequest, *args, **kwargs) -> None:
        self.request = request
        super().__init__(*args, **kwargs)

    def act(self, data: dict) -> None:
        raise NotImplementedError

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        try:
            self.act(data)
        except DomainError as error:
            field = error.field if self.errors_on_fields and error.field in self.fields else None
            self.add_error(field, forms.ValidationError(_translated(error), code=error.code.value))
        return data


class SignInForm(_ActionForm):
    email = forms.EmailField(label=_("Email"), widget=forms.EmailInput(attrs={"autofocus": True}))
    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput)
    user: User | None = None

    def act(self, data: dict) -> None:
        self.user = user_authenticate(request=self.request, email=data["email"], password=data["password"])


class SignUpForm(_ActionForm):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("Email"))
    phone = forms.CharField(label=_("Phone (optional)"), max_length=20, required=False)
    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput)
    errors_on_fields = True

    def act(self, data: dict) -> None:
        """Register (the same outcome for a new and a taken email)."""
        user_register(
            request=self.request,
            email=data["email"],
            password=data["password"],
            full_name=data["full_name"],
            phone=data["phone"],
            language=translation.get_language() or "vi",
        )


class PasswordResetRequestForm(_ActionForm):
    email = forms.EmailField(label=_("Email"), max_length=254)

    def act(self, data: dict) -> None:
        password_reset_request(request=self.request, email=data["email"])


class PasswordSetForm(SetPasswordForm):
    """Django's new-password form, saved through `user_password_set` (which confirms the email)."""

    def save(self, commit: bool = True) -> User:
        return user_password_set(user=self.user, password=self.cleaned_data["new_password1"])
