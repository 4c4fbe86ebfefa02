"""Insights forms: the officials' period and filter form (GET), cooperatives' monthly declarations and
the OCOP list upload. Forms check shape and ranges in the user's language; the insights actions decide
the business rules and their refusals come back through `dashboard.errors.add_domain_error`."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.catalog.importing import MAX_IMPORT_BYTES
from backend.catalog.selectors import channels_active, products_for_stall
from backend.dashboard.catalog.forms import categories_in_tree_order, category_choice_label
from backend.insights.actions import DECLARATION_CURRENCIES
from backend.insights.models import SalesDeclaration
from backend.insights.selectors import InsightFilters
from backend.regions.selectors import Province, communes_in
from backend.stalls.models import LegalForm, OcopGroup, Stall

# A period longer than this is refused: the monthly series and the year-before comparison stay readable.
MAX_PERIOD_MONTHS = 36
OCOP_STARS = (3, 4, 5)


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The last twelve months including the current one: 1 July 2024 – today on 15 June 2025."""
    today = today or timezone.localdate()
    return today.replace(day=1) - relativedelta(months=11), today


def _with_defaults(data, defaults: dict):
    """The query with a default for each parameter left out or empty, so a bare link shows the
    default period instead of a list of "required" errors."""
    if data is None:
        return None
    data = data.copy()
    for name, value in defaults.items():
        if not data.get(name) and value is not None:
            data[name] = str(value)
    return data


class PeriodForm(forms.Form):
    """From and to dates (both included), at most MAX_PERIOD_MONTHS apart; by default the last year."""

    date_from = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("End date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data=None, **kwargs) -> None:
        date_from, date_to = default_period()
        initial = {"date_from": date_from, "date_to": date_to, **kwargs.pop("initial", {})}
        super().__init__(_with_defaults(data, initial), initial=initial, **kwargs)

    def clean(self) -> dict:
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to:
            if date_from > date_to:
                self.add_error("date_to", _("The end date is before the start date."))
            elif date_to >= date_from + relativedelta(months=MAX_PERIOD_MONTHS):
                self.add_error(
                    "date_to", _("Choose at most %(months)d months.") % {"months": MAX_PERIOD_MONTHS}
                )
        return cleaned

    def values(self) -> dict | None:
        """The cleaned values (defaults filled in), None when the form has errors."""
        return self.cleaned_data if self.is_bound and self.is_valid() else None


@dataclass(frozen=True)
class ProvincePeriod:
    province: Province
    date_from: datetime.date
    date_to: datetime.date
    filters: InsightFilters


class ProvinceInsightsForm(PeriodForm):
    """Which province, which dates, and the filters on the producing stall and what it sold."""

    province = forms.TypedChoiceField(label=_("Province"), coerce=int)
    commune = forms.TypedChoiceField(
        label=_("Producer's commune or ward"), coerce=int, empty_value=None, required=False
    )
    category = forms.TypedChoiceField(label=_("Category"), coerce=int, empty_value=None, required=False)
    ocop_stars = forms.TypedChoiceField(
        label=_("OCOP stars"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", _("Any")), (0, _("Not OCOP"))] + [(stars, f"{stars} ★") for stars in OCOP_STARS],
    )
    ocop_group = forms.TypedChoiceField(
        label=_("OCOP product group"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", _("Any"))] + list(OcopGroup.choices),
    )
    legal_form = forms.ChoiceField(
        label=_("Legal form"), required=False, choices=[("", _("Any"))] + list(LegalForm.choices)
    )
    channel = forms.ChoiceField(label=_("Channel"), required=False)

    def __init__(self, data=None, *, provinces: list[Province], **kwargs) -> None:
        first = provinces[0].code if provinces else None
        super().__init__(data, initial={"province": first}, **kwargs)
        self.provinces = {p.code: p for p in provinces}
        self.fields["province"].choices = [(p.code, p.name) for p in provinces]
        chosen = str(self.data.get("province", "")) if self.is_bound else ""
        chosen_code = int(chosen) if chosen.isdigit() and int(chosen) in self.provinces else first
        self.fields["commune"].choices = [("", _("All communes and wards"))] + [
            (c.code, c.name) for c in (communes_in(chosen_code) if chosen_code else [])
        ]
        self.fields["category"].choices = [("", _("All categories"))] + [
            (c.pk, category_choice_label(c)) for c in categories_in_tree_order()
        ]
        self.fields["channel"].choices = [("", _("All channels"))] + [
            (c.slug, f"{c.name} ({c.currency_code})") for c in channels_active()
        ]

    def period(self) -> ProvincePeriod | None:
        values = self.values()
        if values is None:
            return None
        return ProvincePeriod(
            province=self.provinces[values["province"]],
            date_from=values["date_from"],
            date_to=values["date_to"],
            filters=InsightFilters(
                commune_code=values.get("commune"),
                category_id=values.get("category"),
                ocop_stars=values.get("ocop_stars"),
                ocop_group=values.get("ocop_group"),
                legal_form=values.get("legal_form") or None,
                channel=values.get("channel") or None,
            ),
        )


class ReportForm(forms.Form):
    """The printable monthly report: a province and a month (the last full month by default)."""

    province = forms.TypedChoiceField(label=_("Province"), coerce=int)
    month = forms.CharField(label=_("Month"), widget=forms.DateInput(attrs={"type": "month"}))

    def __init__(self, data=None, *, provinces: list[Province], **kwargs) -> None:
        last = timezone.localdate().replace(day=1) - relativedelta(months=1)
        initial = {"province": provinces[0].code if provinces else None, "month": last.strftime("%Y-%m")}
        super().__init__(_with_defaults(data, initial), initial=initial, **kwargs)
        self.provinces = {p.code: p for p in provinces}
        self.fields["province"].choices = [(p.code, p.name) for p in provinces]

    def clean_month(self) -> datetime.date:
        try:
            return datetime.date.fromisoformat(self.cleaned_data["month"].strip()[:7] + "-01")
        except ValueError as exc:
            raise forms.ValidationError(_("Enter a month as YYYY-MM.")) from exc

    def chosen(self) -> tuple[Province, datetime.date] | None:
        if not (self.is_bound and self.is_valid()):
            return None
        return self.provinces[self.cleaned_data["province"]], self.cleaned_data["month"]


class OcopListForm(forms.Form):
    """The province's list of certified OCOP products, as CSV or XLSX."""

    province = forms.TypedChoiceField(label=_("Province"), coerce=int)
    file = forms.FileField(label=_("CSV or XLSX file"))

    def __init__(self, *args, provinces: list[Province], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [(p.code, p.name) for p in provinces]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB.") % {"limit": MAX_IMPORT_BYTES // (1024 * 1024)}
            )
        return upload


WHOLE_STALL = ""


class DeclarationForm(forms.Form):
    """One month's sales outside Nông Sàn, for the whole stall, one product or one category."""

    month = forms.TypedChoiceField(label=_("Month"), coerce=datetime.date.fromisoformat)
    scope = forms.ChoiceField(label=_("For"), required=False)
    currency = forms.ChoiceField(label=_("Currency"), choices=[(c, c) for c in DECLARATION_CURRENCIES])
    other_online_amount = forms.DecimalField(
        label=_("Sales on other e-commerce platforms"),
        min_value=Decimal(0),
        max_digits=15,
        decimal_places=2,
        help_text=_("Shopee, Lazada, TikTok Shop, Facebook shops and the like, for the month."),
    )
    offline_amount = forms.DecimalField(
        label=_("Sales offline"),
        min_value=Decimal(0),
        max_digits=15,
        decimal_places=2,
        help_text=_("At markets, shops, fairs, wholesale, for the month."),
    )

    def __init__(self, *args, stall: Stall, months: list[datetime.date], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [(m.isoformat(), f"{m.month:02d}/{m.year}") for m in months]
        self.products = {p.pk: p for p in products_for_stall(stall=stall).order_by("name", "pk")}
        self.categories = {c.pk: c for c in categories_in_tree_order()}
        self.fields["scope"].choices = [
            (WHOLE_STALL, _("The whole stall")),
            (_("A product"), [(f"p{pk}", p.name) for pk, p in self.products.items()]),
            (_("A category"), [(f"c{pk}", category_choice_label(c)) for pk, c in self.categories.items()]),
        ]

    def action_fields(self) -> dict:
        """Keyword arguments for `sales_declaration_save`."""
        data = self.cleaned_data
        scope = data["scope"]
        product = self.products.get(int(scope[1:])) if scope.startswith("p") else None
        category = self.categories.get(int(scope[1:])) if scope.startswith("c") else None
        return {
            "month": data["month"],
            "currency": data["currency"],
            "other_online_amount": data["other_online_amount"],
            "offline_amount": data["offline_amount"],
            "product": product,
            "category": category,
        }


def declaration_scope(declaration: SalesDeclaration) -> str:
    """The form's `scope` value for an existing declaration (to edit it)."""
    if declaration.product_id:
        return f"p{declaration.product_id}"
    if declaration.category_id:
        return f"c{declaration.category_id}"
    return WHOLE_STALL
