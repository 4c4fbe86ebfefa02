"""A signed-in buyer's account pages: their orders, saved addresses and reviews."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from backend.orders.selectors import orders_for_buyer
from storefront.channel import format_price


@require_GET
@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The buyer's orders, newest first."""
    orders = orders_for_buyer(user=request.user).order_by("-pk")[:50]
    rows = [{"order": order, "total": format_price(order.total, order.currency)} for order in orders]
    return render(request, "storefront/account/home.html", {"orders": rows})
