"""A signed-in buyer's account pages: their orders, saved addresses and reviews.

Every read goes through a selector scoped by the signed-in buyer, so another buyer's order or
address id looks missing (404).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backend.checkout import actions, selectors
from backend.core.errors import DomainError
from backend.orders.selectors import order_for_buyer, orders_for_buyer
from backend.regions.selectors import commune_by_code, province_by_code
from backend.reviews.selectors import products_reviewable_by, reviews_by_buyer
from storefront.buy.errors import add_error
from storefront.buy.forms import SavedAddressForm
from storefront.buy.orders import group_context, private_page
from storefront.channel import format_price

MAX_LISTED = 50


def _area(address) -> str:
    parts = (commune_by_code(address.commune_code), province_by_code(address.province_code))
    return ", ".join(part.name for part in parts if part is not None)


@require_GET
@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The buyer's orders (newest first), address book and reviews."""
    orders = orders_for_buyer(user=request.user).order_by("-created_at", "-pk")[:MAX_LISTED]
    context = {
        "orders": [{"order": order, "total": format_price(order.total, order.currency)} for order in orders],
        "addresses": [
            {"address": a, "area": _area(a)} for a in selectors.saved_addresses_for(user=request.user)
        ],
        "reviews": reviews_by_buyer(user=request.user).order_by("-created_at")[:MAX_LISTED],
        "reviewable": products_reviewable_by(user=request.user)[:MAX_LISTED],
    }
    return render(request, "storefront/account/home.html", context)


@require_GET
@login_required
@private_page
def order_detail(request: HttpRequest, order_id: int) -> HttpResponse:
    """One of the buyer's orders, shown with the rest of the purchase it was placed in."""
    order = order_for_buyer(user=request.user, order_id=order_id)
    if order is None:
        raise Http404
    return render(request, "storefront/account/order.html", group_context(request, order.group))


def _address_page(request: HttpRequest, form: SavedAddressForm, address=None) -> HttpResponse:
    return render(request, "storefront/account/address_form.html", {"form": form, "address": address})


def _save(request: HttpRequest, form: SavedAddressForm, address=None) -> HttpResponse:
    """Validate the form, run the domain action; back to the account, or the form with its errors."""
    if not form.is_valid():
        return _address_page(request, form, address)
    fields = {**form.address(), "is_default": form.cleaned_data["is_default"]}
    try:
        if address is None:
            actions.saved_address_create(user=request.user, **fields)
        else:
            actions.saved_address_update(address=address, **fields)
    except DomainError as exc:
        add_error(form, exc)
        return _address_page(request, form, address)
    messages.success(request, _("Your address book is saved."))
    return redirect("storefront:account")


@require_http_methods(["GET", "POST"])
@login_required
def address_new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and "save" in request.POST:
        return _save(request, SavedAddressForm(request.POST))
    # Without JavaScript, "show communes" posts back to list the chosen province's communes.
    initial = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    return _address_page(request, SavedAddressForm(initial=initial))


def _own_address(request: HttpRequest, address_id: int):
    address = selectors.saved_address_for(user=request.user, address_id=address_id)
    if address is None:
        raise Http404
    return address


@require_http_methods(["GET", "POST"])
@login_required
def address_edit(request: HttpRequest, address_id: int) -> HttpResponse:
    address = _own_address(request, address_id)
    if request.method == "POST" and "save" in request.POST:
        return _save(request, SavedAddressForm(request.POST), address)
    if request.method == "POST":
        initial = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    else:
        initial = {
            "full_name": address.full_name,
            "phone": address.phone,
            "street": address.street,
            "province_code": address.province_code,
            "commune_code": address.commune_code,
            "is_default": address.is_default,
        }
    return _address_page(request, SavedAddressForm(initial=initial), address)


@require_POST
@login_required
def address_delete(request: HttpRequest, address_id: int) -> HttpResponse:
    actions.saved_address_delete(address=_own_address(request, address_id))
    messages.success(request, _("The address is deleted."))
    return redirect("storefront:account")
