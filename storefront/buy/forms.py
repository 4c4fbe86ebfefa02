"""Input checks at the edge of the buying pages; the domain actions decide everything else."""

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.checkout.error_codes import CheckoutErrorCode
from backend.core.errors import DomainError

# Ids beyond PostgreSQL's bigint would fail in the database instead of as a missing row.
MAX_ID = 2**63 - 1
# Big enough for any real quantity; the domain's own limit (1000) gives the message.
MAX_QUANTITY_INPUT = 10**6


class CartAddForm(forms.Form):
    variant = forms.IntegerField(min_value=1, max_value=MAX_ID)
    quantity = forms.IntegerField(
        min_value=1,
        max_value=MAX_QUANTITY_INPUT,
        initial=1,
        error_messages={
            "min_value": _("Enter a quantity between 1 and 1000."),
            "max_value": _("Enter a quantity between 1 and 1000."),
            "invalid": _("Enter a quantity between 1 and 1000."),
            "required": _("Enter a quantity between 1 and 1000."),
        },
    )
    next = forms.CharField(required=False, max_length=500)


class CartRemoveForm(forms.Form):
    line = forms.IntegerField(min_value=1, max_value=MAX_ID)


def line_quantities(data, line_ids: set[int]) -> dict[int, int]:
    """`quantity-<line id>` fields of a cart update as quantities by line (0 removes).

    Refuses a line the cart does not hold and a quantity that is not a whole number; the domain
    action checks the range.
    """
    quantities: dict[int, int] = {}
    for key, value in data.items():
        if not key.startswith("quantity-"):
            continue
        try:
            line_id = int(key.removeprefix("quantity-"))
        except ValueError:
            line_id = None
        if line_id not in line_ids:
            raise DomainError(CheckoutErrorCode.NOT_FOUND, "No such line in this checkout.", "line")
        try:
            quantities[line_id] = int(value)
        except ValueError as exc:
            raise DomainError(
                CheckoutErrorCode.INVALID_QUANTITY, "Quantity must be a whole number.", "quantity"
            ) from exc
    return quantities
