"""Saleor's `Address` and `AddressInput` mapped onto our Vietnamese address (name, phone, street,
2025 province and commune), and `addressValidationRules` that describes the mapping to a client.

The mapping, in both directions:

| Saleor                          | Nông Sàn                                                          |
| ------------------------------- | ----------------------------------------------------------------- |
| `lastName` + `firstName`        | `full_name`, family name first ("Nguyễn" + "Văn An")              |
| `companyName`, `streetAddress1`, | `street`, joined with ", " (no district level since 2025, so      |
| `streetAddress2`, `cityArea`    | a `cityArea` stays words in the street line)                      |
| `countryArea`                   | province: its code ("01") or its name, accents ignored ("ha noi") |
| `city`                          | commune: its code or its name within that province                |
| `postalCode`                    | checked (5 digits) and not kept: the commune locates the address  |
| `country`                       | VN only                                                           |

On the way out `lastName` is the first word of the name and `firstName` the rest, the street is
all `streetAddress1`, `city`/`countryArea` are the commune's and province's names in full.
"""

from collections.abc import Mapping
from enum import Enum
from typing import Any

import graphene

from backend.core.errors import DomainError, DomainErrors
from backend.graphql.core.common import ChoiceValue, CountryCode, CountryDisplay, country_name
from backend.regions import selectors as regions
from backend.regions.error_codes import RegionErrorCode

COUNTRY = "VN"
_FULL_NAME_MAX = 150
_STREET_MAX = 255
_PART_MAX = 255

# Our field names (checkout's address_clean, regions) → the AddressInput field a client filled in.
SALEOR_ADDRESS_FIELDS = {
    "fullName": "firstName",
    "full_name": "firstName",
    "street": "streetAddress1",
    "provinceCode": "countryArea",
    "province": "countryArea",
    "communeCode": "city",
    "commune": "city",
}


class AddressInput(graphene.InputObjectType):
    first_name = graphene.String(description="Given name(s), e.g. `Văn An`.")
    last_name = graphene.String(description="Family name, e.g. `Nguyễn`; stored before the given name.")
    company_name = graphene.String(description="Kept at the start of the street line.")
    street_address_1 = graphene.String(description="House number and street.")
    street_address_2 = graphene.String()
    city = graphene.String(description="The commune or ward (2025 list): its code or its name.")
    city_area = graphene.String(description="No district level since 1 July 2025: kept in the street line.")
    postal_code = graphene.String(description="Five digits if given; not stored.")
    country = CountryCode(description="Only VN is delivered to.")
    country_area = graphene.String(description="The province (2025 list): its code or its name.")
    phone = graphene.String(description="A Vietnamese phone number (0912 345 678 or +84 912 345 678).")
    skip_validation = graphene.Boolean(
        default_value=False, description="Ignored: every address is checked against the 2025 list."
    )


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    return " ".join(str(value).split()) if value is not None else ""


def _too_long(field: str, limit: int) -> DomainError:
    return DomainError(RegionErrorCode.INVALID, f"At most {limit} characters.", field)


def _province_code(value: str) -> int:
    if value.isdigit():
        return int(value)  # checked, legacy codes included, by regions.address_area_validate
    province = regions.province_by_name(value)
    if province is not None:
        return province.code
    legacy = regions.legacy_province_by_name(value)
    if legacy is not None:
        old_name, now = legacy
        raise DomainError(
            RegionErrorCode.UNKNOWN_PROVINCE,
            f"{old_name} was merged on 1 July 2025; the province is now {now.name}.",
            "countryArea",
        )
    raise DomainError(
        RegionErrorCode.UNKNOWN_PROVINCE,
        f"No province called {value!r} in the list in force since 1 July 2025.",
        "countryArea",
    )


def _commune_code(value: str, province_code: int) -> int:
    if value.isdigit():
        return int(value)
    if regions.province_by_code(province_code) is None:
        return 0  # the province is refused first, with its own message
    found = regions.communes_by_name(value, province_code=province_code)
    if len(found) == 1:
        return found[0].code
    province = regions.province_by_code(province_code)
    if not found:
        raise DomainError(
            RegionErrorCode.UNKNOWN_COMMUNE,
            f"No commune or ward called {value!r} in {province.name} (list in force since 1 July 2025).",
            "city",
        )
    names = ", ".join(c.name for c in found)
    raise DomainError(
        RegionErrorCode.UNKNOWN_COMMUNE,
        f"{value!r} could be {names}: give the full name or the code.",
        "city",
    )


def address_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """Our address fields (`full_name`, `phone`, `street`, `province_code`, `commune_code`) from a
    Saleor `AddressInput`, the province and commune found by code or accent-insensitive name.

    Raises DomainError (RegionErrorCode, Saleor field names) for what only this mapping can tell:
    another country, a missing or unknown province or commune, a malformed postal code, a part too
    long. The domain action that stores the address checks the rest (name, phone, the pair).
    """
    country = data.get("country")
    country = str(getattr(country, "value", country) or COUNTRY).upper()
    if country != COUNTRY:
        raise DomainError(
            RegionErrorCode.INVALID, "Nông Sàn delivers only in Vietnam: the country must be VN.", "country"
        )
    full_name = " ".join(p for p in (_text(data, "last_name"), _text(data, "first_name")) if p)
    if len(full_name) > _FULL_NAME_MAX:
        raise _too_long("firstName", _FULL_NAME_MAX)
    parts = []
    for key, field in (
        ("company_name", "companyName"),
        ("street_address_1", "streetAddress1"),
        ("street_address_2", "streetAddress2"),
        ("city_area", "cityArea"),
    ):
        part = _text(data, key)
        if len(part) > _PART_MAX:
            raise _too_long(field, _PART_MAX)
        if part:
            parts.append(part)
    street = ", ".join(parts)
    if len(street) > _STREET_MAX:
        raise _too_long("streetAddress1", _STREET_MAX)
    postal_code = _text(data, "postal_code").replace(" ", "")
    if postal_code and not (len(postal_code) == 5 and postal_code.isdigit()):
        raise DomainError(RegionErrorCode.INVALID, "A Vietnamese postal code has 5 digits.", "postalCode")
    province_text, commune_text = _text(data, "country_area"), _text(data, "city")
    if not province_text:
        raise DomainError(
            RegionErrorCode.REQUIRED, "Enter the province or city (countryArea).", "countryArea"
        )
    if not commune_text:
        raise DomainError(RegionErrorCode.REQUIRED, "Enter the commune or ward (city).", "city")
    province_code = _province_code(province_text)
    return {
        "full_name": full_name,
        "phone": _text(data, "phone"),
        "street": street,
        "province_code": province_code,
        "commune_code": _commune_code(commune_text, province_code),
    }


def _recode(error: DomainError, codes: type[Enum]) -> DomainError:
    name = error.code.name if isinstance(error.code, Enum) else str(error.code)
    for candidate in (name, "INVALID", "REQUIRED"):
        if candidate in codes.__members__:
            code = codes[candidate]
            break
    field = SALEOR_ADDRESS_FIELDS.get(error.field or "", error.field)
    return DomainError(code, error.message, field)


def address_error(error: DomainError | DomainErrors, codes: type[Enum]) -> DomainError | DomainErrors:
    """An address refusal in a mutation's own code enum (same name, else INVALID) on the
    AddressInput field the client filled in (`communeCode` → `city`, …)."""
    if isinstance(error, DomainErrors):
        return DomainErrors([_recode(e, codes) for e in error.errors])
    return _recode(error, codes)


class Address(graphene.ObjectType):
    """A delivery address in Saleor's shape, read from any of our address holders (address book
    entry, checkout, order group): they share `full_name`, `phone`, `street`, `province_code`,
    `commune_code`, which are also fields here (the type's shape before Saleor's)."""

    id = graphene.ID(required=True)
    first_name = graphene.String(required=True)
    last_name = graphene.String(required=True)
    company_name = graphene.String(required=True)
    street_address_1 = graphene.String(required=True)
    street_address_2 = graphene.String(required=True)
    city = graphene.String(required=True, description="The commune or ward's full name.")
    city_area = graphene.String(required=True)
    postal_code = graphene.String(required=True)
    country = graphene.Field(CountryDisplay, required=True)
    country_area = graphene.String(required=True, description="The province's full name.")
    phone = graphene.String(required=True)
    is_default_shipping_address = graphene.Boolean()
    is_default_billing_address = graphene.Boolean()
    # Nông Sàn's own shape, which this type had before Saleor's fields were added.
    full_name = graphene.String(required=True, description="Nông Sàn: the recipient's full name.")
    street = graphene.String(required=True, description="Nông Sàn: house number and street.")
    province_code = graphene.Int(required=True, description="Nông Sàn: the province's 2025 code.")
    commune_code = graphene.Int(required=True, description="Nông Sàn: the commune's 2025 code.")

    @staticmethod
    def resolve_id(address, _info):
        kind = getattr(getattr(address, "_meta", None), "model_name", "address")
        if kind == "savedaddress":
            return graphene.Node.to_global_id("Address", address.pk)
        # Addresses that are not in an address book cannot be named in account mutations.
        return graphene.Node.to_global_id("Address", f"{kind}-{getattr(address, 'pk', '')}")

    @staticmethod
    def resolve_first_name(address, _info):
        words = (address.full_name or "").split()
        return " ".join(words[1:]) if len(words) > 1 else " ".join(words)

    @staticmethod
    def resolve_last_name(address, _info):
        words = (address.full_name or "").split()
        return words[0] if len(words) > 1 else ""

    @staticmethod
    def resolve_company_name(_address, _info):
        return ""

    @staticmethod
    def resolve_street_address_1(address, _info):
        return address.street or ""

    @staticmethod
    def resolve_street_address_2(_address, _info):
        return ""

    @staticmethod
    def resolve_city(address, _info):
        commune = regions.commune_by_code(address.commune_code) if address.commune_code else None
        return commune.name if commune else ""

    @staticmethod
    def resolve_city_area(_address, _info):
        return ""

    @staticmethod
    def resolve_postal_code(_address, _info):
        return ""

    @staticmethod
    def resolve_country(_address, _info):
        return CountryDisplay(code=COUNTRY)

    @staticmethod
    def resolve_country_area(address, _info):
        province = regions.province_by_code(address.province_code) if address.province_code else None
        return province.name if province else ""

    @staticmethod
    def resolve_is_default_shipping_address(address, _info):
        return getattr(address, "is_default", None)

    @staticmethod
    def resolve_is_default_billing_address(address, _info):
        return getattr(address, "is_default", None)


_ALLOWED_FIELDS = [
    "name",
    "companyName",
    "streetAddress1",
    "streetAddress2",
    "city",
    "countryArea",
    "postalCode",
]
_REQUIRED_FIELDS = ["name", "streetAddress1", "city", "countryArea", "phone"]


class AddressValidationData(graphene.ObjectType):
    """How to fill an AddressInput for a country (only VN here): the 2025 provinces as
    `countryAreaChoices` and, once `countryArea` names one, its communes as `cityChoices`."""

    country_code = graphene.String(required=True)
    country_name = graphene.String(required=True)
    address_format = graphene.String(required=True)
    address_latin_format = graphene.String(required=True)
    allowed_fields = graphene.List(graphene.NonNull(graphene.String), required=True)
    required_fields = graphene.List(graphene.NonNull(graphene.String), required=True)
    upper_fields = graphene.List(graphene.NonNull(graphene.String), required=True)
    country_area_type = graphene.String(required=True)
    country_area_choices = graphene.List(graphene.NonNull(ChoiceValue), required=True)
    city_type = graphene.String(required=True)
    city_choices = graphene.List(graphene.NonNull(ChoiceValue), required=True)
    city_area_type = graphene.String(required=True)
    city_area_choices = graphene.List(graphene.NonNull(ChoiceValue), required=True)
    postal_code_type = graphene.String(required=True)
    postal_code_matchers = graphene.List(graphene.NonNull(graphene.String), required=True)
    postal_code_examples = graphene.List(graphene.NonNull(graphene.String), required=True)
    postal_code_prefix = graphene.String(required=True)


def address_validation_rules(
    *, country_code: str, country_area: str | None = None
) -> AddressValidationData | None:
    """The rules for `country_code` (None for any country but VN, where nothing is delivered)."""
    if country_code != COUNTRY:
        return None
    province = None
    if country_area:
        text = country_area.strip()
        province = regions.province_by_code(int(text)) if text.isdigit() else regions.province_by_name(text)
    communes = regions.communes_in(province.code) if province else []
    return AddressValidationData(
        country_code=COUNTRY,
        country_name=country_name(COUNTRY),
        address_format="%N%n%O%n%A%n%C%n%S",
        address_latin_format="%N%n%O%n%A%n%C%n%S",
        allowed_fields=_ALLOWED_FIELDS,
        required_fields=_REQUIRED_FIELDS,
        upper_fields=[],
        country_area_type="province",
        country_area_choices=[ChoiceValue(raw=p.name, verbose=p.name) for p in regions.provinces()],
        city_type="city",
        city_choices=[ChoiceValue(raw=c.name, verbose=c.name) for c in communes],
        city_area_type="district",
        city_area_choices=[],
        postal_code_type="postal",
        postal_code_matchers=[r"^\d{5}$"],
        postal_code_examples=["10000", "70000"],
        postal_code_prefix="",
    )
