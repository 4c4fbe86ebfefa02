"""The CSV/XLSX product import: typed rows, all-or-nothing writes, per-row errors, size limits."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from backend.catalog.actions import product_create, variant_create, warehouse_create
from backend.catalog.importing import (
    COLUMNS,
    MAX_IMPORT_BYTES,
    ImportErrorCode,
    products_import,
)
from backend.catalog.models import Category, Product, ProductVariant, Stock, VariantChannelListing
from tests.factories import make_stall, make_user

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)
GOOD_ROWS = (
    "Kẹo dừa sáp,banh-keo,Kẹo dừa nấu tay,KD-250,Hộp 250 g,,250,45000,,100,Kho Bến Tre\n"
    "Kẹo dừa sáp,banh-keo,,KD-500,Hộp 500 g,8934567890120,500,85000,4.50,40,Kho Bến Tre\n"
    "Bánh tráng sữa,banh-keo,,BT-10,Gói 10 cái,,,30000,,,\n"
)


@pytest.fixture
def stall(db):
    stall = make_stall(make_user())
    warehouse_create(stall=stall, name="Kho Bến Tre", province_code=86, commune_code=28777)
    return stall


def _csv(rows: str, header: str = HEADER, bom: bool = False) -> bytes:
    return (("\ufeff" if bom else "") + header + "\n" + rows).encode()


def _xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _codes(result):
    return [(e.row, e.column, e.code) for e in result.errors]


@pytest.mark.parametrize("bom", [False, True])
def test_a_csv_creates_products_variants_prices_and_stock(stall, bom):
    result = products_import(stall=stall, data=_csv(GOOD_ROWS, bom=bom))
    assert result.ok, result.errors
    assert (result.products_created, result.variants_created) == (2, 3)
    candy = Product.objects.get(stall=stall, name="Kẹo dừa sáp")
    assert candy.category.slug == "banh-keo"
    assert sorted(candy.variants.values_list("sku", flat=True)) == ["KD-250", "KD-500"]
    big = ProductVariant.objects.get(stall=stall, sku="KD-500")
    assert big.gtin == "08934567890120"
    prices = {
        listing.channel.slug: listing.price_amount
        for listing in VariantChannelListing.objects.filter(variant=big)
    }
    assert prices == {"vn": Decimal("85000"), "export": Decimal("4.50")}
    assert Stock.objects.get(variant=big).quantity == 40
    assert not Stock.objects.filter(variant__sku="BT-10").exists()


def test_semicolon_separated_csv_from_a_vietnamese_excel_is_read(stall):
    rows = GOOD_ROWS.replace(",", ";")
    result = products_import(stall=stall, data=_csv(rows, header=HEADER.replace(",", ";")))
    assert result.ok, result.errors
    assert result.variants_created == 3


def test_an_xlsx_workbook_is_imported(stall):
    data = _xlsx(
        [
            [
                "Mật ong hoa cà phê",
                "mat-ong",
                None,
                "MO-500",
                "Chai 500 ml",
                None,
                650,
                180000,
                9.5,
                12,
                "Kho Bến Tre",
            ],
            ["Mật ong hoa cà phê", "mat-ong", None, "MO-1L", "Chai 1 l", None, 1300, 340000.0, None, 5, None],
        ]
    )
    result = products_import(stall=stall, data=data)
    assert result.ok, result.errors
    assert (result.products_created, result.variants_created) == (1, 2)
    listing = VariantChannelListing.objects.get(variant__sku="MO-1L", channel__slug="vn")
    assert listing.price_amount == Decimal("340000")
    # A blank warehouse means the stall's only warehouse.
    assert Stock.objects.get(variant__sku="MO-1L").warehouse.name == "Kho Bến Tre"


def test_one_bad_row_writes_nothing_and_names_its_row_and_column(stall):
    rows = GOOD_ROWS + "Trà Tân Cương,tra,,TRA-1,,,,mười nghìn,,,\n"
    result = products_import(stall=stall, data=_csv(rows))
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(5, "price_vnd")]
    assert not Product.objects.filter(stall=stall).exists()


def test_a_refusal_from_the_catalog_actions_rolls_back_earlier_rows(stall):
    # The row is well formed but above the catalog's price ceiling, which only the action knows.
    rows = GOOD_ROWS + "Trà Tân Cương,tra,,TRA-1,,,,9999999999999,,,\n"
    result = products_import(stall=stall, data=_csv(rows))
    assert _codes(result) == [(5, "price_vnd", ImportErrorCode.REFUSED)]
    assert result.errors[0].cause.code.name == "INVALID_PRICE"
    assert not Product.objects.filter(stall=stall).exists()
    assert not ProductVariant.objects.filter(stall=stall).exists()


def test_skus_and_gtins_already_taken_are_reported_for_every_row(stall):
    product = product_create(stall=stall, category=Category.objects.get(slug="tra"), name="Trà cũ")
    variant_create(product=product, sku="BT-10")
    other = make_stall(make_user())
    theirs = product_create(stall=other, category=Category.objects.get(slug="tra"), name="Trà khác")
    variant_create(product=theirs, sku="X", gtin="8934567890120")
    result = products_import(stall=stall, data=_csv(GOOD_ROWS))
    assert _codes(result) == [
        (3, "gtin", ImportErrorCode.GTIN_EXISTS),
        (4, "sku", ImportErrorCode.SKU_EXISTS),
    ]
    assert list(Product.objects.filter(stall=stall).values_list("name", flat=True)) == ["Trà cũ"]


def test_every_bad_row_is_reported_not_only_the_first(stall):
    rows = (
        "Kẹo lạc,không-có,,K1,,,,1000,,,\n"  # unknown category
        ",banh-keo,,K2,,,,1000,,,\n"  # no product name
        "Kẹo lạc,banh-keo,,K1,,,,1000,,5,Kho Khác\n"  # other category, repeated SKU, unknown warehouse
        "Kẹo dừa,banh-keo,,K4,,123,,1000,,,\n"  # malformed GTIN
        "Kẹo dừa,banh-keo,,K5,,8934567890120,,1000,,,\n"
        "Kẹo dừa,banh-keo,,K6,,08934567890120,,1000,,,\n"  # the same GTIN as row 6
    )
    result = products_import(stall=stall, data=_csv(rows))
    assert _codes(result) == [
        (2, "category_slug", ImportErrorCode.UNKNOWN_CATEGORY),
        (3, "product_name", ImportErrorCode.INVALID_VALUE),
        (4, "category_slug", ImportErrorCode.CATEGORY_CONFLICT),
        (4, "sku", ImportErrorCode.DUPLICATED_SKU),
        (4, "warehouse", ImportErrorCode.UNKNOWN_WAREHOUSE),
        (5, "gtin", ImportErrorCode.INVALID_GTIN),
        (7, "gtin", ImportErrorCode.DUPLICATED_GTIN),
    ]
    assert result.errors[3].params == {"row": 2}


def test_stock_without_a_warehouse_needs_one_to_exist(db):
    stall = make_stall(make_user())
    result = products_import(stall=stall, data=_csv("Kẹo,banh-keo,,K1,,,,1000,,5,\n"))
    assert _codes(result) == [(2, "warehouse", ImportErrorCode.NO_WAREHOUSE)]


def test_unknown_and_missing_columns_are_reported_on_the_header_row(stall):
    result = products_import(stall=stall, data=b"product_name,price,sku\nK,1,K1\n")
    assert _codes(result) == [
        (1, "price", ImportErrorCode.UNKNOWN_COLUMN),
        (1, "category_slug", ImportErrorCode.MISSING_COLUMN),
    ]


def test_a_file_over_the_size_limit_is_refused_before_parsing(stall):
    data = _csv("x" * (MAX_IMPORT_BYTES + 1))
    assert _codes(products_import(stall=stall, data=data)) == [(0, "", ImportErrorCode.FILE_TOO_LARGE)]


def test_a_file_over_the_row_limit_is_refused(stall, monkeypatch):
    monkeypatch.setattr("backend.catalog.importing.MAX_IMPORT_ROWS", 3)
    rows = "".join(f"Kẹo,banh-keo,,K{n},,,,1000,,,\n" for n in range(4))
    result = products_import(stall=stall, data=_csv(rows))
    assert _codes(result) == [(0, "", ImportErrorCode.TOO_MANY_ROWS)]
    assert not Product.objects.filter(stall=stall).exists()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ("Kẹo dừa".encode("cp1258", errors="replace") + b"\xff\xfe", ImportErrorCode.NOT_UTF8),
        (b"PK\x03\x04 broken zip", ImportErrorCode.NOT_XLSX),
        (b"", ImportErrorCode.EMPTY_FILE),
        (HEADER.encode() + b"\n", ImportErrorCode.NO_ROWS),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(stall, data, code):
    assert _codes(products_import(stall=stall, data=data)) == [(0, "", code)]


def test_an_xlsx_that_unpacks_to_too_much_data_is_refused(stall, monkeypatch):
    monkeypatch.setattr("backend.catalog.importing.MAX_XLSX_UNPACKED_BYTES", 1000)
    result = products_import(stall=stall, data=_xlsx([["Kẹo", "banh-keo", None, "K1"]]))
    assert _codes(result) == [(0, "", ImportErrorCode.XLSX_TOO_LARGE)]
