"""Decompression of compressed GS1 Digital Links (`/<base64url>`), which a resolver must accept.

GS1 Digital Link's compression packs the element strings of a URI into bits written in the URI-safe
base64 alphabet: each AI as hex digits (8 bits for its first two, 4 per further digit) or an
8-bit code standing for a common sequence of AIs; each value by its format (fixed-length numbers
in the fewest bits that hold them, variable ones behind a length, alphanumerics behind a 3-bit
encoding: digits, lower or upper hex, base64url or 7-bit ASCII); a first hex digit F starts a
non-GS1 query pair. Only decoding lives here: this site prints uncompressed links.

Only AIs whose formats are listed decode, and the result must be a GTIN link, since GTINs are the
only keys this resolver knows; anything else is not a compressed link of ours, so a root path
segment that fails to decode falls through to the site's normal routes.
"""

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from traceability.gs1 import GS1_CHARSET_82, GTIN_AI, QUALIFIER_ORDER

BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_HEX = "0123456789ABCDEF"
# A compressed GTIN alone is 55 bits (10 characters); nothing we decode is longer than this.
MIN_LENGTH = 10
MAX_LENGTH = 400


@dataclass(frozen=True)
class Digits:
    """A numeric component: exactly `length` digits, or up to `length` behind a length field."""

    length: int
    fixed: bool = True


@dataclass(frozen=True)
class Characters:
    """A variable-length alphanumeric component of up to `length` characters."""

    length: int


def _n(length: int) -> tuple[Digits]:
    return (Digits(length),)


def _x(length: int) -> tuple[Characters]:
    return (Characters(length),)


# Total digits of an AI, by its first two digits (GS1 General Specifications).
AI_LENGTH = {
    **dict.fromkeys(["00", "01", "02", "10", "11", "12", "13", "15", "16", "17", "20", "21", "22"], 2),
    **dict.fromkeys(["30", "37", *(str(n) for n in range(90, 100))], 2),
    **dict.fromkeys(["23", "24", "25", "40", "41", "42", "71"], 3),
    **dict.fromkeys(["31", "32", "33", "34", "35", "36", "39", "43", "70", "72", "80", "81", "82"], 4),
}

# Value formats of the AIs a food product's link may carry: keys, key qualifiers, dates, weights,
# origin, harvest, signature and company-internal data. Other AIs do not decode.
AI_FORMAT: dict[str, tuple[Digits | Characters, ...]] = {
    "00": _n(18),
    "01": _n(14),
    "02": _n(14),
    **{ai: _x(20) for ai in ("10", "21", "22")},
    **{ai: _n(6) for ai in ("11", "12", "13", "15", "16", "17")},
    "20": _n(2),
    "30": (Digits(8, fixed=False),),
    "37": (Digits(8, fixed=False),),
    **{f"31{kind}{decimals}": _n(6) for kind in "0123456" for decimals in "012345"},
    **{f"32{kind}{decimals}": _n(6) for kind in "0123456789" for decimals in "012345"},
    **{f"39{kind}{decimals}": (Digits(15, fixed=False),) for kind in "02" for decimals in "0123456789"},
    "422": _n(3),
    "424": _n(3),
    "426": _n(3),
    "7003": _n(10),
    "7007": (Digits(6), Digits(6, fixed=False)),
    "8008": (Digits(8), Digits(4, fixed=False)),
    "8030": _x(90),
    "90": _x(30),
    **{str(ai): _x(90) for ai in range(91, 100)},
}

# 8-bit codes standing for a sequence of AIs (the standard's optimisations) made of the AIs above,
# values in the order written. 1A is listed as 01, 10, 21, 17, but GS1's reference toolkit (which
# digital-link.js bundles) sorts its sequences when it loads them and writes 01, 10, 17, 21.
OPTIMISED_SEQUENCES: dict[str, tuple[str, ...]] = {
    "0A": ("01", "22"),
    "0B": ("01", "10"),
    "0C": ("01", "21"),
    "0D": ("01", "17"),
    "0E": ("01", "7003"),
    "0F": ("01", "30"),
    "1A": ("01", "10", "17", "21"),
    "1B": ("01", "15"),
    "1C": ("01", "11"),
    "1D": ("01", "16"),
    "1E": ("01", "91"),
    "1F": ("01", "10", "15"),
    **{f"2{letter}": ("01", f"310{n}") for n, letter in enumerate("ABCDEF")},
    **{f"3{letter}": ("01", f"320{n}") for n, letter in enumerate("ABCDEF")},
    **{f"A{n}": ("01", f"392{n}") for n in range(10)},
}
_NON_GS1_PAIR = 0xF


class CompressionError(ValueError):
    """Not a compressed GS1 Digital Link this resolver can read (a ValueError: URL converters skip it)."""


@dataclass(frozen=True)
class DecompressedLink:
    """The uncompressed form: a path with the key qualifiers in GS1's order, and the rest as a query."""

    compressed: str
    path: str
    query: tuple[tuple[str, str], ...]

    @property
    def uri_path(self) -> str:
        """The uncompressed path and query, as `owl:sameAs` names it."""
        return f"{self.path}?{urlencode(self.query)}" if self.query else self.path


class _Bits:
    def __init__(self, text: str) -> None:
        self.bits = "".join(format(BASE64URL.index(char), "06b") for char in text)
        self.cursor = 0

    def remaining(self) -> int:
        return len(self.bits) - self.cursor

    def read(self, count: int) -> int:
        if count > self.remaining():
            raise CompressionError("The compressed link ends inside a value.")
        chunk = self.bits[self.cursor : self.cursor + count]
        self.cursor += count
        return int(chunk, 2) if chunk else 0

    def digits(self, count: int) -> str:
        """`count` digits stored as one binary number in the fewest bits that hold any of them."""
        value = self.read((10**count - 1).bit_length())
        if value >= 10**count:
            raise CompressionError("A numeric value has more digits than its length says.")
        return str(value).zfill(count) if count else ""

    def characters(self, count: int, encoding: int) -> str:
        if encoding == 0:
            return self.digits(count)
        if encoding in (1, 2):
            text = "".join(_HEX[self.read(4)] for _ in range(count))
            return text.lower() if encoding == 1 else text
        if encoding == 3:
            return "".join(BASE64URL[self.read(6)] for _ in range(count))
        if encoding == 4:
            return "".join(chr(self.read(7)) for _ in range(count))
        raise CompressionError(f"Unknown character encoding {encoding}.")


def _value(bits: _Bits, ai: str) -> str:
    parts = []
    for component in AI_FORMAT[ai]:
        if isinstance(component, Digits) and component.fixed:
            parts.append(bits.digits(component.length))
            continue
        encoding = bits.read(3) if isinstance(component, Characters) else 0
        count = bits.read(component.length.bit_length())
        if count > component.length:
            raise CompressionError(f"AI ({ai}) is longer than its format allows.")
        parts.append(bits.characters(count, encoding))
    value = "".join(parts)
    if not value or any(char not in GS1_CHARSET_82 for char in value):
        raise CompressionError(f"AI ({ai}) holds characters outside GS1's set.")
    return value


def _ai(bits: _Bits, first_two: str) -> str:
    ai = first_two
    for _ in range(AI_LENGTH[first_two] - 2):
        digit = bits.read(4)
        if digit > 9:
            raise CompressionError("An application identifier is all digits.")
        ai += str(digit)
    if ai not in AI_FORMAT:
        raise CompressionError(f"AI ({ai}) is not one this resolver decodes.")
    return ai


def _non_gs1_pair(bits: _Bits, low_nibble: int) -> tuple[str, str]:
    key_length = (low_nibble << 3) | bits.read(3)
    key = "".join(BASE64URL[bits.read(6)] for _ in range(key_length))
    encoding = bits.read(3)
    value = bits.characters(bits.read(7), encoding)
    if not key or not value.isprintable():
        raise CompressionError("A non-GS1 query pair is malformed.")
    return key, value


def digital_link_decompress(compressed: str) -> DecompressedLink:
    """The uncompressed GTIN link a compressed path segment stands for; CompressionError if none."""
    if not MIN_LENGTH <= len(compressed) <= MAX_LENGTH or any(c not in BASE64URL for c in compressed):
        raise CompressionError("Not in the URI-safe base64 alphabet.")
    bits = _Bits(compressed)
    values: dict[str, str] = {}
    others: list[tuple[str, str]] = []
    # An AI and its value take more than 8 bits; what is left after the last one is zero padding.
    while bits.remaining() > 8:
        high, low = bits.read(4), bits.read(4)
        code = _HEX[high] + _HEX[low]
        if high <= 9 and low <= 9:
            if code not in AI_LENGTH:
                raise CompressionError(f"No application identifier starts with {code}.")
            sequence: tuple[str, ...] = (_ai(bits, code),)
        elif code in OPTIMISED_SEQUENCES:
            sequence = OPTIMISED_SEQUENCES[code]
        elif high == _NON_GS1_PAIR:
            others.append(_non_gs1_pair(bits, low))
            continue
        else:
            raise CompressionError(f"No sequence of application identifiers has code {code}.")
        for ai in sequence:
            if ai in values:
                raise CompressionError(f"AI ({ai}) appears twice.")
            values[ai] = _value(bits, ai)
    if bits.read(bits.remaining()) != 0:
        raise CompressionError("The padding after the last value is not zero.")
    if GTIN_AI not in values:
        raise CompressionError("Not a GTIN link.")
    path = f"/{GTIN_AI}/{values.pop(GTIN_AI)}"
    for ai in QUALIFIER_ORDER:
        if ai in values:
            path += f"/{ai}/{quote(values.pop(ai), safe='')}"
    return DecompressedLink(compressed=compressed, path=path, query=(*values.items(), *others))
