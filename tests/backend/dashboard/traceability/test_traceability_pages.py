"""Dashboard traceability pages: lots, release, diary with a phone photo, sites, certifications,
stamp and label jobs with progress and download, hold/recall (members and officials), and scoping."""

import io
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from backend.stalls.models import MemberRole, StallMember
from tests.factories import make_official, make_stall, make_user
from tests.traceability.builders import issue_stamps, make_lot, make_variant
from traceability.models import Certification, DiaryEntry, LabelJob, Lot, LotStatus, Site, StampJob

pytestmark = pytest.mark.django_db

GTIN = "08931234567897"


@pytest.fixture
def owner():
    return make_user(full_name="Trần Văn Dừa")


@pytest.fixture
def stall(owner):
    return make_stall(owner, name="HTX Kẹo dừa Thử")  # province 86, like the test official's


@pytest.fixture
def variant(stall):
    return make_variant(stall, gtin=GTIN)


@pytest.fixture
def member(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def onsite(django_capture_on_commit_callbacks):
    """Run on-commit work (Celery tasks run eagerly) inside the request, as in production."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


def _url(name, stall, **kwargs):
    return reverse(f"dashboard:traceability:{name}", kwargs={"stall_id": stall.pk, **kwargs})


def _photo() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 120, 40)).save(out, "JPEG")
    return SimpleUploadedFile("field.jpg", out.getvalue(), content_type="image/jpeg")


def test_member_creates_and_releases_a_lot(member, stall, variant):
    response = member.post(
        _url("lot_new", stall),
        {
            "variant": variant.pk,
            "code": "VT2406A",
            "quantity": "120.5",
            "unit": "kg",
            "harvest_date": "2026-06-10",
        },
    )
    lot = Lot.objects.get(code="VT2406A")
    assert response.status_code == 302
    assert response["Location"] == _url("lot_detail", stall, lot_id=lot.pk)
    assert lot.status == LotStatus.DRAFT
    member.post(_url("lot_release", stall, lot_id=lot.pk))
    lot.refresh_from_db()
    assert lot.status == LotStatus.RELEASED
    page = member.get(_url("lot_list", stall)).content.decode()
    assert "VT2406A" in page


def test_invalid_lot_code_is_shown_on_the_form(member, stall, variant):
    response = member.post(
        _url("lot_new", stall), {"variant": variant.pk, "code": "BAD CODE", "quantity": "1", "unit": "kg"}
    )
    assert response.status_code == 400
    assert not Lot.objects.exists()


def test_other_stalls_variant_is_not_offered(member, stall):
    foreign = make_variant(make_stall(make_user()))
    response = member.post(
        _url("lot_new", stall), {"variant": foreign.pk, "code": "X1", "quantity": "1", "unit": "kg"}
    )
    assert response.status_code == 400
    assert not Lot.objects.exists()


def test_diary_form_takes_a_photo_from_the_phone_camera(member, stall, variant):
    lot = make_lot(variant)
    page = member.get(_url("diary_new", stall, lot_id=lot.pk)).content.decode()
    assert 'accept="image/*"' in page and 'capture="environment"' in page
    assert 'enctype="multipart/form-data"' in page
    response = member.post(
        _url("diary_new", stall, lot_id=lot.pk),
        {
            "kind": "harvest",
            "occurred_at": "2026-06-10T07:30",
            "quantity": "300",
            "unit": "kg",
            "photo": _photo(),
        },
    )
    assert response.status_code == 302
    entry = DiaryEntry.objects.get()
    assert entry.photo and entry.photo_sha256
    detail = member.get(_url("lot_detail", stall, lot_id=lot.pk)).content.decode()
    assert entry.photo.url in detail


def test_diary_entry_refused_by_the_action_stays_on_the_form_with_the_reason(member, stall, variant):
    lot = make_lot(variant)
    response = member.post(
        _url("diary_new", stall, lot_id=lot.pk),
        {"kind": "harvest", "occurred_at": "2099-01-01T07:30", "unit": ""},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "These dates are not in order" in response.content.decode()
    assert not DiaryEntry.objects.exists()


def test_entry_without_a_unit_is_recorded_with_an_empty_unit(member, stall, variant):
    lot = make_lot(variant)
    response = member.post(
        _url("diary_new", stall, lot_id=lot.pk), {"kind": "observation", "occurred_at": "2026-06-10T07:30"}
    )
    assert response.status_code == 302
    assert DiaryEntry.objects.get().unit == ""


def test_sites_and_certifications_are_added(member, stall):
    response = member.post(
        _url("sites", stall),
        {
            "name": "Vườn dừa Ấp 3",
            "province_code": 86,
            "commune_code": 28777,
            "planting_area_code": "BT-0042",
        },
    )
    assert response.status_code == 302
    assert Site.objects.get().planting_area_code == "BT-0042"
    response = member.post(
        _url("certifications", stall),
        {"kind": "vietgap", "number": "VG-123", "issuer": "Trung tâm Chứng nhận", "valid_from": "2026-01-01"},
    )
    assert response.status_code == 302
    assert Certification.objects.get().number == "VG-123"
    assert "VG-123" in member.get(_url("certifications", stall)).content.decode()


def test_stamp_issue_shows_job_progress_and_stamp_urls(member, stall, variant, onsite):
    lot = make_lot(variant)
    response = onsite(
        member.post, _url("stamp_issue", stall, lot_id=lot.pk), {"quantity": 4, "with_pin": "on"}
    )
    job = StampJob.objects.get()
    assert response["Location"] == _url("stamp_job", stall, job_id=job.pk)
    page = member.get(response["Location"]).content.decode()
    assert "4 of 4" in page or "4/4" in page or "4 trên 4" in page
    assert f"/01/{GTIN}/10/{lot.code}/21/" in page
    assert 'http-equiv="refresh"' not in page  # done: no more refreshing


def test_running_job_page_refreshes_itself_without_scripts(member, stall, variant):
    lot = make_lot(variant)
    job = StampJob.objects.create(lot=lot, quantity=10, total=10, gtin=GTIN)
    page = member.get(_url("stamp_job", stall, job_id=job.pk)).content.decode()
    assert re.search(r'<meta http-equiv="refresh" content="\d+">', page)
    assert "<progress" in page


def test_label_sheet_job_then_download(member, stall, variant, onsite):
    lot = make_lot(variant)
    stamp_job = issue_stamps(lot, 5)
    response = onsite(
        member.post,
        _url("label_job_new", stall, lot_id=lot.pk),
        {"stamp_job": stamp_job.pk, "format": "pdf", "rows": 8, "cols": 3, "margin_mm": "8"},
    )
    job = LabelJob.objects.get()
    assert response["Location"] == _url("label_job", stall, job_id=job.pk)
    page = member.get(response["Location"]).content.decode()
    assert _url("label_job_download", stall, job_id=job.pk) in page
    download = member.get(_url("label_job_download", stall, job_id=job.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def _messages(client, response) -> str:
    return client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("stamp_issue", {"quantity": 0}, "Enter a number of stamps between 1 and 1,000,000."),
        ("label_job_new", {"format": "pdf", "rows": 0, "cols": 3, "margin_mm": "8"}, "Check the label sheet"),
    ],
)
def test_invalid_job_forms_go_back_to_the_lot_with_a_message(member, stall, variant, name, data, message):
    lot = make_lot(variant)
    response = member.post(_url(name, stall, lot_id=lot.pk), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response["Location"] == _url("lot_detail", stall, lot_id=lot.pk)
    assert message in _messages(member, response)
    assert not StampJob.objects.exists() and not LabelJob.objects.exists()


def test_refused_jobs_go_back_to_the_lot_with_the_reason(member, stall, variant):
    draft = make_lot(variant, status=LotStatus.DRAFT)
    response = member.post(
        _url("stamp_issue", stall, lot_id=draft.pk), {"quantity": 3}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response["Location"] == _url("lot_detail", stall, lot_id=draft.pk)
    assert "Release the lot before issuing stamps" in _messages(member, response)
    lot = make_lot(variant)
    unfinished = StampJob.objects.create(lot=lot, quantity=3, total=3, gtin=GTIN)
    response = member.post(
        _url("label_job_new", stall, lot_id=lot.pk),
        {"stamp_job": unfinished.pk, "format": "pdf", "rows": 8, "cols": 3, "margin_mm": "8"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response["Location"] == _url("lot_detail", stall, lot_id=lot.pk)
    assert "Wait until the stamps are issued" in _messages(member, response)
    assert not LabelJob.objects.exists()


def test_job_of_one_stall_is_404_under_another_stall_of_the_same_member(member, owner, stall, variant):
    second = make_stall(owner)
    lot = make_lot(variant)
    stamp_job = issue_stamps(lot, 2)
    label_job = LabelJob.objects.create(lot=lot, stamp_job=stamp_job, total=2)
    assert member.get(_url("stamp_job", stall, job_id=stamp_job.pk)).status_code == 200
    assert member.get(_url("stamp_job", second, job_id=stamp_job.pk)).status_code == 404
    assert member.get(_url("label_job", stall, job_id=label_job.pk)).status_code == 200
    assert member.get(_url("label_job", second, job_id=label_job.pk)).status_code == 404


def test_recall_with_notice_lists_orders_and_reaches_the_scan_page(member, stall, variant, client):
    lot = make_lot(variant)
    stamp = issue_stamps(lot, 1).stamps.get()
    response = member.post(
        _url("lot_withdraw", stall, lot_id=lot.pk),
        {"action": "recall", "notice": "Nhiễm nấm mốc, xin trả lại."},
    )
    assert response.status_code == 302
    lot.refresh_from_db()
    assert lot.status == LotStatus.RECALLED
    scan = client.get(f"/scan/01/{GTIN}/10/{lot.code}/21/{stamp.serial}?s={stamp.signature}")
    assert "Nhiễm nấm mốc, xin trả lại." in scan.content.decode()


def test_recall_needs_a_notice(member, stall, variant):
    lot = make_lot(variant)
    member.post(_url("lot_withdraw", stall, lot_id=lot.pk), {"action": "recall", "notice": ""})
    lot.refresh_from_db()
    assert lot.status == LotStatus.RELEASED


def test_official_reads_and_may_recall_but_not_write(client, stall, variant):
    lot = make_lot(variant)
    official = make_official([stall.province_code])
    client.force_login(official)
    assert client.get(_url("lot_list", stall)).status_code == 200
    detail = client.get(_url("lot_detail", stall, lot_id=lot.pk)).content.decode()
    assert "Issue stamps" not in detail and "Phát hành tem" not in detail
    assert client.get(_url("lot_new", stall)).status_code == 403
    assert client.post(_url("lot_release", stall, lot_id=lot.pk)).status_code == 403
    assert client.post(_url("stamp_issue", stall, lot_id=lot.pk), {"quantity": 1}).status_code == 403
    client.post(
        _url("lot_withdraw", stall, lot_id=lot.pk),
        {"action": "recall", "notice": "Quyết định thu hồi của Sở."},
    )
    lot.refresh_from_db()
    assert lot.status == LotStatus.RECALLED


def test_official_of_another_province_sees_nothing(client, stall, variant):
    lot = make_lot(variant)
    client.force_login(make_official([1]))
    assert client.get(_url("lot_list", stall)).status_code == 404
    assert (
        client.post(
            _url("lot_withdraw", stall, lot_id=lot.pk), {"action": "recall", "notice": "x"}
        ).status_code
        == 404
    )
    lot.refresh_from_db()
    assert lot.status == LotStatus.RELEASED


def test_members_of_other_stalls_get_404_everywhere(client, stall, variant):
    lot = make_lot(variant)
    stamp_job = issue_stamps(lot, 2)
    label_job = LabelJob.objects.create(lot=lot, stamp_job=stamp_job, total=2)
    stranger = make_user()
    other = make_stall(stranger)
    client.force_login(stranger)
    for name, kwargs in (
        ("lot_list", {}),
        ("lot_detail", {"lot_id": lot.pk}),
        ("diary_new", {"lot_id": lot.pk}),
        ("sites", {}),
        ("certifications", {}),
        ("stamp_job", {"job_id": stamp_job.pk}),
        ("label_job", {"job_id": label_job.pk}),
        ("label_job_download", {"job_id": label_job.pk}),
    ):
        assert client.get(_url(name, stall, **kwargs)).status_code == 404, name
    # Through their own stall's URLs, another stall's lot or jobs still do not exist.
    for name, kwargs in (
        ("lot_detail", {"lot_id": lot.pk}),
        ("stamp_job", {"job_id": stamp_job.pk}),
        ("label_job", {"job_id": label_job.pk}),
        ("label_job_download", {"job_id": label_job.pk}),
    ):
        assert client.get(_url(name, other, **kwargs)).status_code == 404, name
    assert (
        client.post(
            _url("lot_withdraw", other, lot_id=lot.pk), {"action": "recall", "notice": "x"}
        ).status_code
        == 404
    )


def test_staff_member_can_work_on_lots(client, stall, variant):
    staff = make_user()
    StallMember.objects.create(stall=stall, user=staff, role=MemberRole.STAFF)
    client.force_login(staff)
    lot = make_lot(variant, status=LotStatus.DRAFT, harvest_date=date(2026, 6, 1))
    assert client.get(_url("lot_detail", stall, lot_id=lot.pk)).status_code == 200


def test_anonymous_is_sent_to_sign_in(client, stall):
    response = client.get(_url("lot_list", stall))
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]
