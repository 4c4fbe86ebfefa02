"""GS1 Digital Link URIs: parse and validate a request path into a typed link, and build them back.

Everything the resolver does after parsing trusts a `DigitalLink`: the GTIN has a valid check digit,
qualifiers came in GS1's order (22 → 10 → 21) and every value is from GS1's 82-character set.
A malformed URI raises `DigitalLinkError`, which the resolver answers with 400.
"""

import re
from dataclasses import dataclass, field, replace
from urllib.parse import quote, unquote

from backend.catalog.gtin import gtin_normalize

GTIN_AI = "01"
VARIANT_AI = "22"
LOT_AI = "10"
SERIAL_AI = "21"
# Key qualifiers of a GTIN, in the only order GS1 allows them in a path.
QUALIFIER_ORDER = (VARIANT_AI, LOT_AI, SERIAL_AI)
QUALIFIER_MAX_LENGTH = 20

# GS1 AI encodable character set 82: letters, digits and 20 symbols.
GS1_CHARSET_82 = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!\"%&'()*+,-./:;<=>?_"
)
# Every GS1 symbol outside RFC 3986 "unreserved" is percent-encoded, as on the printed stamps.
_PATH_SAFE = ""

_DATE = r"\d{2}(0[1-9]|1[0-2])(0\d|[12]\d|3[01])"
# Data attributes in the query string: (pattern, human name). Dates are YYMMDD and DD may be 00.
DATA_ATTRIBUTES: dict[str, tuple[re.Pattern[str], str]] = {
    "11": (re.compile(rf"^{_DATE}$"), "production date"),
    "13": (re.compile(rf"^{_DATE}$"), "packing date"),
    "15": (re.compile(rf"^{_DATE}$"), "best before date"),
    "17": (re.compile(rf"^{_DATE}$"), "expiry date"),
    "7007": (re.compile(rf"^{_DATE}({_DATE})?$"), "harvest date"),
    "422": (re.compile(r"^\d{3}$"), "country of origin"),
    "8030": (re.compile(r"^[A-Za-z0-9_-]{1,90}$"), "digital signature"),
}


class DigitalLinkError(ValueError):
    """A URI that is not a well-formed GS1 Digital Link; `code` is a stable machine-readable reason."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def gtin14(gtin: str) -> str:
    """Validate a GTIN from a path (digits only: no spaces or dashes) and pad it to 14 digits."""
    if not (gtin.isascii() and gtin.isdigit() and len(gtin) in (8, 12, 13, 14)):
        raise DigitalLinkError("gtin_syntax", "A GTIN is 8, 12, 13 or 14 digits.")
    try:
        return gtin_normalize(gtin)
    except ValueError as exc:
        raise DigitalLinkError("gtin_check_digit", f"GTIN {gtin} has a wrong check digit.") from exc


def qualifier_is_valid(value: str) -> bool:
    """1–20 characters, all from GS1's 82-character set."""
    return 0 < len(value) <= QUALIFIER_MAX_LENGTH and all(c in GS1_CHARSET_82 for c in value)


def _qualifier(ai: str, raw: str) -> str:
    value = unquote(raw, errors="strict")
    if not qualifier_is_valid(value):
        raise DigitalLinkError(
            "qualifier_syntax",
            f"AI ({ai}) must be 1–{QUALIFIER_MAX_LENGTH} characters from GS1's 82-character set.",
        )
    return value


@dataclass(frozen=True)
class DigitalLink:
    """A parsed Digital Link: a GTIN key with optional variant, lot and serial, plus data attributes."""

    gtin: str
    variant: str | None = None
    lot: str | None = None
    serial: str | None = None
    attributes: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def path(self) -> str:
        """The uncompressed path, qualifiers in GS1 order, values percent-encoded where needed."""
        parts = [GTIN_AI, self.gtin]
        for ai, value in ((VARIANT_AI, self.variant), (LOT_AI, self.lot), (SERIAL_AI, self.serial)):
            if value is not None:
                parts += [ai, quote(value, safe=_PATH_SAFE)]
        return "/" + "/".join(parts)

    def parent(self) -> "DigitalLink | None":
        """One level up (serial → lot → variant → GTIN), for the resolver's walk-up; None at the GTIN."""
        if self.serial is not None:
            return replace(self, serial=None, attributes={})
        if self.lot is not None:
            return replace(self, lot=None, attributes={})
        if self.variant is not None:
            return replace(self, variant=None, attributes={})
        return None

    def levels(self) -> list["DigitalLink"]:
        """This link and every level above it, most specific first."""
        chain: list[DigitalLink] = []
        link: DigitalLink | None = self
        while link is not None:
            chain.append(link)
            link = link.parent()
        return chain


def digital_link_build(*, gtin: str, variant: str = "", lot: str = "", serial: str = "") -> DigitalLink:
    """A DigitalLink from plain values, validated like a parsed one."""
    qualifiers = {VARIANT_AI: variant, LOT_AI: lot, SERIAL_AI: serial}
    for ai, value in qualifiers.items():
        if value and not qualifier_is_valid(value):
            raise DigitalLinkError("qualifier_syntax", f"AI ({ai}) value {value!r} is not GS1-encodable.")
    return DigitalLink(gtin=gtin14(gtin), variant=variant or None, lot=lot or None, serial=serial or None)


def digital_link_parse(path: str, query: dict[str, str] | None = None) -> DigitalLink:
    """Parse a raw (still percent-encoded) path like `/01/<gtin>/10/<lot>/21/<serial>` and its query.

    A trailing slash is tolerated. Raises DigitalLinkError for anything GS1 does not allow.
    """
    segments = path.strip("/").split("/")
    if len(segments) < 2 or segments[0] != GTIN_AI:
        raise DigitalLinkError("primary_key", "A Digital Link path starts with /01/<GTIN>.")
    if len(segments) % 2:
        raise DigitalLinkError("path_syntax", "Every application identifier needs a value.")
    gtin = gtin14(unquote(segments[1]))
    values: dict[str, str] = {}
    position = -1
    for ai, raw in zip(segments[2::2], segments[3::2], strict=True):
        if ai not in QUALIFIER_ORDER:
            raise DigitalLinkError("unknown_qualifier", f"({ai}) is not a key qualifier of a GTIN.")
        if QUALIFIER_ORDER.index(ai) <= position:
            raise DigitalLinkError("qualifier_order", "Key qualifiers must come in the order 22, 10, 21.")
        position = QUALIFIER_ORDER.index(ai)
        try:
            values[ai] = _qualifier(ai, raw)
        except UnicodeDecodeError as exc:
            raise DigitalLinkError("qualifier_syntax", f"AI ({ai}) is not valid percent-encoding.") from exc
    link = DigitalLink(
        gtin=gtin, variant=values.get(VARIANT_AI), lot=values.get(LOT_AI), serial=values.get(SERIAL_AI)
    )
    return replace(link, attributes=data_attributes_parse(query or {}, has_serial=link.serial is not None))


def data_attributes_parse(query: dict[str, str], *, has_serial: bool) -> dict[str, str]:
    """The GS1 data attributes found in a query string, validated; other parameters are ignored."""
    attributes = {}
    for ai, (pattern, name) in DATA_ATTRIBUTES.items():
        if ai not in query:
            continue
        value = query[ai]
        if not pattern.match(value):
            raise DigitalLinkError("attribute_syntax", f"({ai}) {name} {value!r} is malformed.")
        attributes[ai] = value
    if "8030" in attributes and not has_serial:
        raise DigitalLinkError("attribute_context", "(8030) is only allowed with a GTIN and a serial.")
    return attributes


def short_serial_parse(raw: str) -> str:
    """The serial of a short stamp path `/t/<serial>` (same character rules as AI 21)."""
    try:
        value = unquote(raw.strip("/"), errors="strict")
    except UnicodeDecodeError as exc:
        raise DigitalLinkError("qualifier_syntax", "The serial is not valid percent-encoding.") from exc
    if not qualifier_is_valid(value) or "/" in value:
        raise DigitalLinkError(
            "qualifier_syntax", f"A serial is 1–{QUALIFIER_MAX_LENGTH} characters from GS1's set."
        )
    return value


def short_link_path(serial: str) -> str:
    """The permanent short path of a stamp whose variant has no GTIN."""
    return "/t/" + quote(serial, safe=_PATH_SAFE)
