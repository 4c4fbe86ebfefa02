"""A stall's vouchers: the list of its own codes (uses, limits, dates) and the form to add one,
which calls `voucher_create` with the stall as the funder. Platform vouchers live in the admin."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from backend.catalog.models import Channel
from backend.core.errors import DomainError
from backend.dashboard.discounts.forms import VoucherForm
from backend.dashboard.errors import add_domain_error
from backend.dashboard.shortcuts import stall_render
from backend.dashboard.stall.access import stall_access
from backend.discounts import actions, selectors

# Form fields named differently in the API's error fields.
_FIELDS = {"min_spend": "min_spend_amount", "end_date": "ends_at"}


@login_required
@require_http_methods(["GET", "POST"])
def stall_vouchers(request: HttpRequest, stall_id: int) -> HttpResponse:
    access = stall_access(request, stall_id, write=request.method == "POST")
    form = VoucherForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.voucher_create(
                stall=access.stall,
                channel=Channel.objects.get(slug="vn"),
                code=data["code"],
                name=data["name"],
                kind=data["kind"],
                value=data["value"],
                min_spend_amount=data["min_spend_amount"],
                usage_limit=data["usage_limit"],
                apply_once_per_customer=data["apply_once_per_customer"],
                ends_at=data["ends_at"],
            )
        except DomainError as error:
            add_domain_error(form, error, fields=_FIELDS)
        else:
            messages.success(request, _("The voucher was created."))
            return redirect("dashboard:discounts:stall_list", stall_id=access.stall.pk)
    context = {"vouchers": selectors.vouchers_for_stall(stall=access.stall), "form": form}
    return stall_render(request, "dashboard/discounts/stall_vouchers.html", access, context)
