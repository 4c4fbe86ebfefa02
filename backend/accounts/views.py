"""Server-rendered sign-in, sign-up (confirmed by an emailed link), sign-out and password reset."""

from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods

from backend.accounts.actions import user_confirm
from backend.accounts.forms import (
    PasswordResetRequestForm,
    PasswordSetForm,
    SignInForm,
    SignUpForm,
    is_throttled,
)
from backend.core.errors import DomainError


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else "/"


def _status(request: HttpRequest, form: Form) -> int:
    if request.method != "POST":
        return 200
    return 429 if is_throttled(form) else 400


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(_next_url(request))
    context = {"form": form, "next": _next_url(request)}
    return render(request, "accounts/sign_in.html", context, status=_status(request, form))


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    """A valid form always leads to "check your email", whether or not the email had an account."""
    form = SignUpForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        return redirect("accounts:signup_done")
    return render(request, "accounts/sign_up.html", {"form": form}, status=_status(request, form))


@require_GET
def sign_up_done(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/sign_up_done.html")


@sensitive_variables("token")
@require_GET
def confirm(request: HttpRequest) -> HttpResponse:
    """The emailed confirmation link (GET ?email=…&token=…)."""
    token = request.GET.get("token", "")
    try:
        user_confirm(email=request.GET.get("email", ""), token=token)
    except DomainError:
        return render(request, "accounts/confirm.html", {"confirmed": False}, status=400)
    return render(request, "accounts/confirm.html", {"confirmed": True})


@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    """Ask for a reset link: known and unknown emails get the same page and the same work."""
    form = PasswordResetRequestForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        return redirect("accounts:password_reset_done")
    return render(request, "accounts/password_reset.html", {"form": form}, status=_status(request, form))


password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    form_class=PasswordSetForm,
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
