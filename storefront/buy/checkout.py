"""The checkout page: contact, 2025 address, delivery per stall, payment method, place the order.

Every rule is the domain's: the page only parses input and calls the same checkout actions and
`checkout_complete` as the GraphQL API, inside one transaction so a refusal writes nothing.
"""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from backend.checkout import actions, selectors
from backend.checkout.complete import checkout_complete
from backend.core.errors import DomainError
from backend.payments.models import PaymentMethod
from backend.regions.selectors import communes_in, province_by_code
from storefront.buy.cart import cart_forget, cart_get
from storefront.buy.errors import add_error
from storefront.buy.forms import CheckoutForm
from storefront.buy.payment import allow_card_redirect, card_redirect
from storefront.buy.present import summary_rows
from storefront.channel import current_channel


def payment_choices(currency: str) -> list[tuple[str, str]]:
    """What the page offers; cash and VietQR settle in đồng only (the domain refuses them otherwise)."""
    methods = PaymentMethod.choices
    return methods if currency == "VND" else [(v, label) for v, label in methods if v == PaymentMethod.STRIPE]


def _initial(request: HttpRequest, checkout, rows) -> dict:
    initial = {
        "email": checkout.email or (request.user.email if request.user.is_authenticated else ""),
        "payment_method": PaymentMethod.COD if rows["currency"] == "VND" else PaymentMethod.STRIPE,
    }
    source = checkout if checkout.has_address else selectors.saved_addresses_for(user=request.user).first()
    if source is not None:
        initial.update(
            full_name=source.full_name,
            phone=source.phone,
            street=source.street,
            province_code=source.province_code,
            commune_code=source.commune_code,
        )
    for stall in rows["stalls"]:
        chosen = next((d.id for d in stall.deliveries if d.selected), None)
        initial[f"delivery_{stall.stall_id}"] = chosen or (
            stall.deliveries[0].id if stall.deliveries else None
        )
    return initial


def _place(request: HttpRequest, checkout, form: CheckoutForm):
    """Write the page's choices and complete, all or nothing; the group, or a DomainError."""
    data = form.cleaned_data
    with transaction.atomic():
        actions.checkout_email_update(checkout=checkout, email=data.get("email") or "")
        address = form.address()
        actions.checkout_shipping_address_update(checkout=checkout, **address)
        for method_id in form.deliveries():
            actions.checkout_delivery_method_update(checkout=checkout, shipping_method_id=method_id)
        group = checkout_complete(
            checkout=checkout, payment_method=data.get("payment_method") or "", user=request.user
        )
        # The address the order was checked with; a full address book is not worth failing the order for.
        if (
            data.get("save_address")
            and request.user.is_authenticated
            and selectors.saved_addresses_for(user=request.user).count() < actions.MAX_SAVED_ADDRESSES
        ):
            actions.saved_address_create(user=request.user, **address)
    return group


@require_http_methods(["GET", "POST"])
def checkout(request: HttpRequest) -> HttpResponse:
    channel = current_channel(request)
    held = cart_get(request, channel)
    if held is None or not held.lines.exists():
        messages.info(request, _("Your cart is empty."))
        return redirect("storefront:cart")
    rows = summary_rows(selectors.checkout_summary(checkout=held))
    choices = payment_choices(rows["currency"])
    if request.method == "POST" and "place" in request.POST:
        form = CheckoutForm(request.POST, stalls=rows["stalls"], payment_methods=choices)
        if form.is_valid():
            try:
                group = _place(request, held, form)
            except DomainError as exc:
                add_error(form, exc)
            else:
                cart_forget(request, channel.slug)
                messages.success(request, _("Thank you! Your order is placed."))
                if group.payment_method == PaymentMethod.STRIPE:
                    return card_redirect(request, group)
                return redirect("storefront:order", token=group.token)
    elif request.method == "POST":
        # Without JavaScript, "Show communes" posts the page back to list the chosen province's
        # communes; nothing is saved and no errors are shown yet.
        form = CheckoutForm(
            initial={key: request.POST.get(key) for key in request.POST if key != "csrfmiddlewaretoken"},
            stalls=rows["stalls"],
            payment_methods=choices,
        )
    else:
        form = CheckoutForm(
            initial=_initial(request, held, rows), stalls=rows["stalls"], payment_methods=choices
        )
    delivery_fields = {stall.stall_id: form[f"delivery_{stall.stall_id}"] for stall in rows["stalls"]}
    context = {
        "form": form,
        "rows": rows,
        "stall_blocks": [(stall, delivery_fields[stall.stall_id]) for stall in rows["stalls"]],
        "signed_in": request.user.is_authenticated,
    }
    return allow_card_redirect(render(request, "storefront/buy/checkout.html", context))


@require_GET
def communes(request: HttpRequest, code: int) -> HttpResponse:
    """The communes of a 2025 province as JSON for the commune picker (404 for an unknown province)."""
    if province_by_code(code) is None:
        return JsonResponse({"error": "unknown province"}, status=404)
    response = JsonResponse(
        {"province": code, "communes": [{"code": c.code, "name": c.name} for c in communes_in(code)]}
    )
    # The 2025 list changes only with a new release of the package: let browsers keep it a day.
    patch_cache_control(response, public=True, max_age=86400)
    return response
