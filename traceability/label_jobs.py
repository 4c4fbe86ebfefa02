"""Label-sheet jobs: queue one for a stamp job (or a whole lot), render it in a worker, read it back.

Rendering itself lives in `traceability.labels`; this module feeds it stamps, tracks progress on the
`LabelJob` row and stores the file. Reads are scoped like every stall-owned record.
"""

import logging
import tempfile
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.core.files import File
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from backend.accounts.models import User
from backend.core.errors import DomainError
from backend.core.text import fold
from backend.stalls.selectors import stalls_for_member
from traceability import signing
from traceability.error_codes import TraceabilityErrorCode as Code
from traceability.labels import Label, SheetLayout, label_archive, label_csv, label_sheet_pdf
from traceability.models import LabelFormat, LabelJob, Lot, Stamp, StampJob, StampJobStatus

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 500
# Rendering costs ~10 ms and ~1 KB a label (QR mask selection dominates): bigger runs are split
# into several jobs with `offset`/`limit`, or exported as CSV for a print shop.
RENDERED_LABELS_MAX = 20_000
# A RUNNING job whose worker died (acks_late redelivers the task) may be taken over after this.
STALE_AFTER = timedelta(minutes=30)


# --- Reads ---------------------------------------------------------------------------------------


def label_jobs_for_member(*, user: User | AnonymousUser) -> QuerySet[LabelJob]:
    return LabelJob.objects.filter(lot__stall__in=stalls_for_member(user=user)).select_related(
        "lot__variant__product", "stamp_job"
    )


def label_job_for_member(*, user: User | AnonymousUser, job_id: int) -> LabelJob | None:
    return label_jobs_for_member(user=user).filter(pk=job_id).first()


# --- Writes --------------------------------------------------------------------------------------


def _stamps(lot: Lot, stamp_job: StampJob | None) -> QuerySet[Stamp]:
    stamps = Stamp.objects.filter(lot=lot)
    if stamp_job is not None:
        stamps = stamps.filter(job=stamp_job)
    return stamps.select_related("job").order_by("pk")


def _slice(stamps: QuerySet[Stamp], offset: int, limit: int | None) -> QuerySet[Stamp]:
    return stamps[offset : offset + limit] if limit is not None else stamps[offset:]


@transaction.atomic
def label_job_create(
    *,
    lot: Lot,
    actor: User,
    stamp_job: StampJob | None = None,
    format: str = LabelFormat.PDF,
    rows: int = 8,
    cols: int = 3,
    margin_mm: Decimal | float = Decimal(8),
    offset: int = 0,
    limit: int | None = None,
) -> LabelJob:
    """Queue labels for a finished stamp job (or every stamp of the lot) on the `stamps` queue.

    The caller fetched `lot` (and `stamp_job`) through a member-scoped selector.
    """
    if format not in LabelFormat.values:
        raise DomainError(Code.INVALID, "Choose PDF, SVG, PNG or CSV.", "format")
    if stamp_job is not None:
        if stamp_job.lot_id != lot.pk:
            raise DomainError(Code.NOT_FOUND, "This stamp job belongs to another lot.", "stampJob")
        if stamp_job.status != StampJobStatus.DONE:
            raise DomainError(Code.INVALID_STATUS, "Wait until the stamps are issued.", "stampJob")
    try:
        SheetLayout(rows=rows, cols=cols, margin_mm=float(margin_mm))
    except ValueError as exc:
        raise DomainError(Code.INVALID, str(exc), "rows") from exc
    if offset < 0 or (limit is not None and limit < 1):
        raise DomainError(Code.INVALID, "Choose where the labels start and how many to make.", "offset")
    available = _stamps(lot, stamp_job).count()
    if available == 0:
        raise DomainError(Code.INVALID_STATUS, "Issue stamps for this lot first.", "lot")
    total = max(0, min(available - offset, limit if limit is not None else available))
    if total == 0:
        raise DomainError(Code.INVALID, f"There are only {available} stamps.", "offset")
    if format != LabelFormat.CSV and total > RENDERED_LABELS_MAX:
        raise DomainError(
            Code.QUANTITY_OUT_OF_RANGE,
            f"Render at most {RENDERED_LABELS_MAX:,} labels at a time (set how many), or export CSV.",
            "limit",
        )
    job = LabelJob.objects.create(
        lot=lot,
        stamp_job=stamp_job,
        format=format,
        rows=rows,
        cols=cols,
        margin_mm=margin_mm,
        offset=offset,
        limit=limit,
        total=total,
        created_by=actor,
    )
    from traceability import label_tasks  # deferred: the task module imports this one

    transaction.on_commit(lambda: label_tasks.label_job_run.delay(job.pk), robust=True)
    return job


def _labels(job: LabelJob) -> Iterator[Label]:
    lot = job.lot
    product = lot.variant.product
    certificate = product.ocop_certificate
    stars = certificate.stars if certificate and certificate.badge_visible() else None
    for stamp in _slice(_stamps(lot, job.stamp_job), job.offset, job.limit).iterator(chunk_size=2000):
        yield Label(
            url=signing.stamp_url_build(
                gtin=stamp.job.gtin, lot_code=lot.code, serial=stamp.serial, signature=stamp.signature
            ),
            product_name=product.name,
            lot_code=lot.code,
            serial=stamp.serial,
            ocop_stars=stars,
            pin=signing.pin_for_serial(key_id=stamp.key_id, serial=stamp.serial) if stamp.pin_hash else "",
        )


def _claim(job_id: int) -> bool:
    """Mark the job running unless another worker holds it; True when this worker may render."""
    now = timezone.now()
    # A conditional UPDATE, not read-then-write: two deliveries of the same task cannot both claim it.
    claimable = Q(status__in=(StampJobStatus.QUEUED, StampJobStatus.FAILED)) | Q(
        status=StampJobStatus.RUNNING, started_at__lt=now - STALE_AFTER
    )
    return bool(
        LabelJob.objects.filter(claimable, pk=job_id).update(
            status=StampJobStatus.RUNNING, started_at=now, progress=0, error=""
        )
    )


def label_job_run(*, job_id: int) -> LabelJob:
    """Render a job's labels to a file; re-running a failed job renders it again from the start."""
    if not _claim(job_id):
        return LabelJob.objects.get(pk=job_id)
    job = LabelJob.objects.select_related("lot__variant__product__ocop_certificate", "stamp_job").get(
        pk=job_id
    )

    def progress(done: int) -> None:
        LabelJob.objects.filter(pk=job_id).update(progress=done)

    name = f"nhan-{slugify(fold(job.lot.code)) or 'lo'}-{job.pk}"
    try:
        with tempfile.TemporaryFile() as out:
            if job.format == LabelFormat.PDF:
                layout = SheetLayout(rows=job.rows, cols=job.cols, margin_mm=float(job.margin_mm))
                count = label_sheet_pdf(
                    _labels(job), layout=layout, out=out, on_progress=progress, progress_every=PROGRESS_EVERY
                )
                name += ".pdf"
            elif job.format == LabelFormat.CSV:
                count = label_csv(_labels(job), out=out, on_progress=progress)
                name += ".csv"
            else:
                count = label_archive(
                    _labels(job),
                    kind=job.format,
                    out=out,
                    on_progress=progress,
                    progress_every=PROGRESS_EVERY,
                )
                name += f"-{job.format}.zip"
            out.seek(0)
            job.file.save(name, File(out, name=name), save=False)
    except Exception as exc:
        LabelJob.objects.filter(pk=job_id).update(
            status=StampJobStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        logger.exception("label job %s failed", job_id)
        raise
    LabelJob.objects.filter(pk=job_id).update(
        file=job.file.name,
        status=StampJobStatus.DONE,
        progress=count,
        total=count,
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return job
