"""The search filters form: turns a query string into product_search arguments, never raising."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from backend.catalog.models import Category
from backend.catalog.selectors import categories_all
from backend.regions.selectors import provinces

SORT_CHOICES = (
    ("relevance", _("Best match")),
    ("name", _("Name")),
    ("price", _("Price: low to high")),
    ("price-desc", _("Price: high to low")),
    ("newest", _("Newest")),
)
# sort value → (product_search sort, descending)
SORTS = {
    "relevance": ("relevance", False),
    "name": ("name", False),
    "price": ("price", False),
    "price-desc": ("price", True),
    "newest": ("newest", False),
}
STAR_CHOICES = ((3, "3★"), (4, "4★"), (5, "5★"))
MAX_QUERY = 100
MAX_PRICE = Decimal("999999999999")
MAX_PRICE_CHARS = 20


def category_label(category: Category) -> str:
    """A category's name in the page language (English falls back to the Vietnamese name)."""
    english = (get_language() or "vi").startswith("en")
    return category.name_en if english and category.name_en else category.name


class PriceField(forms.CharField):
    """A price as people type it: `100.000`, `100000 ₫` in đồng; `12.50`, `$12.50` in dollars."""

    default_error_messages = {"invalid": _("Enter a price as a number, for example 100000.")}

    def __init__(self, *, currency: str = "VND", **kwargs) -> None:
        self.currency = currency
        super().__init__(required=False, **kwargs)

    def to_python(self, value: str) -> Decimal | None:
        text = super().to_python(value).replace("₫", "").replace("$", "").replace(" ", "").strip()
        if not text:
            return None
        if len(text) > MAX_PRICE_CHARS:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        # Đồng have no minor unit, so both separators group thousands; dollars keep their cents.
        text = text.replace(".", "").replace(",", "") if self.currency == "VND" else text.replace(",", "")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not amount.is_finite() or amount < 0 or amount > MAX_PRICE:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return amount


class SearchForm(forms.Form):
    """Every field is optional; a field that fails is reported beside it and left out of the search."""

    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_QUERY)
    category = forms.ChoiceField(label=_("Category"), required=False)
    province = forms.TypedChoiceField(
        label=_("Province of origin"), required=False, coerce=int, empty_value=None
    )
    stars = forms.TypedMultipleChoiceField(
        label=_("OCOP stars"),
        required=False,
        coerce=int,
        choices=STAR_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    price_min = PriceField(label=_("Price from"))
    price_max = PriceField(label=_("Price to"))
    in_stock = forms.BooleanField(label=_("In stock only"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, data, *, currency: str, fixed_category: Category | None = None) -> None:
        data = data.copy()
        # A long query is cut, not refused: people paste whole product names.
        data["q"] = data.get("q", "")[:MAX_QUERY]
        super().__init__(data)
        self.fixed_category = fixed_category
        self.fields["price_min"].currency = self.fields["price_max"].currency = currency
        self.fields["category"].choices = [("", _("All categories"))] + [
            (c.slug, ("— " if c.parent_id else "") + category_label(c)) for c in _category_tree()
        ]
        self.fields["province"].choices = [("", _("All provinces"))] + [(p.code, p.name) for p in provinces()]
        if fixed_category is not None:
            del self.fields["category"]
        self.is_valid()

    def value(self, name: str):
        """The cleaned value, or None when the field was left empty or refused."""
        return self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None

    def search_arguments(self, *, searching: bool) -> dict:
        """Keyword arguments for `product_search` from the fields that cleaned."""
        sort_key = self.value("sort") or ("relevance" if searching else "name")
        if sort_key == "relevance" and not searching:
            sort_key = "name"
        sort, descending = SORTS[sort_key]
        category = self.fixed_category or (
            _categories_by_slug().get(self.value("category")) if self.value("category") else None
        )
        province = self.value("province")
        return {
            "search": self.value("q") or None,
            "categories": [category] if category else None,
            "province_codes": [province] if province else None,
            "ocop_stars": self.value("stars") or None,
            "price_min": self.value("price_min"),
            "price_max": self.value("price_max"),
            "in_stock": True if self.value("in_stock") else None,
            "sort": sort,
            "descending": descending,
        }


def _category_tree() -> list[Category]:
    """Top-level categories, each followed by its children, in their stated order."""
    rows = list(categories_all())
    children: dict[int | None, list[Category]] = {}
    for category in rows:
        children.setdefault(category.parent_id, []).append(category)
    ordered: list[Category] = []
    for top in children.get(None, []):
        ordered.append(top)
        ordered.extend(children.get(top.pk, []))
    return ordered


def _categories_by_slug() -> dict[str, Category]:
    return {c.slug: c for c in categories_all()}
