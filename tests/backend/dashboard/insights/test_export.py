"""XLSX and CSV exports carry the table's own numbers under Vietnamese headers, and never a formula."""

import csv
import io
from decimal import Decimal

from openpyxl import load_workbook

from backend.dashboard.insights.export import csv_text, filename, workbook_bytes
from backend.dashboard.insights.tables import Column, Kind, Table

TABLE = Table(
    slug="top-products",
    title="Sản phẩm bán chạy",
    columns=[
        Column("Sản phẩm"),
        Column("Số lượng", Kind.COUNT),
        Column("Khối lượng (tấn)", Kind.DECIMAL),
        Column("Doanh thu", Kind.MONEY, "VND"),
        Column("Doanh thu", Kind.MONEY, "USD"),
        Column("Tỷ trọng", Kind.PERCENT),
    ],
    rows=[
        ["Kẹo dừa sáp", 120, Decimal("0.045"), Decimal("5400000"), Decimal("12.5"), 0.75],
        ['=HYPERLINK("http://evil")', 3, None, Decimal("120000"), None, 0.25],
    ],
    total=["Tổng", 123, Decimal("0.045"), Decimal("5520000"), Decimal("12.5"), 1],
)


def test_the_workbook_opens_with_the_same_numbers_under_vietnamese_headers():
    book = load_workbook(io.BytesIO(workbook_bytes([TABLE], [("Tỉnh", "Vĩnh Long")], "Thông tin")))
    sheet = book.worksheets[0]
    assert sheet.title == "Sản phẩm bán chạy"
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == [
        "Sản phẩm",
        "Số lượng",
        "Khối lượng (tấn)",
        "Doanh thu (VND)",
        "Doanh thu (USD)",
        "Tỷ trọng (%)",
    ]
    assert rows[1] == ["Kẹo dừa sáp", 120, 0.045, 5400000, 12.5, 0.75]
    assert rows[3] == ["Tổng", 123, 0.045, 5520000, 12.5, 1]
    assert sheet["F2"].number_format == "0.0%"
    assert sheet["D2"].number_format == "#,##0"
    assert sheet["E2"].number_format == "#,##0.00"
    assert list(book.worksheets[1].iter_rows(values_only=True)) == [("Tỉnh", "Vĩnh Long")]


def test_a_name_that_looks_like_a_formula_stays_text():
    book = load_workbook(io.BytesIO(workbook_bytes([TABLE], [], "Thông tin")))
    cell = book.worksheets[0]["A3"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://evil")'
    rows = list(csv.reader(io.StringIO(csv_text(TABLE).lstrip("\ufeff"))))
    assert rows[2][0] == '\'=HYPERLINK("http://evil")'


def test_the_csv_has_a_bom_for_excel_and_plain_numbers():
    text = csv_text(TABLE)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][3] == "Doanh thu (VND)"
    assert rows[1] == ["Kẹo dừa sáp", "120", "0.045", "5400000", "12.50", "75.00"]
    assert rows[2][2] == "" and rows[2][4] == ""


def test_several_tables_with_one_title_get_distinct_sheet_names():
    book = load_workbook(io.BytesIO(workbook_bytes([TABLE, TABLE], [], "Thông tin")))
    assert book.sheetnames == ["Sản phẩm bán chạy", "Sản phẩm bán chạy (2)", "Thông tin"]


def test_file_names_are_ascii_even_for_vietnamese_words():
    assert (
        filename("Sản phẩm bán chạy", "Đồng Tháp", "2025-01-01")
        == "nongsan-san-pham-ban-chay-dong-thap-2025-01-01"
    )
