"""The OCOP list upload: officials replace their province's list all or nothing, with a per-row report."""

from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from backend.insights.models import OcopListEntry
from tests.backend.dashboard.insights.conftest import OTHER_PROVINCE, PROVINCE
from tests.factories import make_official

pytestmark = pytest.mark.django_db
PAGE = reverse("dashboard:insights:ocop_list")
GOOD = (
    "product_name,producer_name,stars,decision_number,decision_date\n"
    "Kẹo dừa sáp,HTX Dừa Xanh,4,12/QĐ-UBND,15/03/2025\n"
    "Bưởi da xanh,HTX Bưởi,3,13/QĐ-UBND,2025-03-16\n"
)


def _upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("list.csv", text.encode("utf-8"), content_type="text/csv")


def test_an_official_imports_the_provinces_list(client):
    client.force_login(make_official([PROVINCE]))
    response = client.post(PAGE, {"province": PROVINCE, "file": _upload(GOOD)})
    assert response.status_code == 302
    assert sorted(
        OcopListEntry.objects.filter(province_code=PROVINCE).values_list("product_name", flat=True)
    ) == [
        "Bưởi da xanh",
        "Kẹo dừa sáp",
    ]
    page = unescape(client.get(response["Location"]).content.decode())
    assert "Bưởi da xanh" in page and "Đạt chứng nhận, chưa bán trực tuyến" in page


def test_a_bad_row_imports_nothing_and_reports_the_row(client):
    client.force_login(make_official([PROVINCE]))
    client.post(PAGE, {"province": PROVINCE, "file": _upload(GOOD)})
    bad = GOOD + "Mắm cá,HTX Mắm,7,14/QĐ,2025-03-17\n"
    response = client.post(
        PAGE, {"province": PROVINCE, "file": _upload(bad.replace("Bưởi da xanh", "Bưởi mới"))}
    )
    assert response.status_code == 400
    body = unescape(response.content.decode())
    assert "Chưa nhập dòng nào" in body
    assert response.context["problems"][0]["row"] == 4
    # The old list stays whole.
    assert OcopListEntry.objects.filter(province_code=PROVINCE, product_name="Bưởi da xanh").exists()
    assert not OcopListEntry.objects.filter(product_name="Bưởi mới").exists()


def test_an_official_cannot_import_another_provinces_list(client):
    client.force_login(make_official([PROVINCE]))
    response = client.post(PAGE, {"province": OTHER_PROVINCE, "file": _upload(GOOD)})
    assert response.status_code == 403
    assert not OcopListEntry.objects.exists()
