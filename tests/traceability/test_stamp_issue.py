"""Stamp issuance: release required, the 1,000,000 cap, batch progress, re-runs that add only the missing."""

import threading
import time

import pytest
from django.db import connection

from tests.factories import make_user
from tests.traceability.builders import issue_stamps, make_lot, make_variant
from traceability import actions, signing
from traceability.error_codes import TraceabilityErrorCode
from traceability.models import LotStatus, Stamp, StampJob, StampJobStatus

pytestmark = pytest.mark.django_db


def _job(lot, quantity, with_pin=False):
    return actions.stamp_issue(lot=lot, quantity=quantity, with_pin=with_pin, actor=make_user())


def test_issue_queues_a_job_that_the_task_runs_after_commit(django_capture_on_commit_callbacks):
    lot = make_lot()
    with django_capture_on_commit_callbacks(execute=True):
        job = _job(lot, 7)
    job.refresh_from_db()
    assert (job.status, job.progress, job.total) == (StampJobStatus.DONE, 7, 7)
    stamps = list(job.stamps.all())
    assert len({s.serial for s in stamps}) == 7
    assert all(
        signing.signature_valid(
            key_id=s.key_id, gtin=job.gtin, lot_code=lot.code, serial=s.serial, signature=s.signature
        )
        for s in stamps
    )


@pytest.mark.parametrize("quantity", [0, -1, 1_000_001])
def test_quantity_must_be_between_one_and_a_million(quantity):
    with pytest.raises(actions.DomainError) as exc:
        _job(make_lot(), quantity)
    assert exc.value.code == TraceabilityErrorCode.QUANTITY_OUT_OF_RANGE


def test_a_million_is_accepted_as_a_job():
    job = _job(make_lot(), 1_000_000)
    assert job.total == 1_000_000 and job.status == StampJobStatus.QUEUED


@pytest.mark.parametrize("status", [LotStatus.DRAFT, LotStatus.ON_HOLD, LotStatus.RECALLED])
def test_only_released_lots_get_stamps(status):
    with pytest.raises(actions.DomainError) as exc:
        _job(make_lot(status=status), 5)
    assert exc.value.code == TraceabilityErrorCode.LOT_NOT_RELEASED


def test_progress_is_written_batch_by_batch(monkeypatch):
    monkeypatch.setattr(actions, "STAMP_BATCH_SIZE", 4)
    seen = []
    original = actions._stamp_batch_write

    def spy(job_id):
        done = original(job_id)
        seen.append(StampJob.objects.get(pk=job_id).progress)
        return done

    monkeypatch.setattr(actions, "_stamp_batch_write", spy)
    job = _job(make_lot(), 10)
    actions.stamp_job_run(job_id=job.pk)
    assert seen == [4, 8, 10]


def test_rerun_after_a_failure_midway_gives_exactly_n_distinct_stamps(monkeypatch):
    monkeypatch.setattr(actions, "STAMP_BATCH_SIZE", 4)
    job = _job(make_lot(), 10, with_pin=True)
    calls = {"n": 0}
    original = actions._stamps_new

    def flaky(*args):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("worker lost")
        return original(*args)

    monkeypatch.setattr(actions, "_stamps_new", flaky)
    with pytest.raises(RuntimeError):
        actions.stamp_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.progress, job.error) == (StampJobStatus.FAILED, 4, "worker lost")
    assert Stamp.objects.filter(job=job).count() == 4

    job = actions.stamp_job_run(job_id=job.pk)
    assert (job.status, job.progress, job.error) == (StampJobStatus.DONE, 10, "")
    serials = list(Stamp.objects.filter(job=job).values_list("serial", flat=True))
    assert len(serials) == len(set(serials)) == 10
    assert Stamp.objects.filter(job=job, pin_hash__isnull=True).count() == 0
    # A finished job run again adds nothing.
    actions.stamp_job_run(job_id=job.pk)
    assert Stamp.objects.filter(job=job).count() == 10


def test_a_serial_collision_redraws_the_batch(monkeypatch):
    lot = make_lot()
    taken = actions.stamp_job_run(job_id=_job(lot, 1).pk).stamps.get().serial
    draws = iter([taken, "ZZZZZZZZZZZ1"])
    monkeypatch.setattr(signing, "serial_new", lambda: next(draws))
    job = actions.stamp_job_run(job_id=_job(lot, 1).pk)
    assert list(job.stamps.values_list("serial", flat=True)) == ["ZZZZZZZZZZZ1"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_on_the_same_job_never_over_issue(monkeypatch):
    monkeypatch.setattr(actions, "STAMP_BATCH_SIZE", 50)
    # Created directly: stamp_issue would run the job eagerly on commit before the threads start.
    job = StampJob.objects.create(lot=make_lot(), quantity=400, total=400)
    errors = []
    original = actions._stamps_new

    def slow(*args):
        # Widen the window between counting and inserting, where an unlocked run would race.
        time.sleep(0.05)
        return original(*args)

    monkeypatch.setattr(actions, "_stamps_new", slow)

    def worker():
        try:
            actions.stamp_job_run(job_id=job.pk)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Stamp.objects.filter(job=job).count() == 400
    job.refresh_from_db()
    assert (job.status, job.progress) == (StampJobStatus.DONE, 400)


@pytest.mark.parametrize(
    ("status", "progress", "total", "running", "percent"),
    [
        (StampJobStatus.QUEUED, 0, 0, True, 0),
        (StampJobStatus.RUNNING, 2500, 10000, True, 25),
        (StampJobStatus.DONE, 10000, 10000, False, 100),
        (StampJobStatus.FAILED, 5000, 10000, False, 50),
    ],
)
def test_job_reports_running_and_percent(status, progress, total, running, percent):
    job = StampJob(status=status, progress=progress, total=total)
    assert (job.is_running, job.percent) == (running, percent)


def test_printed_url_of_an_issued_stamp_signs_its_jobs_gtin_and_lot():
    stamp = issue_stamps(make_lot(make_variant(gtin="08931234567897"), code="LOT/24"), 1).stamps.get()
    url = signing.stamp_url(stamp, base_url="https://nongsan.test")
    assert url == f"https://nongsan.test/01/08931234567897/10/LOT%2F24/21/{stamp.serial}?s={stamp.signature}"
    parsed = signing.stamp_url_parse(url)
    assert (parsed.gtin, parsed.lot_code, parsed.serial) == ("08931234567897", "LOT/24", stamp.serial)
