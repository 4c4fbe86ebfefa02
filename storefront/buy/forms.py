"""Input checks at the edge of the buying pages; the domain actions decide everything else."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from backend.checkout.error_codes import CheckoutErrorCode
from backend.core.errors import DomainError
from backend.regions.selectors import communes_in, province_by_code, provinces

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


class OrderPickForm(forms.Form):
    order = forms.IntegerField(min_value=1, max_value=MAX_ID)


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


def _province_choices() -> list[tuple[str, str]]:
    return [("", _("Choose a province"))] + [(str(p.code), p.name) for p in provinces()]


def _commune_choices(province_code: int | None) -> list[tuple[str, str]]:
    communes = communes_in(province_code) if province_code and province_by_code(province_code) else []
    return [("", _("Choose a commune"))] + [(str(c.code), c.name) for c in communes]


def _code(value) -> int | None:
    try:
        code = int(value)
    except (TypeError, ValueError):
        return None
    return code if 0 < code < 10**7 else None


class AddressForm(forms.Form):
    """A 2025 address: province → commune selects (codes; the domain checks they belong together)."""

    full_name = forms.CharField(label=_("Recipient's name"), max_length=150, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    street = forms.CharField(label=_("House number and street"), max_length=255, required=False)
    province_code = forms.IntegerField(
        label=_("Province or city"), required=False, min_value=1, max_value=10**7, widget=forms.Select
    )
    commune_code = forms.IntegerField(
        label=_("Commune or ward"), required=False, min_value=1, max_value=10**7, widget=forms.Select
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        province = _code(self.data.get(self.add_prefix("province_code"))) if self.is_bound else None
        if province is None:
            province = _code(self.initial.get("province_code"))
        self.fields["province_code"].widget.choices = _province_choices()
        self.fields["commune_code"].widget.choices = _commune_choices(province)
        self.fields["province_code"].widget.attrs["data-communes-url"] = reverse(
            "storefront:communes", args=[0]
        ).replace("/0/", "/{code}/")

    def address(self) -> dict:
        data = self.cleaned_data
        return {
            "full_name": data.get("full_name") or "",
            "phone": data.get("phone") or "",
            "street": data.get("street") or "",
            "province_code": data.get("province_code") or 0,
            "commune_code": data.get("commune_code") or 0,
        }


class CheckoutForm(AddressForm):
    """Contact, address, one delivery method per stall and the payment method."""

    email = forms.EmailField(label=_("Email"), max_length=254, required=False)
    # Plain fields with radio widgets: the domain refuses a method it does not offer, in its words.
    payment_method = forms.CharField(
        label=_("Payment"), max_length=16, required=False, widget=forms.RadioSelect
    )
    save_address = forms.BooleanField(label=_("Save this address in my address book"), required=False)

    field_order = ["email", "phone", "full_name", "street", "province_code", "commune_code"]

    def __init__(self, *args, stalls: list, payment_methods: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["payment_method"].widget.choices = payment_methods
        for stall in stalls:
            self.fields[f"delivery_{stall.stall_id}"] = forms.IntegerField(
                label=stall.stall_name,
                min_value=1,
                max_value=MAX_ID,
                required=False,
                widget=forms.RadioSelect(choices=[(str(d.id), d.name) for d in stall.deliveries]),
            )

    def deliveries(self) -> list[int]:
        return [
            value
            for name, value in self.cleaned_data.items()
            if name.startswith("delivery_") and value not in (None, "")
        ]


class SavedAddressForm(AddressForm):
    is_default = forms.BooleanField(label=_("Use as my default address"), required=False)
