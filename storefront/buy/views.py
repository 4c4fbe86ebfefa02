"""Buying pages: the cart. Each view checks its input, calls one checkout action, and redirects."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from backend.checkout import actions, selectors
from backend.checkout.error_codes import CheckoutErrorCode
from backend.core.errors import DomainError
from storefront.buy.cart import cart_add as cart_add_lines
from storefront.buy.cart import cart_get
from storefront.buy.errors import error_text
from storefront.buy.forms import CartAddForm, CartRemoveForm, line_quantities
from storefront.buy.present import summary_rows
from storefront.channel import current_channel


def _safe_next(request: HttpRequest, target: str) -> str | None:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@require_GET
def cart(request: HttpRequest) -> HttpResponse:
    """The cart grouped by stall: quantities, remove, each stall's subtotal, the totals."""
    channel = current_channel(request)
    checkout = cart_get(request, channel)
    context = {"checkout": checkout, "rows": None}
    if checkout is not None:
        context["rows"] = summary_rows(selectors.checkout_summary(checkout=checkout))
    return render(request, "storefront/buy/cart.html", context)


@require_POST
def cart_add(request: HttpRequest) -> HttpResponse:
    """Add `quantity` of `variant` to the cart; back to `next` (same site only) or to the cart."""
    form = CartAddForm(request.POST)
    back = _safe_next(request, request.POST.get("next", "")) or None
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
            break
        return redirect(back or "storefront:cart")
    try:
        cart_add_lines(
            request,
            current_channel(request),
            [
                actions.LineInput(
                    variant_id=form.cleaned_data["variant"], quantity=form.cleaned_data["quantity"]
                )
            ],
        )
    except DomainError as exc:
        messages.error(request, error_text(exc))
        return redirect(back or "storefront:cart")
    messages.success(request, _("Added to your cart."))
    return HttpResponseRedirect(back) if back else redirect("storefront:cart")


@require_POST
def cart_update(request: HttpRequest) -> HttpResponse:
    """Set each line's quantity from `quantity-<line id>` (0 removes the line)."""
    checkout = cart_get(request, current_channel(request))
    if checkout is None:
        messages.error(request, error_text(DomainError(CheckoutErrorCode.NOT_FOUND, "No checkout.")))
        return redirect("storefront:cart")
    lines = dict(checkout.lines.values_list("pk", "variant_id"))
    try:
        quantities = line_quantities(request.POST, set(lines))
        actions.checkout_lines_update(
            checkout=checkout,
            lines=[actions.LineInput(variant_id=lines[pk], quantity=qty) for pk, qty in quantities.items()],
        )
    except DomainError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Your cart is updated."))
    return redirect("storefront:cart")


@require_POST
def cart_remove(request: HttpRequest) -> HttpResponse:
    """Remove one line (`line`) from the cart."""
    checkout = cart_get(request, current_channel(request))
    form = CartRemoveForm(request.POST)
    line_ids = set(checkout.lines.values_list("pk", flat=True)) if checkout else set()
    if not form.is_valid() or form.cleaned_data["line"] not in line_ids:
        messages.error(request, error_text(DomainError(CheckoutErrorCode.NOT_FOUND, "No such line.", "line")))
        return redirect("storefront:cart")
    actions.checkout_lines_delete(checkout=checkout, line_ids=[form.cleaned_data["line"]])
    messages.success(request, _("Removed from your cart."))
    return redirect("storefront:cart")
