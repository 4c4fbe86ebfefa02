"""Saleor's small shared GraphQL types (Image, LanguageCodeEnum, CountryCode, CountryDisplay, …),
defined once here so that every domain's types use the same ones."""

import graphene
from babel import Locale
from django.utils.translation import get_language


class Image(graphene.ObjectType):
    url = graphene.String(required=True)
    alt = graphene.String()


class LanguageCodeEnum(graphene.Enum):
    """Saleor's language codes that drive translations here (Vietnamese is the rows' own language)."""

    EN = "en"
    EN_US = "en-us"
    VI = "vi"
    VI_VN = "vi-vn"


_LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


def language_code(value) -> str:
    """`EN`, `EN_US`, `en-us` → `en`: the language part of a LanguageCodeEnum value."""
    raw = getattr(value, "value", value)
    return str(raw or "").replace("-", "_").split("_")[0].lower()


class LanguageDisplay(graphene.ObjectType):
    code = graphene.String(required=True, description="The language code, e.g. `EN`.")
    language = graphene.String(required=True)


def language_display(code: str) -> LanguageDisplay:
    return LanguageDisplay(code=code.upper(), language=_LANGUAGE_NAMES.get(code, code))


# Babel's territories that are not ISO 3166-1 countries (unknown region, outlying Oceania, UN, …).
_NOT_COUNTRIES = {"ZZ", "QO", "UN", "EZ", "XA", "XB", "XK"}
_COUNTRY_CODES = sorted(
    code
    for code in Locale("en").territories
    if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
)

CountryCode = graphene.Enum(
    "CountryCode",
    [(code, code) for code in _COUNTRY_CODES],
    description="ISO 3166-1 alpha-2 codes. Nông Sàn delivers only to VN; other addresses are refused.",
)


def country_name(code: str, language: str | None = None) -> str:
    """The country's name in the active language ("Việt Nam", "Vietnam")."""
    locale = "vi" if (language or get_language() or "vi").startswith("vi") else "en"
    return Locale(locale).territories.get(code, code)


class CountryDisplay(graphene.ObjectType):
    code = graphene.String(required=True, description="The ISO 3166-1 alpha-2 code, e.g. `VN`.")
    country = graphene.String(required=True, description="The country's name in the request's language.")

    @staticmethod
    def resolve_country(country, _info):
        return country_name(country.code)


class AddressTypeEnum(graphene.Enum):
    """Saleor's two kinds of default address; one default serves both here (delivery = billing)."""

    BILLING = "billing"
    SHIPPING = "shipping"


class ChoiceValue(graphene.ObjectType):
    raw = graphene.String(description="The value to send back (here: the unit's code).")
    verbose = graphene.String(description="The name to show.")
