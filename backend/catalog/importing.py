"""Bulk product import from CSV or XLSX for one stall: all rows or nothing.

Three steps. Reading turns the file into raw rows (bounded in bytes and rows). Validation turns each
row into a typed `ImportRow` through a Django form (so messages come in the user's language) and
checks the rows against each other and the catalog (categories, warehouses, SKUs and GTINs already
taken), so the report lists every bad row with its spreadsheet row number and column. Writing runs
the catalog actions for every row inside one transaction; a refusal there rolls everything back.

Errors are data (a code, parameters and an English message); the interface translates them.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from django import forms
from django.db import transaction
from openpyxl import load_workbook

from backend.catalog.actions import (
    product_create,
    stocks_update,
    variant_channel_listing_update,
    variant_create,
)
from backend.catalog.gtin import gtin_normalize
from backend.catalog.models import Category, Channel, Product, ProductVariant, Warehouse
from backend.catalog.selectors import warehouses_for_stall
from backend.core.errors import DomainError
from backend.stalls.models import Stall

MAX_IMPORT_BYTES = 2 * 1024 * 1024
# Rows run through the catalog actions one by one (about 20 queries each) inside one request, so
# the cap keeps an import well within a web worker's timeout; bigger catalogs upload in parts.
MAX_IMPORT_ROWS = 1000
# An XLSX is a zip: refuse archives that would inflate far beyond what 2,000 rows can need.
MAX_XLSX_UNPACKED_BYTES = 40 * 1024 * 1024
# Excel keeps formatted empty rows; stop reading long before an endless sheet exhausts memory.
MAX_SCANNED_ROWS = MAX_IMPORT_ROWS * 5

COLUMNS = (
    "product_name",
    "category_slug",
    "description",
    "sku",
    "variant_name",
    "gtin",
    "weight_grams",
    "price_vnd",
    "price_usd",
    "stock_quantity",
    "warehouse",
)
REQUIRED_COLUMNS = ("product_name", "category_slug", "sku")
# Which price column feeds which channel.
PRICE_CHANNELS = {"price_vnd": "vn", "price_usd": "export"}
HEADER_ROW = 1


class ImportErrorCode(Enum):
    FILE_TOO_LARGE = "file_too_large"
    TOO_MANY_ROWS = "too_many_rows"
    NOT_UTF8 = "not_utf8"
    NOT_CSV = "not_csv"
    MALFORMED_CSV = "malformed_csv"
    NOT_XLSX = "not_xlsx"
    XLSX_TOO_LARGE = "xlsx_too_large"
    EMPTY_FILE = "empty_file"
    NO_ROWS = "no_rows"
    UNKNOWN_COLUMN = "unknown_column"
    MISSING_COLUMN = "missing_column"
    INVALID_VALUE = "invalid_value"  # a field check failed; the message is already in the user's language
    UNKNOWN_CATEGORY = "unknown_category"
    CATEGORY_CONFLICT = "category_conflict"
    DUPLICATED_SKU = "duplicated_sku"  # twice in the file
    SKU_EXISTS = "sku_exists"  # already a variant of the stall
    INVALID_GTIN = "invalid_gtin"
    DUPLICATED_GTIN = "duplicated_gtin"  # twice in the file
    GTIN_EXISTS = "gtin_exists"  # already registered to a variant
    UNKNOWN_WAREHOUSE = "unknown_warehouse"
    WAREHOUSE_REQUIRED = "warehouse_required"
    NO_WAREHOUSE = "no_warehouse"
    CHANNEL_UNAVAILABLE = "channel_unavailable"
    REFUSED = "refused"  # a catalog action refused the row; `cause` holds its DomainError


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet shows it: the header is row 1, so the first product is row 2 (0: the file)
    column: str  # "" when the whole file is at fault
    code: ImportErrorCode
    message: str
    params: dict = field(default_factory=dict)
    cause: DomainError | None = None


@dataclass(frozen=True)
class ImportRow:
    """One validated line: everything after validation trusts these types."""

    row: int
    product_name: str
    category: Category
    description: str
    sku: str
    variant_name: str
    gtin: str | None
    weight_grams: int | None
    prices: tuple[tuple[str, Decimal], ...]  # (price column, amount)
    stock_quantity: int | None
    warehouse: Warehouse | None


@dataclass(frozen=True)
class ImportResult:
    errors: tuple[RowError, ...] = ()
    products_created: int = 0
    variants_created: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportFileError(Exception):
    """The file as a whole cannot be read (format, encoding, size, row count)."""

    def __init__(self, code: ImportErrorCode, message: str, **params) -> None:
        super().__init__(message)
        self.error = RowError(0, "", code, message, params)


class ImportRowForm(forms.Form):
    """The shape of one row; the same field limits as the dashboard's product and variant forms."""

    product_name = forms.CharField(max_length=250)
    category_slug = forms.CharField(max_length=128)
    description = forms.CharField(required=False, max_length=20_000)
    sku = forms.CharField(max_length=64)
    variant_name = forms.CharField(required=False, max_length=255)
    gtin = forms.CharField(required=False, max_length=20)
    weight_grams = forms.IntegerField(required=False, min_value=1, max_value=1_000_000)
    price_vnd = forms.DecimalField(required=False, min_value=0, max_digits=14, decimal_places=0)
    price_usd = forms.DecimalField(required=False, min_value=0, max_digits=14, decimal_places=2)
    stock_quantity = forms.IntegerField(required=False, min_value=0, max_value=10_000_000)
    warehouse = forms.CharField(required=False, max_length=200)


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the text a person typed (12000.0 stays "12000", dates as ISO)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(ImportErrorCode.NOT_UTF8, "The CSV file must be saved as UTF-8.") from exc
    if "\x00" in text:
        raise ImportFileError(ImportErrorCode.NOT_CSV, "This is not a CSV text file.")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        yield from csv.reader(io.StringIO(text, newline=""), dialect)
    except csv.Error as exc:
        raise ImportFileError(ImportErrorCode.MALFORMED_CSV, f"The CSV file is malformed: {exc}") from exc


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_XLSX_UNPACKED_BYTES:
            raise ImportFileError(ImportErrorCode.XLSX_TOO_LARGE, "The XLSX file unpacks to too much data.")
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ImportFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for a damaged archive
        raise ImportFileError(ImportErrorCode.NOT_XLSX, "This is not a readable XLSX workbook.") from exc
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True, max_col=len(COLUMNS) * 2):
            yield [_cell_text(value) for value in values]
    finally:
        workbook.close()


def read_rows(data: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and the non-empty rows (with their row numbers) of a CSV or XLSX file."""
    if len(data) > MAX_IMPORT_BYTES:
        limit = MAX_IMPORT_BYTES // (1024 * 1024)
        raise ImportFileError(
            ImportErrorCode.FILE_TOO_LARGE, f"The file is larger than {limit} MB.", limit=limit
        )
    rows = _xlsx_rows(data) if data.startswith(b"PK\x03\x04") else _csv_rows(data)
    header: list[str] | None = None
    records: list[tuple[int, dict[str, str]]] = []
    for number, cells in enumerate(rows, start=HEADER_ROW):
        if number > MAX_SCANNED_ROWS:
            break
        cells = [(cell or "").strip() for cell in cells]
        if not any(cells):
            continue
        if header is None:
            header = [cell.lower().lstrip("\ufeff") for cell in cells]
            continue
        if len(records) == MAX_IMPORT_ROWS:
            raise ImportFileError(
                ImportErrorCode.TOO_MANY_ROWS,
                f"The file has more than {MAX_IMPORT_ROWS} product rows.",
                limit=MAX_IMPORT_ROWS,
            )
        records.append((number, dict(zip(header, cells, strict=False))))
    if header is None:
        raise ImportFileError(ImportErrorCode.EMPTY_FILE, "The file is empty.")
    return header, records


def _header_errors(header: list[str]) -> list[RowError]:
    errors = [
        RowError(HEADER_ROW, column, ImportErrorCode.UNKNOWN_COLUMN, "Unknown column.")
        for column in header
        if column and column not in COLUMNS
    ]
    errors += [
        RowError(HEADER_ROW, column, ImportErrorCode.MISSING_COLUMN, "This column is required.")
        for column in REQUIRED_COLUMNS
        if column not in header
    ]
    return errors


def _repeated(first_row: dict, key: str, number: int, column: str, code: ImportErrorCode) -> list[RowError]:
    """A refusal when `key` (a SKU or GTIN) already stood on an earlier row of the file; remembers the
    first row it stands on otherwise.
    """
    first = first_row.setdefault(key, number)
    if first == number:
        return []
    label = column.upper()
    return [RowError(number, column, code, f"This {label} is already on row {first}.", {"row": first})]


def _validate(
    stall: Stall, records: list[tuple[int, dict[str, str]]]
) -> tuple[list[ImportRow], list[RowError]]:
    categories = {c.slug: c for c in Category.objects.all()}
    warehouses = {w.name.casefold(): w for w in warehouses_for_stall(stall=stall)}
    only_warehouse = next(iter(warehouses.values())) if len(warehouses) == 1 else None
    rows: list[ImportRow] = []
    errors: list[RowError] = []
    first_sku_row: dict[str, int] = {}
    first_gtin_row: dict[str, int] = {}
    product_category: dict[str, tuple[str, int]] = {}
    for number, record in records:
        form = ImportRowForm(data=record)
        if not form.is_valid():
            errors += [
                RowError(number, column, ImportErrorCode.INVALID_VALUE, message)
                for column, messages in form.errors.items()
                for message in messages
            ]
            continue
        data = form.cleaned_data
        row_errors: list[RowError] = []
        category = categories.get(data["category_slug"])
        if category is None:
            row_errors.append(
                RowError(
                    number, "category_slug", ImportErrorCode.UNKNOWN_CATEGORY, "No category has this slug."
                )
            )
        name_key = " ".join(data["product_name"].split()).casefold()
        first_category = product_category.setdefault(name_key, (data["category_slug"], number))
        if first_category[0] != data["category_slug"]:
            row_errors.append(
                RowError(
                    number,
                    "category_slug",
                    ImportErrorCode.CATEGORY_CONFLICT,
                    f"Row {first_category[1]} gives this product another category.",
                    {"row": first_category[1]},
                )
            )
        sku_key = data["sku"].strip()
        row_errors += _repeated(first_sku_row, sku_key, number, "sku", ImportErrorCode.DUPLICATED_SKU)
        gtin = None
        if data["gtin"]:
            try:
                gtin = gtin_normalize(data["gtin"])
            except ValueError as exc:
                row_errors.append(RowError(number, "gtin", ImportErrorCode.INVALID_GTIN, str(exc)))
            else:
                row_errors += _repeated(first_gtin_row, gtin, number, "gtin", ImportErrorCode.DUPLICATED_GTIN)
        warehouse = None
        if data["warehouse"]:
            warehouse = warehouses.get(data["warehouse"].casefold())
            if warehouse is None:
                row_errors.append(
                    RowError(
                        number,
                        "warehouse",
                        ImportErrorCode.UNKNOWN_WAREHOUSE,
                        "The stall has no warehouse of this name.",
                    )
                )
        elif data["stock_quantity"] is not None:
            warehouse = only_warehouse
            if warehouse is None:
                row_errors.append(
                    RowError(number, "warehouse", ImportErrorCode.WAREHOUSE_REQUIRED, "Name the warehouse.")
                    if warehouses
                    else RowError(
                        number,
                        "warehouse",
                        ImportErrorCode.NO_WAREHOUSE,
                        "Create a warehouse before importing stock.",
                    )
                )
        if row_errors:
            errors += row_errors
            continue
        rows.append(
            ImportRow(
                row=number,
                product_name=" ".join(data["product_name"].split()),
                category=category,
                description=data["description"],
                sku=sku_key,
                variant_name=data["variant_name"],
                gtin=gtin,
                weight_grams=data["weight_grams"],
                prices=tuple((column, data[column]) for column in PRICE_CHANNELS if data[column] is not None),
                stock_quantity=data["stock_quantity"],
                warehouse=warehouse,
            )
        )
    return rows, errors + _catalog_conflicts(stall, rows)


def _catalog_conflicts(stall: Stall, rows: list[ImportRow]) -> list[RowError]:
    """SKUs the stall already uses and GTINs already registered, found with two queries.

    The actions check the same again while writing (and the unique constraints stay the real
    guard); checking here first lets the report list every such row instead of the first one.
    """
    skus = set(stall.variants.filter(sku__in=[r.sku for r in rows]).values_list("sku", flat=True))
    gtins = {r.gtin for r in rows if r.gtin}
    taken = (
        set(ProductVariant.objects.filter(gtin__in=gtins).values_list("gtin", flat=True)) if gtins else set()
    )
    errors = [
        RowError(row.row, "sku", ImportErrorCode.SKU_EXISTS, "The stall already has this SKU.")
        for row in rows
        if row.sku in skus
    ]
    errors += [
        RowError(row.row, "gtin", ImportErrorCode.GTIN_EXISTS, "This GTIN is already registered.")
        for row in rows
        if row.gtin in taken
    ]
    return errors


class _RollBack(Exception):
    """Raised inside the import transaction to undo every row once a row was refused."""


# Which column a refusal from a catalog action points at.
_ACTION_FIELD_COLUMNS = {
    "name": "product_name",
    "category": "category_slug",
    "description": "description",
    "sku": "sku",
    "gtin": "gtin",
    "weightGrams": "weight_grams",
    "quantity": "stock_quantity",
    "warehouse": "warehouse",
}


def _write(stall: Stall, rows: list[ImportRow], channels: dict[str, Channel]) -> ImportResult:
    """Create products and variants with prices and stock; raise _RollBack at the first refusal.

    Runs inside the caller's transaction. Validation has already caught what it can, so a refusal
    here is rare (a concurrent edit, a rule only the action knows) and stopping at it is enough.
    """
    products: dict[str, Product] = {}
    for row in rows:
        step_column = "product_name"
        try:
            key = row.product_name.casefold()
            if key not in products:
                products[key] = product_create(
                    stall=stall, category=row.category, name=row.product_name, description=row.description
                )
            step_column = "sku"
            variant = variant_create(
                product=products[key],
                sku=row.sku,
                name=row.variant_name,
                gtin=row.gtin,
                weight_grams=row.weight_grams,
            )
            for column, amount in row.prices:
                step_column = column
                variant_channel_listing_update(variant=variant, channel=channels[column], price_amount=amount)
            if row.stock_quantity is not None:
                step_column = "stock_quantity"
                stocks_update(variant=variant, stocks=[(row.warehouse, row.stock_quantity)])
        except DomainError as error:
            column = _ACTION_FIELD_COLUMNS.get(error.field or "", step_column)
            raise _RollBack(
                [RowError(row.row, column, ImportErrorCode.REFUSED, error.message, cause=error)]
            ) from error
    return ImportResult(products_created=len(products), variants_created=len(rows))


def products_import(*, stall: Stall, data: bytes) -> ImportResult:
    """Import every row of a CSV/XLSX file into `stall`'s catalog, or nothing at all."""
    try:
        header, records = read_rows(data)
    except ImportFileError as exc:
        return ImportResult(errors=(exc.error,))
    errors = _header_errors(header)
    if errors:
        return ImportResult(errors=tuple(errors))
    if not records:
        return ImportResult(
            errors=(RowError(0, "", ImportErrorCode.NO_ROWS, "The file has no product rows."),)
        )
    channels = {
        column: Channel.objects.filter(slug=slug, is_active=True).first()
        for column, slug in PRICE_CHANNELS.items()
    }
    rows, errors = _validate(stall, records)
    for row in rows:
        errors += [
            RowError(
                row.row, column, ImportErrorCode.CHANNEL_UNAVAILABLE, "This sales channel is not available."
            )
            for column, _amount in row.prices
            if channels[column] is None
        ]
    if errors:
        return ImportResult(errors=tuple(sorted(errors, key=lambda e: e.row)))
    try:
        with transaction.atomic():
            return _write(stall, rows, channels)
    except _RollBack as rollback:
        return ImportResult(errors=tuple(rollback.args[0]))
