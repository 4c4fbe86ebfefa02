"""What every dashboard area's views share: the platform-staff gate and rendering a stall's page."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from backend.accounts.roles import is_platform_staff
from backend.dashboard.stall.access import StallAccess


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in platform staff only: others are sent to sign in, or get 403 once signed in."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_platform_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def stall_render(
    request: HttpRequest, template: str, access: StallAccess, context: dict, *, status: int = 200
) -> HttpResponse:
    """Render a page of the stall `access` resolved, with `access` and `stall` in its context."""
    return render(request, template, {"access": access, "stall": access.stall, **context}, status=status)
