"""`{{ amount|money:currency }}`: the one money formatter, in the active language, for order pages."""

from django import template
from django.utils.translation import get_language

from backend.core.money import format_money

register = template.Library()


@register.filter
def money(amount, currency: str = "VND") -> str:
    if amount is None or amount == "":
        return ""
    return format_money(amount, currency or "VND", get_language() or "vi")
