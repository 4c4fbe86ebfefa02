"""Paying a placed group by card: send the buyer to Stripe's hosted Checkout page (no Stripe script
runs on our pages); the signed webhooks record the money, the order page shows it."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse

from backend.core.errors import DomainError
from backend.orders.models import OrderGroup
from backend.payments.actions import payment_card_checkout_start
from backend.payments.selectors import payment_for_buyer
from storefront.buy.errors import error_text


def allow_card_redirect(response: HttpResponse) -> HttpResponse:
    """Let this page's forms end on Stripe's hosted page: CSP `form-action` also governs the 303
    that follows a post, so a page whose form may redirect there names that one origin too."""
    response._csp_update = {"form-action": [settings.STRIPE_CHECKOUT_ORIGIN]}
    return response


def card_redirect(request: HttpRequest, group: OrderGroup) -> HttpResponse:
    """303 to the hosted Checkout page; back on the order page with the reason when it is refused."""
    order_page = reverse("storefront:order", kwargs={"token": group.token})
    payment = payment_for_buyer(user=request.user, group_token=group.token)
    if payment is None:
        return redirect(order_page)
    try:
        url = payment_card_checkout_start(
            payment=payment,
            success_url=request.build_absolute_uri(order_page),
            cancel_url=request.build_absolute_uri(order_page),
        )
    except DomainError as exc:
        messages.error(request, error_text(exc))
        return redirect(order_page)
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response
