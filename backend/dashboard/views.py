"""Back office for cooperatives and officials: the landing page routes each role to its tools."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from backend.accounts.roles import official_province_codes
from backend.insights.actions import declaration_months
from backend.insights.selectors import declarations_for_stall
from backend.regions.selectors import province_by_code
from backend.stalls.selectors import stalls_for_member, stalls_for_official


@login_required
def home(request: HttpRequest) -> HttpResponse:
    provinces = [province_by_code(code) for code in official_province_codes(request.user)]
    my_stalls = list(stalls_for_member(user=request.user))
    # The month just ended is the one to declare; the reminder stays until some figure is declared.
    last_month = declaration_months()[1]
    context = {
        "my_stalls": my_stalls,
        "undeclared_stalls": [
            stall
            for stall in my_stalls
            if not declarations_for_stall(stall=stall, months=[last_month]).exists()
        ],
        "last_month": last_month,
        "official_provinces": provinces,
        "official_stalls": stalls_for_official(province_codes=[p.code for p in provinces])
        if provinces
        else [],
    }
    return render(request, "dashboard/home.html", context)
