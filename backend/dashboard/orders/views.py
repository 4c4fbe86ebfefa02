"""Cooperative orders pages and the staff payouts page.

Orders hold buyers' names, phones and addresses, so only the stall's own members open them
(`stall_access(write=True)`: officials get 403 and use the reports instead); each order is read
through `orders_for_stall` with that stall. Every POST calls one orders action and redirects.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backend.core.errors import DomainError
from backend.dashboard.errors import add_domain_error, domain_error_message
from backend.dashboard.orders.forms import CancelForm, FulfilForm, PayoutForm, RefundForm
from backend.dashboard.shortcuts import staff_required, stall_render
from backend.dashboard.stall.access import StallAccess, stall_access
from backend.orders import actions, selectors
from backend.orders.models import Order, OrderStatus
from backend.regions.selectors import commune_by_code, province_by_code
from backend.stalls.models import Stall

PAGE_SIZE = 50


def _order(access: StallAccess, order_id: int) -> Order:
    order = selectors.orders_for_stall(stall=access.stall).filter(pk=order_id).first()
    if order is None:
        raise Http404
    return order


def _place_names(group) -> tuple[str, str]:
    province, commune = province_by_code(group.province_code), commune_by_code(group.commune_code)
    return (commune.name if commune else str(group.commune_code), province.name if province else "")


@login_required
@require_GET
def order_list(request: HttpRequest, stall_id: int) -> HttpResponse:
    access = stall_access(request, stall_id, write=True)
    status = request.GET.get("status", "")
    if status and status not in OrderStatus.values:
        status = ""
    counts = dict(
        selectors.orders_for_stall(stall=access.stall)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    tabs = [(value, label, counts.get(value, 0)) for value, label in OrderStatus.choices]
    orders = selectors.orders_for_stall(stall=access.stall, status=status or None)
    page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"tabs": tabs, "status": status, "page": page}
    return stall_render(request, "dashboard/orders/order_list.html", access, context)


def _detail(request, access, order, *, fulfil_form=None, cancel_form=None, refund_form=None, status=200):
    commune, province = _place_names(order.group)
    context = {
        "order": order,
        "group": order.group,
        "commune": commune,
        "province": province,
        "lines": order.lines.all(),
        "events": order.events.select_related("user"),
        "fulfil_form": fulfil_form or FulfilForm(),
        "cancel_form": cancel_form or CancelForm(),
        "refund_form": refund_form or RefundForm(),
        "can_cancel": order.status in actions.STALL_CANCELLABLE,
    }
    return stall_render(request, "dashboard/orders/order_detail.html", access, context, status=status)


@login_required
@require_GET
def order_detail(request: HttpRequest, stall_id: int, order_id: int) -> HttpResponse:
    access = stall_access(request, stall_id, write=True)
    return _detail(request, access, _order(access, order_id))


@login_required
@require_GET
def packing_slip(request: HttpRequest, stall_id: int, order_id: int) -> HttpResponse:
    access = stall_access(request, stall_id, write=True)
    order = _order(access, order_id)
    commune, province = _place_names(order.group)
    context = {
        "stall": access.stall,
        "order": order,
        "group": order.group,
        "commune": commune,
        "province": province,
    }
    return render(request, "dashboard/orders/packing_slip.html", context)


_STEP_FORMS = {"fulfil": FulfilForm, "cancel": CancelForm, "refund": RefundForm}
_DONE = {
    "confirm": gettext_lazy("Order confirmed."),
    "pack": gettext_lazy("Order marked as packed."),
    "fulfil": gettext_lazy("Order shipped."),
    "deliver": gettext_lazy("Order marked as delivered."),
    "cancel": gettext_lazy("Order cancelled; its stock is released."),
    "refund": gettext_lazy("Refund recorded."),
}


@login_required
@require_POST
def order_step(request: HttpRequest, stall_id: int, order_id: int, step: str) -> HttpResponse:
    """Move the order one step (confirm, pack, fulfil, deliver, cancel, refund) with one action."""
    if step not in _DONE:
        raise Http404
    access = stall_access(request, stall_id, write=True)
    order = _order(access, order_id)
    user = request.user
    form = _STEP_FORMS[step](request.POST) if step in _STEP_FORMS else None
    if form is not None and not form.is_valid():
        return _detail(request, access, order, **{f"{step}_form": form}, status=400)
    data = form.cleaned_data if form is not None else {}
    try:
        if step == "confirm":
            actions.order_confirm(order=order, actor=user)
        elif step == "pack":
            actions.order_pack(order=order, actor=user)
        elif step == "fulfil":
            actions.order_fulfill(
                order=order, actor=user, carrier=data["carrier"], tracking_number=data["tracking_number"]
            )
        elif step == "deliver":
            actions.order_mark_delivered(order=order, actor=user)
        elif step == "cancel":
            actions.order_cancel(order=order, actor=user, reason=data["reason"], by_stall=True)
        else:
            actions.order_refund(order=order, amount=data["amount"], actor=user, reason=data["reason"])
    except DomainError as exc:
        messages.error(request, domain_error_message(exc))
        order.refresh_from_db()
        return _detail(request, access, order, status=400)
    messages.success(request, _DONE[step])
    return redirect("dashboard:orders:detail", stall_id=access.stall.pk, order_id=order.pk)


@staff_required
@require_http_methods(["GET", "POST"])
def payouts(request: HttpRequest) -> HttpResponse:
    """Staff: every stall's balance, and the form recording a bank payout."""
    # Platform staff act on every stall: the one place this page reads stalls unscoped.
    stalls = Stall.objects.order_by("name")
    form = PayoutForm(request.POST or None, stalls=stalls)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.payout_record(
                    stall=form.cleaned_data["stall"],
                    amount=form.cleaned_data["amount"],
                    currency="VND",
                    reference=form.cleaned_data["reference"],
                    actor=request.user,
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("Payout recorded."))
                return redirect("dashboard:orders:payouts")
        status = 400
    context = {"form": form, "balances": selectors.stall_balances(), "recent": selectors.payouts_recent()}
    return render(request, "dashboard/orders/payouts.html", context, status=status)
