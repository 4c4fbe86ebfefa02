"""The farming diary: append-only, hash-chained per lot, tamper-evident; pre-harvest interval warnings."""

import io
from datetime import date, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from PIL import Image

from tests.factories import make_user
from tests.traceability.builders import make_lot
from traceability import actions
from traceability.error_codes import TraceabilityErrorCode
from traceability.models import DiaryEntry, DiaryKind, Site
from traceability.selectors import diary_chain_verify, lot_phi_warnings

pytestmark = pytest.mark.django_db


def _at(day: date, hour: int = 8) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def _entry(lot, kind=DiaryKind.OBSERVATION, day=date(2026, 5, 1), **fields):
    return actions.diary_entry_create(
        author=lot.created_by, lot=lot, kind=kind, occurred_at=_at(day), **fields
    )


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, "PNG")
    return SimpleUploadedFile("la.png", buffer.getvalue(), content_type="image/png")


def test_entries_chain_their_hashes_per_lot():
    lot = make_lot()
    first = _entry(lot, DiaryKind.SEEDING, notes="Gieo hạt")
    second = _entry(lot, DiaryKind.HARVEST, quantity="120", unit="kg")
    assert (first.seq, first.prev_hash) == (1, "")
    assert (second.seq, second.prev_hash) == (2, first.hash)
    check = diary_chain_verify(lot=lot)
    assert check.ok and check.entries == 2


def test_entries_cannot_be_edited_or_deleted_through_the_orm():
    entry = _entry(make_lot())
    entry.notes = "sửa lại"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        DiaryEntry.objects.filter(pk=entry.pk).update(notes="x")
    with pytest.raises(TypeError):
        DiaryEntry.objects.filter(pk=entry.pk).delete()


def _raw_sql(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_an_edit_behind_the_orm_is_detected():
    lot = make_lot()
    first = _entry(lot, notes="Phun thuốc 2 lần")
    _entry(lot, notes="Thu hoạch")
    _raw_sql("UPDATE traceability_diaryentry SET notes = %s WHERE id = %s", ["Không phun thuốc", first.pk])
    check = diary_chain_verify(lot=lot)
    assert not check.ok and check.broken_at_seq == 1 and check.reason == "content does not match its hash"


def test_a_removed_entry_is_detected():
    lot = make_lot()
    _entry(lot)
    middle = _entry(lot)
    _entry(lot)
    _raw_sql("DELETE FROM traceability_diaryentry WHERE id = %s", [middle.pk])
    check = diary_chain_verify(lot=lot)
    assert not check.ok and check.broken_at_seq == 2


def test_a_correction_is_a_new_entry_pointing_at_the_old_one():
    lot = make_lot()
    wrong = _entry(lot, DiaryKind.INPUT, material="Abamectin", dose="10 ml/bình")
    fix = _entry(lot, DiaryKind.INPUT, material="Abamectin", dose="5 ml/bình", corrects=wrong)
    assert fix.corrects == wrong and DiaryEntry.objects.count() == 2
    assert diary_chain_verify(lot=lot).ok


def test_a_correction_must_stay_in_its_chain():
    other = _entry(make_lot())
    with pytest.raises(actions.DomainError) as exc:
        _entry(make_lot(), corrects=other)
    assert exc.value.code == TraceabilityErrorCode.CORRECTION_OUTSIDE_CHAIN


def test_a_photo_is_stored_and_its_digest_hashed_into_the_entry():
    lot = make_lot()
    entry = _entry(lot, photo=_png())
    assert entry.photo.name.startswith("traceability/diary/") and len(entry.photo_sha256) == 64
    assert entry.canonical_content()["photo_sha256"] == entry.photo_sha256


def test_a_replaced_photo_file_is_detected():
    lot = make_lot()
    entry = _entry(lot, photo=_png())
    assert diary_chain_verify(lot=lot, check_photos=True).ok
    with entry.photo.storage.open(entry.photo.name, "wb") as handle:
        handle.write(b"another picture")
    check = diary_chain_verify(lot=lot, check_photos=True)
    assert not check.ok and check.reason == "photo does not match its hash"


def test_a_non_image_photo_is_refused():
    bad = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    with pytest.raises(actions.DomainError) as exc:
        _entry(make_lot(), photo=bad)
    assert exc.value.code == TraceabilityErrorCode.INVALID_PHOTO


def test_site_entries_without_lot_have_their_own_chain():
    lot = make_lot()
    site = Site.objects.create(stall=lot.stall, name="Vườn 1", province_code=86, commune_code=28777)
    entry = actions.diary_entry_create(
        author=make_user(), site=site, kind=DiaryKind.ACTIVITY, occurred_at=_at(date(2026, 3, 1))
    )
    assert entry.seq == 1 and entry.lot is None
    assert diary_chain_verify(site=site).ok


def test_future_entries_are_refused():
    with pytest.raises(actions.DomainError) as exc:
        _entry(make_lot(), day=timezone.localdate() + timedelta(days=5))
    assert exc.value.code == TraceabilityErrorCode.INVALID_DATES


def test_harvest_before_the_pre_harvest_interval_is_a_warning():
    lot = make_lot(harvest_date=date(2026, 6, 10))
    early = _entry(
        lot, DiaryKind.INPUT, day=date(2026, 6, 1), material="Cypermethrin", pre_harvest_interval_days=14
    )
    _entry(lot, DiaryKind.INPUT, day=date(2026, 5, 1), material="Phân hữu cơ", pre_harvest_interval_days=7)
    warnings = lot_phi_warnings(lot=lot)
    assert [(w.entry, w.safe_from, w.days_short) for w in warnings] == [(early, date(2026, 6, 15), 5)]


def test_site_inputs_count_and_corrected_inputs_do_not():
    lot = make_lot(harvest_date=date(2026, 6, 10))
    site = Site.objects.create(stall=lot.stall, name="Vườn 2", province_code=86, commune_code=28777)
    lot.site = site
    lot.save(update_fields=["site"])
    sprayed = actions.diary_entry_create(
        author=make_user(),
        site=site,
        kind=DiaryKind.INPUT,
        occurred_at=_at(date(2026, 6, 5)),
        pre_harvest_interval_days=7,
    )
    assert [w.entry for w in lot_phi_warnings(lot=lot)] == [sprayed]
    actions.diary_entry_create(
        author=make_user(),
        site=site,
        kind=DiaryKind.INPUT,
        occurred_at=_at(date(2026, 5, 5)),
        pre_harvest_interval_days=7,
        corrects=sprayed,
        notes="Ngày phun ghi nhầm",
    )
    assert lot_phi_warnings(lot=lot) == []
