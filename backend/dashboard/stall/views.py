"""A stall's own profile (payout details included) and its OCOP certificates in the dashboard.

Members read both; owners change the profile (it holds the bank account payouts go to); any member
submits certificates; officials of the stall's province only read.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from backend.catalog.selectors import products_for_stall
from backend.core.errors import DomainError
from backend.dashboard.errors import add_domain_error
from backend.dashboard.shortcuts import stall_render
from backend.dashboard.stall.access import StallAccess, stall_access
from backend.dashboard.stall.forms import CertificateForm, StallLogoForm, StallProfileForm
from backend.regions.selectors import commune_by_code, province_by_code
from backend.stalls.actions import ocop_certificate_submit, stall_logo_set, stall_update

PROFILE_FIELDS = tuple(StallProfileForm.base_fields)


def _profile_page(
    request: HttpRequest,
    access: StallAccess,
    *,
    form: StallProfileForm,
    logo_form: StallLogoForm | None = None,
) -> HttpResponse:
    stall = access.stall
    commune, province = commune_by_code(stall.commune_code), province_by_code(stall.province_code)
    context = {
        "form": form,
        "logo_form": logo_form or StallLogoForm(),
        "can_edit": access.can_write and access.is_owner,
        "area": ", ".join(area.name for area in (commune, province) if area),
    }
    return stall_render(
        request,
        "dashboard/stall/profile.html",
        access,
        context,
        status=400 if request.method == "POST" else 200,
    )


def _profile_initial(access: StallAccess) -> dict:
    return {name: getattr(access.stall, name) for name in PROFILE_FIELDS}


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest, stall_id: int) -> HttpResponse:
    access = stall_access(request, stall_id, write=request.method == "POST", owner_only=True)
    form = StallProfileForm(request.POST or None, initial=_profile_initial(access))
    if request.method == "POST" and form.is_valid():
        try:
            stall_update(stall=access.stall, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Stall profile saved."))
            return redirect("dashboard:stall:profile", stall_id=stall_id)
    return _profile_page(request, access, form=form)


@login_required
@require_POST
def profile_logo(request: HttpRequest, stall_id: int) -> HttpResponse:
    """Owners replace the logo; a refused file is reported on the profile page and nothing is saved."""
    access = stall_access(request, stall_id, write=True, owner_only=True)
    logo_form = StallLogoForm(request.POST, request.FILES)
    if logo_form.is_valid():
        try:
            stall_logo_set(stall=access.stall, upload=logo_form.cleaned_data["logo"])
        except DomainError as error:
            add_domain_error(logo_form, error)
        else:
            messages.success(request, _("Logo saved."))
            return redirect("dashboard:stall:profile", stall_id=stall_id)
    form = StallProfileForm(initial=_profile_initial(access))
    return _profile_page(request, access, form=form, logo_form=logo_form)


@login_required
@require_http_methods(["GET", "POST"])
def certificates(request: HttpRequest, stall_id: int) -> HttpResponse:
    access = stall_access(request, stall_id, write=request.method == "POST")
    stall = access.stall
    products = products_for_stall(stall=stall).order_by("name")
    form = CertificateForm(request.POST or None, request.FILES or None, products=products)
    if request.method == "POST" and form.is_valid():
        try:
            ocop_certificate_submit(stall=stall, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("Certificate submitted. Platform staff or your province will verify it.")
            )
            return redirect("dashboard:stall:certificates", stall_id=stall_id)
    context = {
        "form": form,
        "certificates": stall.ocop_certificates.prefetch_related("products").order_by(
            "-decision_date", "-pk"
        ),
    }
    return stall_render(
        request,
        "dashboard/stall/certificates.html",
        access,
        context,
        status=400 if request.method == "POST" else 200,
    )
