"""Header tags: the address the language switch returns to."""

from django import template
from django.utils.http import urlencode

from storefront.browse.seo import LANG_PARAM

register = template.Library()


@register.simple_tag(takes_context=True)
def path_for_language_switch(context: template.Context) -> str:
    """The current path and query without `?lang=`, which would otherwise undo the switch."""
    request = context.get("request")
    if request is None:
        return "/"
    params = [(k, v) for k, values in request.GET.lists() if k != LANG_PARAM for v in values]
    return request.path + (f"?{urlencode(params)}" if params else "")
