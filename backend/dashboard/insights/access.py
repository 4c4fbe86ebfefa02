"""Who may open the province insights pages: officials for their own provinces, platform staff for
every province with stalls; everyone else (consumers, stall members) gets 403. The insights
selectors and actions check the same scope again."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from backend.insights.selectors import insight_provinces
from backend.regions.selectors import Province, province_by_code


def readable_provinces(request: HttpRequest) -> list[Province]:
    """The provinces the signed-in user may read, or 403 when there are none.

    A province outside them named in the query or the form is a 403 as well, not a form error:
    "not one of the choices" would hide that the request was refused.
    """
    found = [province_by_code(code) for code in insight_provinces(user=request.user)]
    readable = [province for province in found if province is not None]
    if not readable:
        raise PermissionDenied
    asked = request.POST.get("province") if request.method == "POST" else request.GET.get("province")
    if asked and asked.isdigit() and int(asked) not in {p.code for p in readable}:
        raise PermissionDenied
    return readable
