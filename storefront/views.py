"""Consumer shop pages (server-rendered, mobile first)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from backend.stalls.selectors import stalls_public


def home(request: HttpRequest) -> HttpResponse:
    stalls = stalls_public().order_by("name")[:24]
    return render(request, "storefront/home.html", {"stalls": stalls})
