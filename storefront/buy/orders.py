"""The buyer's order page by the group's secret token: confirmation, payment and tracking in one.

The token is the buyer's key (emails link to `/orders/<token>/`): whoever shows it reads the group
as its buyer and may cancel what the domain lets a buyer cancel. Unknown tokens are 404 with the
same page as any other missing URL; the page is never indexed, cached or sent on as a referrer.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from backend.core.errors import DomainError
from backend.orders.actions import BUYER_CANCELLABLE, order_cancel
from backend.orders.models import OrderGroup
from backend.orders.selectors import GroupAccess, order_for_buyer, order_group_for_token, orders_of_group
from backend.payments.gateways.vietqr import payload_for
from backend.payments.models import OPEN_STATUSES, Payment, PaymentMethod
from backend.payments.selectors import payment_for_buyer
from backend.payments.vietqr import qr_svg_document
from backend.regions.selectors import commune_by_code, province_by_code
from storefront.buy.errors import error_text
from storefront.buy.forms import OrderPickForm
from storefront.buy.payment import allow_card_redirect, card_redirect
from storefront.channel import format_price


def private_page(view):
    """Headers for pages reached by a secret: not indexed, not cached, no Referer sent onwards."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex, nofollow"
        add_never_cache_headers(response)
        return response

    return wrapped


def _group(token: str) -> OrderGroup:
    group = order_group_for_token(token=token)
    if group is None:
        raise Http404
    return group


def _payment_waits(payment: Payment | None) -> bool:
    return payment is not None and payment.status in OPEN_STATUSES and payment.method != PaymentMethod.COD


def group_context(request: HttpRequest, group: OrderGroup) -> dict:
    """Everything the order page shows of a group its buyer reads (signed in, or by the token)."""
    orders = list(
        orders_of_group(group=group, user=request.user, access=GroupAccess.BUYER).prefetch_related("lines")
    )
    payment = payment_for_buyer(user=request.user, group_token=group.token)
    currency = group.currency
    province, commune = province_by_code(group.province_code), commune_by_code(group.commune_code)
    return {
        "group": group,
        "token": str(group.token),
        "total": format_price(group.total, currency),
        "shipping_total": format_price(group.shipping_total, currency),
        "address_area": ", ".join(a.name for a in (commune, province) if a is not None),
        "orders": [
            {
                "order": order,
                "total": format_price(order.total, currency),
                "shipping": format_price(order.shipping_total, currency),
                "lines": [
                    {"line": line, "total": format_price(line.unit_price * line.quantity, currency)}
                    for line in order.lines.all()
                ],
                "cancellable": order.status in BUYER_CANCELLABLE,
            }
            for order in orders
        ],
        "payment": payment,
        "payment_waits": _payment_waits(payment),
        "payment_amount": format_price(payment.amount, payment.currency) if payment else "",
        "bank": {
            "bin": settings.VIETQR_BANK_BIN,
            "account_number": settings.VIETQR_ACCOUNT_NUMBER,
            "account_name": settings.VIETQR_ACCOUNT_NAME,
        },
    }


@require_GET
@private_page
def order(request: HttpRequest, token: str) -> HttpResponse:
    return allow_card_redirect(
        render(request, "storefront/buy/order.html", group_context(request, _group(token)))
    )


@require_GET
@private_page
def order_status(request: HttpRequest, token: str) -> HttpResponse:
    """The payment's and orders' statuses as JSON, polled by the order page while it waits."""
    group = _group(token)
    payment = payment_for_buyer(user=request.user, group_token=group.token)
    orders = orders_of_group(group=group, user=request.user, access=GroupAccess.BUYER)
    return JsonResponse(
        {
            "payment": payment.status if payment else None,
            "paid": bool(payment and payment.is_paid),
            "waiting": _payment_waits(payment),
            "orders": [{"number": o.number, "status": o.status} for o in orders],
        }
    )


@require_GET
@private_page
def order_qr(request: HttpRequest, token: str) -> HttpResponse:
    """The VietQR code of a transfer still awaited, as SVG (an image of our own origin)."""
    group = _group(token)
    payment = payment_for_buyer(user=request.user, group_token=group.token)
    if payment is None or payment.method != PaymentMethod.VIETQR or payment.status not in OPEN_STATUSES:
        raise Http404
    return HttpResponse(qr_svg_document(payload_for(payment), scale=6), content_type="image/svg+xml")


@require_POST
@private_page
def order_cancel_view(request: HttpRequest, token: str) -> HttpResponse:
    """The buyer cancels one order of the group (`order` = its id), as far as the domain allows."""
    group = _group(token)
    form = OrderPickForm(request.POST)
    found = (
        order_for_buyer(user=request.user, order_id=form.cleaned_data["order"], token=str(group.token))
        if form.is_valid()
        else None
    )
    if found is None:
        messages.error(request, _("This order is not part of this purchase."))
        return redirect("storefront:order", token=group.token)
    signed_in_as_the_buyer = request.user.is_authenticated and group.user_id == request.user.pk
    try:
        order_cancel(
            order=found, actor=request.user if signed_in_as_the_buyer else None, reason="", by_stall=False
        )
    except DomainError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Order %(number)s is cancelled.") % {"number": found.number})
    return redirect("storefront:order", token=group.token)


@require_POST
@private_page
def order_pay_card(request: HttpRequest, token: str) -> HttpResponse:
    """(Again) to Stripe's hosted page for a card payment not yet made."""
    return card_redirect(request, _group(token))
