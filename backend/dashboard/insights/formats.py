"""How the insights pages write numbers in the active language: counts, tonnes, shares, compact axis
labels (CLDR through Babel, like `core.money` does for money, which stays the one money formatter)."""

from decimal import Decimal

from babel.numbers import format_compact_decimal, format_decimal, format_percent
from django.utils.translation import get_language

from backend.core.money import format_money

_LOCALE_FOR = {"vi": "vi_VN", "en": "en_US"}


def _locale() -> str:
    return _LOCALE_FOR.get((get_language() or "vi")[:2], "vi_VN")


def language() -> str:
    return (get_language() or "vi")[:2]


def count(value: int | float | Decimal | None) -> str:
    """`12.345` in Vietnamese, `12,345` in English; a missing figure is a dash."""
    if value is None:
        return "—"
    return format_decimal(int(round(value)), locale=_locale())


def decimal(value: int | float | Decimal | None, places: int = 3) -> str:
    """A measured quantity (tonnes) with up to `places` decimals: `1,25` / `1.25`."""
    if value is None:
        return "—"
    return format_decimal(value, format="#,##0." + "#" * places, locale=_locale())


def percent(value: int | float | Decimal | None) -> str:
    """A share given as a fraction (0.2 → `20,0%`); None (nothing to divide) is a dash."""
    if value is None:
        return "—"
    return format_percent(value, format="#,##0.0%", locale=_locale())


def compact(value: int | float | Decimal) -> str:
    """Axis labels: `3,5 Tr` / `3.5M`."""
    return format_compact_decimal(value, locale=_locale(), fraction_digits=1)


def money(value: int | float | Decimal | None, currency: str) -> str:
    if value is None:
        return "—"
    return format_money(value, currency, language())
