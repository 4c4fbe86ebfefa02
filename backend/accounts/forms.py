"""Sign-in and sign-up forms; errors come back in the visitor's language."""

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from backend.accounts.actions import user_authenticate, user_create
from backend.accounts.error_codes import AccountErrorCode
from backend.accounts.models import User
from backend.core.errors import DomainError

_MESSAGES = {
    AccountErrorCode.TOO_MANY_ATTEMPTS: _("Too many failed sign-in attempts. Try again later."),
    AccountErrorCode.INVALID_CREDENTIALS: _("Please enter a correct email and password."),
    AccountErrorCode.INACTIVE: _("This account is disabled."),
    AccountErrorCode.UNIQUE: _("An account with this email already exists."),
    AccountErrorCode.REQUIRED: _("This field is required."),
}


def _translated(error: DomainError) -> str:
    return str(_MESSAGES.get(error.code, error.message))


class SignInForm(forms.Form):
    email = forms.EmailField(label=_("Email"), widget=forms.EmailInput(attrs={"autofocus": True}))
    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput)

    def __init__(self, request: HttpRequest, *args, **kwargs) -> None:
        self.request = request
        self.user: User | None = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        try:
            self.user = user_authenticate(
                request=self.request, email=data["email"], password=data["password"]
            )
        except DomainError as error:
            raise forms.ValidationError(_translated(error), code=error.code.value) from error
        return data


class SignUpForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("Email"))
    phone = forms.CharField(label=_("Phone (optional)"), max_length=20, required=False)
    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput)

    def save(self) -> User | None:
        """Create the account, or attach the domain's refusal to the right field and return None."""
        try:
            return user_create(
                email=self.cleaned_data["email"],
                password=self.cleaned_data["password"],
                full_name=self.cleaned_data["full_name"],
                phone=self.cleaned_data["phone"],
            )
        except DomainError as error:
            message = _MESSAGES.get(error.code, error.message)
            self.add_error(error.field, str(message))
            return None
