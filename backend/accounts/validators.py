"""Vietnamese phone numbers: accepted as 0xxxxxxxxx or +84xxxxxxxxx, stored as +84xxxxxxxxx."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_E164_VN = re.compile(r"^\+84[235789]\d{8}$")


def normalize_vn_phone(raw: str) -> str:
    """Return the +84 form of a Vietnamese number, or raise ValidationError."""
    digits = re.sub(r"[\s.\-()]", "", raw or "")
    if digits.startswith("0084"):
        digits = "+84" + digits[4:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "+" + digits
    elif digits.startswith("0"):
        digits = "+84" + digits[1:]
    validate_vn_phone(digits)
    return digits


def validate_vn_phone(value: str) -> None:
    """Raise unless `value` is a +84 number with 9 national digits."""
    if value and not _E164_VN.match(value):
        raise ValidationError(
            _("Enter a Vietnamese phone number such as 0912 345 678 or +84912345678."),
            code="invalid_phone",
        )
