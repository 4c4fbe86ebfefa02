"""GTIN-8/12/13/14 check-digit validation and normalisation to the 14-digit form GS1 links use."""

_LENGTHS = (8, 12, 13, 14)


def _check_digit(body: str) -> int:
    # GS1 mod-10: weights 3,1,3,1… from the rightmost digit of the body.
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def gtin_check_digit(body: str) -> int:
    """The check digit to append to `body` (a GTIN without its last digit)."""
    if not body.isdigit():
        raise ValueError("A GTIN body has digits only.")
    return _check_digit(body)


def gtin_normalize(raw: str) -> str:
    """Return the GTIN as 14 digits, or raise ValueError with a message a producer can act on."""
    digits = "".join((raw or "").split()).replace("-", "")
    if not digits.isdigit() or len(digits) not in _LENGTHS:
        raise ValueError("A GTIN has 8, 12, 13 or 14 digits.")
    if _check_digit(digits[:-1]) != int(digits[-1]):
        raise ValueError("The GTIN check digit is wrong.")
    return digits.zfill(14)


def gtin_is_valid(raw: str) -> bool:
    try:
        gtin_normalize(raw)
    except ValueError:
        return False
    return True
