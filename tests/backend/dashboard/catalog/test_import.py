"""The import page: upload a CSV or XLSX, get products or a per-row report; download the template."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from backend.catalog.importing import COLUMNS
from backend.catalog.models import Product

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)


def _upload(client, stall, content: bytes, name="products.csv", **extra):
    url = reverse("dashboard:catalog:product_import", args=[stall.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content)}, **extra)


def test_a_csv_import_adds_the_products_to_the_list(member_client, stall, warehouse):
    content = (
        HEADER + "\n"
        "Kẹo dừa sáp,banh-keo,,KD-250,Hộp 250 g,,250,45000,,100,Kho Bến Tre\n"
        "Kẹo dừa sáp,banh-keo,,KD-500,Hộp 500 g,,500,85000,,40,Kho Bến Tre\n"
    ).encode("utf-8-sig")
    response = _upload(member_client, stall, content)
    assert response["Location"] == reverse("dashboard:catalog:product_list", args=[stall.pk])
    page = member_client.get(response["Location"]).content.decode()
    assert "Đã nhập 1 sản phẩm với 2 phân loại." in page
    assert "85.000\xa0₫" in page


def test_an_xlsx_import_works_through_the_page(member_client, stall):
    workbook = Workbook()
    workbook.active.append(list(COLUMNS))
    workbook.active.append(["Trà móc câu", "tra", "Sao tay", "TRA-100", "Gói 100 g", None, 100, 120000])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = _upload(member_client, stall, buffer.getvalue(), name="products.xlsx")
    assert response.status_code == 302
    assert Product.objects.get(stall=stall).name == "Trà móc câu"


def test_a_bad_row_imports_nothing_and_the_report_names_the_row_in_vietnamese(member_client, stall):
    content = (
        HEADER + "\nKẹo dừa sáp,banh-keo,,KD-250,,,,45000,,,\nKẹo dừa sáp,banh-keo,,KD-250,,,,85000,,,\n"
    ).encode()
    response = _upload(member_client, stall, content)
    assert response.status_code == 400
    assert response.context["report"] == [
        {"row": 3, "column": "sku", "message": "Mã SKU này đã có ở dòng 2."},
    ]
    body = response.content.decode()
    assert "Chưa nhập dòng nào" in body
    assert not Product.objects.filter(stall=stall).exists()


def test_the_report_is_in_english_after_switching(member_client, stall):
    member_client.cookies["django_language"] = "en"
    content = (HEADER + "\n" + "Kẹo dừa sáp,no-such-category,,KD-1,,,,45000,,,\n").encode()
    response = _upload(member_client, stall, content)
    assert response.context["report"] == [
        {
            "row": 2,
            "column": "category_slug",
            "message": "No category has this slug; see the list of categories below.",
        }
    ]
    assert "Nothing was imported" in response.content.decode()


def test_a_file_over_2_mb_is_refused(member_client, stall):
    response = _upload(member_client, stall, b"x" * (2 * 1024 * 1024 + 1))
    assert response.status_code == 400
    assert "Tệp lớn hơn 2 MB." in response.content.decode()
    assert not Product.objects.exists()


def test_the_template_is_a_csv_with_every_column_and_a_bom(member_client):
    response = member_client.get(reverse("dashboard:catalog:import_template"))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert tuple(rows[0]) == COLUMNS
    assert rows[1][0] == "Kẹo dừa sáp"


def test_the_downloaded_template_imports_cleanly(member_client, stall, warehouse):
    template = member_client.get(reverse("dashboard:catalog:import_template")).content
    response = _upload(member_client, stall, template)
    assert response.status_code == 302
    assert Product.objects.filter(stall=stall).count() == 1
