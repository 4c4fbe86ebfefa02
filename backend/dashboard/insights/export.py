"""Insights tables as downloads: XLSX (openpyxl, real numbers with display formats) and CSV (UTF-8 with
a BOM so Excel reads the Vietnamese), from the same `Table` rows the page shows.

Text a cooperative typed (product and stall names) is never written as a formula: a name starting
with `=`, `+`, `-` or `@` stays text in XLSX and is quoted in CSV (spreadsheet formula injection).
"""

import csv
import io
import re
from collections.abc import Sequence
from decimal import Decimal

from django.http import HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from backend.core.money import quantize
from backend.core.text import fold
from backend.dashboard.insights.tables import Column, Kind, Table, Value

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_MONEY_FORMAT = {0: "#,##0", 2: "#,##0.00"}


def _number_format(column: Column) -> str | None:
    if column.kind is Kind.COUNT:
        return "#,##0"
    if column.kind is Kind.DECIMAL:
        return "#,##0.000"
    if column.kind is Kind.PERCENT:
        return "0.0%"
    if column.kind is Kind.MONEY:
        places = -quantize(0, column.currency or "VND").as_tuple().exponent
        return _MONEY_FORMAT.get(places, "#,##0.00")
    return None


def _xlsx_value(value: Value, column: Column) -> Value:
    if value is None:
        return None
    if column.kind is Kind.MONEY:
        return quantize(value, column.currency or "VND")
    if column.kind is Kind.COUNT:
        return int(value)
    return value


def _sheet_title(title: str, taken: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub(" ", title).strip()[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _write_table(sheet, table: Table) -> None:
    bold = Font(bold=True)
    sheet.append([column.full_header for column in table.columns])
    for cell in sheet[1]:
        cell.font = bold
    rows = list(table.rows) + ([table.total] if table.total is not None else [])
    for row in rows:
        sheet.append([_xlsx_value(value, column) for value, column in zip(row, table.columns, strict=True)])
        for cell, column in zip(sheet[sheet.max_row], table.columns, strict=True):
            if column.kind is Kind.TEXT and isinstance(cell.value, str):
                # openpyxl takes a string starting with "=" for a formula; keep it text.
                cell.data_type = "s"
            elif (fmt := _number_format(column)) is not None:
                cell.number_format = fmt
    if table.total is not None:
        for cell in sheet[sheet.max_row]:
            cell.font = bold
    sheet.freeze_panes = "A2"
    for index, column in enumerate(table.columns, start=1):
        widest = max([len(column.full_header)] + [len(str(row[index - 1] or "")) for row in rows])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(widest + 2, 10), 60)


def workbook_bytes(tables: Sequence[Table], about: Sequence[tuple[str, str]], about_title: str) -> bytes:
    """One sheet per table (headers in row 1, figures from row 2), then a sheet saying what it covers."""
    book = Workbook()
    taken: set[str] = set()
    first = True
    for table in tables:
        sheet = book.active if first else book.create_sheet()
        first = False
        sheet.title = _sheet_title(table.title, taken)
        _write_table(sheet, table)
    info = book.active if first else book.create_sheet()
    info.title = _sheet_title(about_title, taken)
    for label, value in about:
        info.append([label, value])
        info.cell(row=info.max_row, column=2).data_type = "s"
    info.column_dimensions["A"].width = 28
    info.column_dimensions["B"].width = 60
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv_value(value: Value, column: Column) -> str:
    if value is None:
        return ""
    if column.kind is Kind.TEXT:
        text = str(value)
        return "'" + text if text.startswith(_FORMULA_START) else text
    if column.kind is Kind.PERCENT:
        return str((Decimal(str(value)) * 100).quantize(Decimal("0.01")))
    if column.kind is Kind.MONEY:
        return str(quantize(value, column.currency or "VND"))
    if column.kind is Kind.COUNT:
        return str(int(value))
    return str(value)


def csv_text(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.full_header for column in table.columns])
    rows = list(table.rows) + ([table.total] if table.total is not None else [])
    for row in rows:
        writer.writerow([_csv_value(value, column) for value, column in zip(row, table.columns, strict=True)])
    return "\ufeff" + buffer.getvalue()


def filename(*parts: str) -> str:
    """`nongsan-doanh-thu-theo-thang-vinh-long-2025-01-01-2025-06-30` (ASCII, safe in a header)."""
    return "-".join(filter(None, ["nongsan", *(slugify(fold(part)) for part in parts)]))


def xlsx_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


def csv_response(table: Table, name: str) -> HttpResponse:
    response = HttpResponse(csv_text(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
