"""A province's official OCOP list: reading an import file into rows, and matching the list to the
products on Nông Sàn (certified and online, certified and not online, claiming OCOP off the list).

A list entry matches a product of a stall in the same province when the product's OCOP certificate
carries the same decision number (compared folded, without spaces) and one folded product name
contains the other ("Kẹo dừa" matches "Kẹo dừa sáp Bến Tre"). An entry is current while its
decision is under 36 months old; it is online when a matching product of an approved stall has a
published channel listing.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from django import forms
from django.db.models import Exists, OuterRef

from backend.catalog.importing import ImportErrorCode, ImportFileError, RowError, read_rows
from backend.catalog.models import Product, VariantChannelListing
from backend.core.text import fold
from backend.insights.models import OcopListEntry
from backend.stalls.models import OCOP_VALIDITY_MONTHS, StallStatus

COLUMNS = ("product_name", "producer_name", "stars", "decision_number", "decision_date")
# Headers as Vietnamese spreadsheets write them (folded), mapped to the columns above.
HEADER_ALIASES = {
    "san pham": "product_name",
    "ten san pham": "product_name",
    "chu the": "producer_name",
    "chu the san xuat": "producer_name",
    "producer": "producer_name",
    "so sao": "stars",
    "hang sao": "stars",
    "so quyet dinh": "decision_number",
    "ngay quyet dinh": "decision_date",
}


def decision_key(number: str) -> str:
    return fold(number).replace(" ", "")


class OcopListRowForm(forms.Form):
    """One row of the province's list; the same limits as an OCOP certificate."""

    product_name = forms.CharField(max_length=250)
    producer_name = forms.CharField(max_length=200)
    stars = forms.IntegerField(min_value=3, max_value=5)
    decision_number = forms.CharField(max_length=64)
    decision_date = forms.DateField(input_formats=["%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S"])


@dataclass(frozen=True)
class OcopListRow:
    row: int
    product_name: str
    producer_name: str
    stars: int
    decision_number: str
    decision_date: date


def ocop_list_rows(data: bytes, *, today: date) -> tuple[list[OcopListRow], list[RowError]]:
    """Every row of a CSV/XLSX list, typed, or the errors of every bad row (row numbers as the
    spreadsheet shows them)."""
    try:
        header, records = read_rows(data)
    except ImportFileError as exc:
        return [], [exc.error]
    columns = [HEADER_ALIASES.get(fold(name), name) for name in header]
    errors = [
        RowError(1, name, ImportErrorCode.UNKNOWN_COLUMN, "Unknown column.")
        for name, column in zip(header, columns, strict=True)
        if name and column not in COLUMNS
    ]
    errors += [
        RowError(1, column, ImportErrorCode.MISSING_COLUMN, "This column is missing.")
        for column in COLUMNS
        if column not in columns
    ]
    if errors:
        return [], errors
    if not records:
        return [], [RowError(0, "", ImportErrorCode.NO_ROWS, "The file has no product rows.")]
    rows: list[OcopListRow] = []
    for number, record in records:
        form = OcopListRowForm(data={columns[header.index(k)]: v for k, v in record.items() if k in header})
        if not form.is_valid():
            errors += [
                RowError(number, column, ImportErrorCode.INVALID_VALUE, message)
                for column, messages in form.errors.items()
                for message in messages
            ]
            continue
        data = form.cleaned_data
        if data["decision_date"] > today:
            errors.append(
                RowError(
                    number,
                    "decision_date",
                    ImportErrorCode.INVALID_VALUE,
                    "The decision date is in the future.",
                )
            )
            continue
        rows.append(OcopListRow(row=number, **data))
    return rows, errors


# --- Matching ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductRef:
    id: int
    name: str
    stall_name: str
    online: bool


@dataclass(frozen=True)
class EntryMatch:
    entry_id: int
    product_name: str
    producer_name: str
    stars: int
    decision_number: str
    decision_date: date
    products: tuple[ProductRef, ...]

    @property
    def online(self) -> bool:
        return any(p.online for p in self.products)


@dataclass(frozen=True)
class OcopListReport:
    imported_at: datetime | None
    entries_online: tuple[EntryMatch, ...] = ()
    entries_not_online: tuple[EntryMatch, ...] = ()
    claims_without_listing: tuple[
        ProductRef, ...
    ] = ()  # products claiming OCOP that no current entry matches

    @property
    def ocop_products_certified(self) -> int:
        return len(self.entries_online) + len(self.entries_not_online)

    @property
    def ocop_products_online(self) -> int:
        return len(self.entries_online)


def _names_match(a: str, b: str) -> bool:
    return bool(a and b) and (a in b or b in a)


def ocop_list_report(*, province_code: int, on: date) -> OcopListReport:
    """The province's current list entries (decisions under 36 months old on `on`) against the
    products of its stalls that carry an OCOP certificate."""
    entries = list(
        OcopListEntry.objects.filter(
            province_code=province_code,
            decision_date__gt=on - relativedelta(months=OCOP_VALIDITY_MONTHS),
        )
    )
    imported = OcopListEntry.objects.filter(province_code=province_code).order_by("-imported_at").first()
    published = VariantChannelListing.objects.filter(variant__product=OuterRef("pk"), is_published=True)
    products = (
        Product.objects.filter(stall__province_code=province_code, ocop_certificate__isnull=False)
        .annotate(published=Exists(published))
        .order_by("name", "pk")
        .values_list(
            "pk", "name", "stall__name", "stall__status", "ocop_certificate__decision_number", "published"
        )
    )
    # Plain tuples, grouped by decision number: a province has thousands of OCOP products.
    refs: list[ProductRef] = []
    by_decision: dict[str, list[tuple[str, ProductRef]]] = defaultdict(list)
    for pk, name, stall_name, stall_status, decision, is_published in products:
        ref = ProductRef(pk, name, stall_name, is_published and stall_status == StallStatus.APPROVED)
        refs.append(ref)
        by_decision[decision_key(decision)].append((fold(name), ref))
    matched: set[int] = set()
    online, offline = [], []
    for entry in entries:
        candidates = by_decision.get(entry.decision_key, ())
        hits = tuple(ref for name, ref in candidates if _names_match(name, entry.product_key))
        matched.update(ref.id for ref in hits)
        match = EntryMatch(
            entry.pk,
            entry.product_name,
            entry.producer_name,
            entry.stars,
            entry.decision_number,
            entry.decision_date,
            hits,
        )
        (online if match.online else offline).append(match)
    return OcopListReport(
        imported_at=imported.imported_at if imported else None,
        entries_online=tuple(online),
        entries_not_online=tuple(offline),
        claims_without_listing=tuple(ref for ref in refs if ref.id not in matched) if imported else (),
    )
