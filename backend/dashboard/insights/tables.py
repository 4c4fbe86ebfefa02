"""The one shape every insights figure takes on its way out: a titled table of typed columns.

The page renders it under its chart, and `export.py` writes the very same rows to XLSX and CSV, so
a number on screen, in Excel and in the CSV comes from one place. Values stay raw (int, Decimal,
fractions for shares); only display formats them, in the active language.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from backend.dashboard.insights import formats


class Kind(StrEnum):
    TEXT = "text"
    COUNT = "count"
    DECIMAL = "decimal"  # a measured quantity such as tonnes
    PERCENT = "percent"  # a fraction: 0.2 is 20 %
    MONEY = "money"  # in the column's currency; currencies never share a column


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = Kind.TEXT
    currency: str = ""

    @property
    def numeric(self) -> bool:
        return self.kind is not Kind.TEXT

    @property
    def full_header(self) -> str:
        """The header with its unit, as exports write it: `Doanh thu (VND)`, `Tỷ trọng (%)`."""
        if self.kind is Kind.MONEY and self.currency:
            return f"{self.header} ({self.currency})"
        if self.kind is Kind.PERCENT:
            return f"{self.header} (%)"
        return self.header


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool
    label: str  # the column's header, repeated on phones where a row becomes a card


Value = str | int | float | Decimal | None


def display(value: Value, column: Column) -> str:
    """One value written for people in the active language."""
    if column.kind is Kind.TEXT:
        return "" if value is None else str(value)
    if column.kind is Kind.COUNT:
        return formats.count(value)
    if column.kind is Kind.DECIMAL:
        return formats.decimal(value)
    if column.kind is Kind.PERCENT:
        return formats.percent(value)
    return formats.money(value, column.currency)


@dataclass(frozen=True)
class Table:
    """`slug` names the table in export URLs and file names; `total` is an optional footer row."""

    slug: str
    title: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Value]]
    total: Sequence[Value] | None = None
    note: str = ""
    chart: str = field(default="", compare=False)  # the SVG drawn from these rows, if any

    def _cells(self, row: Sequence[Value]) -> list[Cell]:
        return [Cell(display(v, c), c.numeric, c.full_header) for v, c in zip(row, self.columns, strict=True)]

    @property
    def display_rows(self) -> list[list[Cell]]:
        return [self._cells(row) for row in self.rows]

    @property
    def display_total(self) -> list[Cell] | None:
        return self._cells(self.total) if self.total is not None else None
