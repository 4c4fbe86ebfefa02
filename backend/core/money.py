"""Money: Decimal amounts with an ISO currency, quantised and formatted by CLDR rules."""

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_currency, get_currency_precision

_LOCALE_FOR = {"vi": "vi_VN", "en": "en_US"}


def quantize(amount: Decimal | int | str, currency: str) -> Decimal:
    """Round `amount` to the currency's minor unit (VND has none, USD has cents)."""
    places = get_currency_precision(currency)
    return Decimal(amount).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_money(amount: Decimal | int | str, currency: str, language: str = "vi") -> str:
    """Format for display: `120.000 ₫` in Vietnamese, `$12.50` in English."""
    locale = _LOCALE_FOR.get((language or "vi")[:2], "vi_VN")
    return format_currency(quantize(amount, currency), currency, locale=locale)
