"""Dashboard forms for products, variants, prices, stock, photos, warehouses and the import upload.

Forms check shape and ranges (Django's messages are translated); the domain actions they feed decide
the business rules, and their refusals come back onto the form through `errors.add_domain_error`.
"""

from decimal import Decimal

from babel.numbers import get_currency_precision
from django import forms
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from backend.catalog.importing import MAX_IMPORT_BYTES
from backend.catalog.models import Category, Channel, Warehouse
from backend.regions.selectors import commune_by_code, communes_in, provinces
from backend.stalls.models import Stall

MAX_QUANTITY = 10_000_000


def category_label(category: Category) -> str:
    """The category's name in the user's language (English names exist for the seeded tree)."""
    return category.name_en if get_language() == "en" and category.name_en else category.name


def category_choice_label(category: Category) -> str:
    """The label in pickers and lists that show the tree: children are marked with a dash."""
    return f"— {category_label(category)}" if category.parent_id else category_label(category)


def categories_in_tree_order() -> list[Category]:
    """Top-level categories each followed by their children, as the picker lists them."""
    categories = list(Category.objects.all())
    children: dict[int | None, list[Category]] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)
    ordered: list[Category] = []

    def walk(parent_id: int | None) -> None:
        for category in children.get(parent_id, []):
            ordered.append(category)
            walk(category.pk)

    walk(None)
    return ordered


class RegionPickerMixin:
    """A province select and a commune select listing the communes of the chosen province.

    Without JavaScript the commune list follows the province already saved or submitted; the
    dashboard script refills it when the province changes.
    """

    province_field = "province_code"
    commune_field = "commune_code"

    def setup_regions(self, *, required: bool) -> None:
        empty = [("", _("— choose —"))]
        province_field = self.fields[self.province_field]
        province_field.choices = empty + [(p.code, p.name) for p in provinces()]
        province_field.required = required
        province_field.widget.attrs["data-commune-select"] = f"id_{self.commune_field}"
        province_field.widget.attrs["data-communes-url"] = reverse("dashboard:catalog:communes")
        chosen = self.data.get(self.add_prefix(self.province_field)) if self.is_bound else None
        chosen = chosen or self.initial.get(self.province_field)
        communes = communes_in(int(chosen)) if str(chosen or "").isdigit() else []
        commune_field = self.fields[self.commune_field]
        commune_field.choices = empty + [(c.code, c.name) for c in communes]
        commune_field.required = required

    def clean_regions(self, cleaned: dict) -> None:
        province_code = cleaned.get(self.province_field)
        commune_code = cleaned.get(self.commune_field)
        if commune_code and not province_code:
            self.add_error(self.province_field, _("Choose the province of this commune or ward."))
        elif commune_code:
            commune = commune_by_code(commune_code)
            if commune is None or commune.province_code != province_code:
                self.add_error(self.commune_field, _("This commune or ward is not in the chosen province."))


class ProductForm(RegionPickerMixin, forms.Form):
    province_field = "origin_province_code"
    commune_field = "origin_commune_code"

    name = forms.CharField(label=_("Product name"), max_length=250)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.all())
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Simple formatting is kept: paragraphs, bold, italic, lists and links."),
    )
    packaging = forms.CharField(
        label=_("Packaging"), required=False, max_length=200, help_text=_("For example: hộp giấy, túi zip.")
    )
    ocop_certificate = forms.ModelChoiceField(
        label=_("OCOP certificate"), queryset=None, required=False, empty_label=_("— none —")
    )
    origin_province_code = forms.TypedChoiceField(label=_("Origin province"), coerce=int, empty_value=None)
    origin_commune_code = forms.TypedChoiceField(
        label=_("Origin commune or ward"), coerce=int, empty_value=None
    )

    def __init__(self, *args, stall: Stall, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Parents first, each followed by its children (the queryset still validates the choice).
        self.fields["category"].choices = [("", _("— choose —"))] + [
            (c.pk, f"— {category_label(c)}" if c.parent_id else category_label(c))
            for c in categories_in_tree_order()
        ]
        self.fields["ocop_certificate"].queryset = stall.ocop_certificates.all()
        self.setup_regions(required=False)

    def clean(self) -> dict:
        cleaned = super().clean()
        self.clean_regions(cleaned)
        return cleaned

    def action_fields(self, attributes: dict | None = None) -> dict:
        """Keyword arguments for product_create / product_update."""
        data = self.cleaned_data
        attributes = dict(attributes or {})
        if data["packaging"]:
            attributes["packaging"] = data["packaging"]
        else:
            attributes.pop("packaging", None)
        return {
            "name": data["name"],
            "category": data["category"],
            "description": data["description"],
            "ocop_certificate": data["ocop_certificate"],
            "origin_province_code": data["origin_province_code"],
            "origin_commune_code": data["origin_commune_code"],
            "attributes": attributes,
        }


class ProductFilterForm(forms.Form):
    """The product list's search box, category and stock filters (a GET form; bad values are ignored)."""

    IN_STOCK = "in"
    OUT_OF_STOCK = "out"

    q = forms.CharField(label=_("Search"), required=False)
    category = forms.TypedChoiceField(label=_("Category"), coerce=int, empty_value=None, required=False)
    stock = forms.ChoiceField(
        label=_("Stock"),
        required=False,
        choices=[("", _("Any stock")), (IN_STOCK, _("In stock")), (OUT_OF_STOCK, _("Out of stock"))],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All categories"))] + [
            (c.pk, category_choice_label(c)) for c in categories_in_tree_order()
        ]

    def filters(self) -> dict:
        """`query`, `category_id` and `in_stock` (None when not filtering), from the valid fields only."""
        errors = self.errors if self.is_bound else {}  # runs the cleaning
        data = self.cleaned_data if self.is_bound else {}
        # An unknown category or stock value (a stale link) drops that filter rather than the page.
        stock = "" if "stock" in errors else data.get("stock", "")
        return {
            "query": (data.get("q") or "")[:100].strip(),
            "category_id": None if "category" in errors else data.get("category"),
            "in_stock": {self.IN_STOCK: True, self.OUT_OF_STOCK: False}.get(stock),
        }


class VariantForm(forms.Form):
    sku = forms.CharField(label=_("SKU"), max_length=64, help_text=_("Your own code, unique in your stall."))
    name = forms.CharField(
        label=_("Variant name"), max_length=255, required=False, help_text=_("For example: Hộp 500 g.")
    )
    gtin = forms.CharField(
        label=_("GTIN (barcode)"), max_length=18, required=False, help_text=_("8, 12, 13 or 14 digits.")
    )
    weight_grams = forms.IntegerField(
        label=_("Weight (grams)"), required=False, min_value=1, max_value=1_000_000
    )

    def action_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "sku": data["sku"].strip(),
            "name": data["name"],
            "gtin": data["gtin"] or None,
            "weight_grams": data["weight_grams"],
        }


class PricesForm(forms.Form):
    """Per active channel: a price, a "published" box and a "remove" box.

    A blank price leaves that channel alone; a ticked "remove" withdraws the variant from the channel
    (whatever the price field says).
    """

    def __init__(self, *args, channels: list[Channel], listings: dict[int, object], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.channels = channels
        for channel in channels:
            places = get_currency_precision(channel.currency_code)
            listing = listings.get(channel.pk)
            self.fields[f"price_{channel.slug}"] = forms.DecimalField(
                label=_("Price in %(channel)s (%(currency)s)")
                % {"channel": channel.name, "currency": channel.currency_code},
                required=False,
                min_value=Decimal(0),
                max_digits=14,
                decimal_places=places,
                initial=listing.price_amount.quantize(Decimal(1).scaleb(-places)) if listing else None,
            )
            self.fields[f"published_{channel.slug}"] = forms.BooleanField(
                label=_("Published in %(channel)s") % {"channel": channel.name},
                required=False,
                initial=listing.is_published if listing else True,
            )
            self.fields[f"remove_{channel.slug}"] = forms.BooleanField(
                label=_("Remove from %(channel)s (no price there)") % {"channel": channel.name},
                required=False,
            )

    def prices(self) -> list[tuple[Channel, Decimal, bool]]:
        data = self.cleaned_data
        return [
            (channel, data[f"price_{channel.slug}"], data[f"published_{channel.slug}"])
            for channel in self.channels
            if data[f"price_{channel.slug}"] is not None and not data[f"remove_{channel.slug}"]
        ]

    def removals(self) -> list[Channel]:
        return [channel for channel in self.channels if self.cleaned_data[f"remove_{channel.slug}"]]


class StockForm(forms.Form):
    """The quantity on hand in each of the stall's warehouses."""

    def __init__(self, *args, warehouses: list[Warehouse], quantities: dict[int, int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.warehouses = warehouses
        for warehouse in warehouses:
            self.fields[f"quantity_{warehouse.pk}"] = forms.IntegerField(
                label=warehouse.name,
                min_value=0,
                max_value=MAX_QUANTITY,
                initial=quantities.get(warehouse.pk, 0),
            )

    def stocks(self) -> list[tuple[Warehouse, int]]:
        return [(w, self.cleaned_data[f"quantity_{w.pk}"]) for w in self.warehouses]


class MediaForm(forms.Form):
    # A plain FileField: the catalog action checks format, size and pixels and says what is wrong.
    image = forms.FileField(label=_("Photo (JPEG, PNG or WebP)"))
    alt = forms.CharField(label=_("Short description of the photo"), max_length=250, required=False)


class WarehouseForm(RegionPickerMixin, forms.Form):
    name = forms.CharField(label=_("Warehouse name"), max_length=200)
    province_code = forms.TypedChoiceField(label=_("Province"), coerce=int, empty_value=None)
    commune_code = forms.TypedChoiceField(label=_("Commune or ward"), coerce=int, empty_value=None)
    address = forms.CharField(label=_("Street address"), max_length=255, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.setup_regions(required=True)

    def clean(self) -> dict:
        cleaned = super().clean()
        self.clean_regions(cleaned)
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB.") % {"limit": MAX_IMPORT_BYTES // (1024 * 1024)}
            )
        return upload
