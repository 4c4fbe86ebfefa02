"""Traceability writes: sites, lots and their status, the diary, certifications, stamp issuance,
lot allocation on fulfilment and recalls.

Callers fetch stall-owned objects through `traceability.selectors` (which scope them to the acting
user) and pass them in; these functions validate, lock where a race matters, and write.
"""

import hashlib
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from backend.accounts.models import User
from backend.catalog.models import ProductVariant
from backend.core.documents import document_validate
from backend.core.errors import DomainError, DomainErrors
from backend.core.images import image_validate
from backend.orders.models import Fulfillment, Order
from backend.regions.selectors import address_area_validate
from backend.stalls.models import OcopCertificate, Stall
from traceability import signing
from traceability.error_codes import TraceabilityErrorCode as Code
from traceability.models import (
    GS1_AI82_RE,
    Certification,
    CertificationKind,
    DiaryEntry,
    DiaryKind,
    Lot,
    LotAllocation,
    LotStatus,
    Site,
    Stamp,
    StampJob,
    StampJobStatus,
)
from traceability.selectors import lot_orders, may_withdraw_lot

logger = logging.getLogger(__name__)

STAMP_ISSUE_MAX = 1_000_000
STAMP_BATCH_SIZE = 5_000
_SERIAL_COLLISION_RETRIES = 5
MAX_QUANTITY = Decimal("999999999.999")


# --- Sites ---------------------------------------------------------------------------------------


def site_create(
    *,
    stall: Stall,
    name: str,
    province_code: int,
    commune_code: int,
    planting_area_code: str = "",
    geojson: dict | None = None,
) -> Site:
    name = (name or "").strip()
    if not name:
        raise DomainError(Code.REQUIRED, "Give the site a name.", "name")
    try:
        address_area_validate(province_code=province_code, commune_code=commune_code)
    except DomainError as exc:
        raise DomainError(Code.INVALID, exc.message, f"{exc.field}Code") from exc
    if geojson is not None and not (isinstance(geojson, dict) and isinstance(geojson.get("type"), str)):
        raise DomainError(Code.INVALID, "GeoJSON must be an object with a `type`.", "geojson")
    return Site.objects.create(
        stall=stall,
        name=name[:200],
        province_code=province_code,
        commune_code=commune_code,
        planting_area_code=(planting_area_code or "").strip()[:32],
        geojson=geojson,
    )


# --- Lots ----------------------------------------------------------------------------------------


def _quantity_clean(value, field: str = "quantity") -> Decimal:
    try:
        quantity = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(Code.INVALID, "Enter a number.", field) from exc
    if not quantity.is_finite() or quantity <= 0 or quantity > MAX_QUANTITY:
        raise DomainError(Code.QUANTITY_OUT_OF_RANGE, "The quantity must be above zero.", field)
    return quantity.quantize(Decimal("0.001"))


def _lot_dates_check(
    harvest: date | None, production: date | None, packing: date | None, expiry: date | None
) -> list[DomainError]:
    errors = []
    earliest = max((d for d in (harvest, production) if d is not None), default=None)
    if packing and harvest and packing < harvest:
        errors.append(DomainError(Code.INVALID_DATES, "Packing cannot come before harvest.", "packingDate"))
    if expiry and earliest and expiry < earliest:
        errors.append(
            DomainError(Code.INVALID_DATES, "Expiry cannot come before harvest or production.", "expiryDate")
        )
    if expiry and packing and expiry < packing:
        errors.append(DomainError(Code.INVALID_DATES, "Expiry cannot come before packing.", "expiryDate"))
    return errors


def lot_create(
    *,
    stall: Stall,
    variant: ProductVariant,
    code: str,
    quantity,
    unit: str,
    actor: User,
    site: Site | None = None,
    harvest_date: date | None = None,
    production_date: date | None = None,
    packing_date: date | None = None,
    expiry_date: date | None = None,
) -> Lot:
    """A draft lot; it becomes public (and stampable) when released."""
    code = (code or "").strip()
    errors = []
    if not GS1_AI82_RE.match(code):
        errors.append(
            DomainError(
                Code.INVALID_LOT_CODE,
                "A lot code has 1 to 20 letters, digits or GS1 punctuation, without spaces or accents.",
                "code",
            )
        )
    elif Lot.objects.filter(stall=stall, code=code).exists():
        errors.append(DomainError(Code.DUPLICATE_LOT_CODE, f"Lot {code} already exists.", "code"))
    if variant.stall_id != stall.pk:
        errors.append(
            DomainError(Code.VARIANT_NOT_IN_STALL, "This variant belongs to another stall.", "variant")
        )
    if site is not None and site.stall_id != stall.pk:
        errors.append(DomainError(Code.SITE_NOT_IN_STALL, "This site belongs to another stall.", "site"))
    unit = (unit or "").strip()
    if not unit:
        errors.append(DomainError(Code.REQUIRED, "Give the unit (kg, hộp, …).", "unit"))
    try:
        quantity = _quantity_clean(quantity)
    except DomainError as exc:
        errors.append(exc)
    errors += _lot_dates_check(harvest_date, production_date, packing_date, expiry_date)
    if errors:
        raise DomainErrors(errors)
    try:
        with transaction.atomic():
            return Lot.objects.create(
                stall=stall,
                variant=variant,
                code=code,
                quantity=quantity,
                unit=unit[:16],
                site=site,
                harvest_date=harvest_date,
                production_date=production_date,
                packing_date=packing_date,
                expiry_date=expiry_date,
                created_by=actor,
            )
    except IntegrityError as exc:
        # Two members creating the same code at once: the unique constraint decides.
        raise DomainError(Code.DUPLICATE_LOT_CODE, f"Lot {code} already exists.", "code") from exc


def _lot_locked(lot: Lot) -> Lot:
    # The status is read and changed under a row lock so a release racing a recall cannot undo it:
    # whoever locks second sees the first one's status.
    return Lot.objects.select_for_update().get(pk=lot.pk)


def _sync(target: Lot, source: Lot) -> Lot:
    for name in ("status", "recall_notice", "released_at", "held_at", "recalled_at"):
        setattr(target, name, getattr(source, name))
    return target


@transaction.atomic
def lot_release(*, lot: Lot, actor: User) -> Lot:
    """Draft → released, or lift a hold (on hold → released). A recall is final."""
    locked = _lot_locked(lot)
    if locked.status not in (LotStatus.DRAFT, LotStatus.ON_HOLD):
        raise DomainError(Code.INVALID_STATUS, f"A {locked.get_status_display()} lot cannot be released.")
    locked.status = LotStatus.RELEASED
    locked.recall_notice = ""
    locked.released_at = locked.released_at or timezone.now()
    locked.save(update_fields=["status", "recall_notice", "released_at"])
    logger.info("lot %s released by user %s", locked.pk, actor.pk)
    return _sync(lot, locked)


@dataclass(frozen=True)
class Withdrawal:
    lot: Lot
    orders: list[Order]


def _withdraw(*, lot: Lot, actor: User, notice: str, status: LotStatus) -> Withdrawal:
    if not may_withdraw_lot(user=actor, lot=lot):
        raise DomainError(
            Code.PERMISSION_DENIED, "Only the stall or an official of its province may do this."
        )
    notice = (notice or "").strip()
    if not notice:
        raise DomainError(Code.NOTICE_REQUIRED, "Write the notice consumers will see.", "notice")
    locked = _lot_locked(lot)
    allowed = {
        LotStatus.ON_HOLD: (LotStatus.RELEASED,),
        LotStatus.RECALLED: (LotStatus.RELEASED, LotStatus.ON_HOLD),
    }[status]
    if locked.status not in allowed:
        raise DomainError(Code.INVALID_STATUS, f"A {locked.get_status_display()} lot cannot be withdrawn so.")
    locked.status = status
    locked.recall_notice = notice[:5000]
    now = timezone.now()
    if status == LotStatus.RECALLED:
        locked.recalled_at = now
    else:
        locked.held_at = now
    locked.save(update_fields=["status", "recall_notice", "recalled_at", "held_at"])
    logger.warning("lot %s %s by user %s", locked.pk, status, actor.pk)
    from traceability import tasks  # deferred: tasks import this module

    transaction.on_commit(lambda: tasks.lot_withdrawal_notify.delay(locked.pk), robust=True)
    return Withdrawal(lot=_sync(lot, locked), orders=list(lot_orders(lot=locked)))


@transaction.atomic
def lot_hold(*, lot: Lot, actor: User, notice: str) -> Withdrawal:
    """Put a released lot on hold at once (scan pages say so); lists and notifies its buyers."""
    return _withdraw(lot=lot, actor=actor, notice=notice, status=LotStatus.ON_HOLD)


@transaction.atomic
def lot_recall(*, lot: Lot, actor: User, notice: str) -> Withdrawal:
    """Recall a lot for good; the one write an official of the stall's province may also do."""
    return _withdraw(lot=lot, actor=actor, notice=notice, status=LotStatus.RECALLED)


def lot_withdrawal_notify(*, lot_id: int) -> int:
    """Email each buyer who received the lot; returns how many emails were sent."""
    lot = Lot.objects.select_related("variant__product", "stall").filter(pk=lot_id).first()
    if lot is None or not lot.is_withdrawn:
        return 0
    recipients = sorted({order.group.email for order in lot_orders(lot=lot) if order.group.email})
    headline = "Recall" if lot.status == LotStatus.RECALLED else "Hold"
    subject = f"[Nông Sàn] {headline}: {lot.variant.product.name}, lô {lot.code}"
    body = (
        f"{lot.stall.name} — {lot.variant.product.name}, lô/lot {lot.code}\n\n{lot.recall_notice}\n\n"
        "Bạn nhận được thư này vì đơn hàng của bạn có sản phẩm thuộc lô trên.\n"
        "You receive this email because one of your orders contained this lot."
    )
    for email in recipients:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
    return len(recipients)


# --- Diary ---------------------------------------------------------------------------------------


def _photo_checked(photo) -> tuple[str, str]:
    """(sha256 of the bytes, file extension) of a validated photo."""
    try:
        checked = image_validate(photo)
    except DomainError as exc:
        raise DomainError(Code.INVALID_PHOTO, exc.message, "photo") from exc
    digest = hashlib.sha256()
    for chunk in photo.chunks():
        digest.update(chunk)
    photo.seek(0)
    return digest.hexdigest(), checked.extension


@transaction.atomic
def diary_entry_create(
    *,
    author: User,
    kind: str,
    occurred_at: datetime,
    lot: Lot | None = None,
    site: Site | None = None,
    notes: str = "",
    material: str = "",
    method: str = "",
    dose: str = "",
    pre_harvest_interval_days: int | None = None,
    quantity=None,
    unit: str = "",
    photo=None,
    corrects: DiaryEntry | None = None,
) -> DiaryEntry:
    """Append an entry to the chain of its lot (or of its site when it has no lot).

    Entries are never edited: a correction is a new entry pointing at the one it corrects.
    """
    if lot is None and site is None:
        raise DomainError(Code.REQUIRED, "Choose a lot or a site.", "lot")
    if lot is not None and site is not None and lot.stall_id != site.stall_id:
        raise DomainError(Code.SITE_NOT_IN_STALL, "The site and the lot belong to different stalls.", "site")
    if kind not in DiaryKind.values:
        raise DomainError(Code.INVALID, "Unknown entry kind.", "kind")
    if timezone.is_naive(occurred_at):
        occurred_at = timezone.make_aware(occurred_at)
    if occurred_at > timezone.now() + timedelta(days=1):
        raise DomainError(
            Code.INVALID_DATES, "An entry records something that already happened.", "occurredAt"
        )
    if pre_harvest_interval_days is not None and not 0 <= pre_harvest_interval_days <= 365:
        raise DomainError(
            Code.INVALID, "The pre-harvest interval is 0 to 365 days.", "preHarvestIntervalDays"
        )
    if quantity is not None:
        quantity = _quantity_clean(quantity)
    photo_sha256, extension = _photo_checked(photo) if photo else ("", "")

    # Lock the chain's owner row: reading the last hash and appending must happen one writer at a
    # time, or two entries would claim the same predecessor (the unique seq is the backstop).
    if lot is not None:
        Lot.objects.select_for_update().filter(pk=lot.pk).first()
        chain = DiaryEntry.objects.filter(lot=lot)
    else:
        Site.objects.select_for_update().filter(pk=site.pk).first()
        chain = DiaryEntry.objects.filter(site=site, lot__isnull=True)
    if corrects is not None and not chain.filter(pk=corrects.pk).exists():
        raise DomainError(
            Code.CORRECTION_OUTSIDE_CHAIN, "A correction must belong to the same lot or site.", "corrects"
        )
    last = chain.order_by("-seq").values("seq", "hash").first()
    entry = DiaryEntry(
        lot=lot,
        site=site if site is not None else lot.site,
        seq=(last["seq"] + 1) if last else 1,
        kind=kind,
        occurred_at=occurred_at,
        notes=(notes or "").strip(),
        material=(material or "").strip()[:200],
        method=(method or "").strip()[:200],
        dose=(dose or "").strip()[:100],
        pre_harvest_interval_days=pre_harvest_interval_days,
        quantity=quantity,
        unit=(unit or "").strip()[:16],
        photo_sha256=photo_sha256,
        author=author,
        corrects=corrects,
        recorded_at=timezone.now().replace(microsecond=0),
        prev_hash=last["hash"] if last else "",
    )
    entry.hash = entry.compute_hash()
    if photo:
        entry.photo.save(f"{photo_sha256[:16]}.{extension}", photo, save=False)
    entry.save()
    return entry


# --- Certifications ------------------------------------------------------------------------------


def certification_create(
    *,
    stall: Stall,
    kind: str,
    number: str,
    issuer: str,
    valid_from: date,
    valid_until: date | None = None,
    site: Site | None = None,
    ocop_certificate: OcopCertificate | None = None,
    document=None,
) -> Certification:
    errors = []
    if kind not in CertificationKind.values:
        errors.append(DomainError(Code.INVALID, "Unknown certification kind.", "kind"))
    number, issuer = (number or "").strip(), (issuer or "").strip()
    if not number:
        errors.append(DomainError(Code.REQUIRED, "Give the certificate number.", "number"))
    if not issuer:
        errors.append(DomainError(Code.REQUIRED, "Give the issuing body.", "issuer"))
    if valid_until and valid_until < valid_from:
        errors.append(DomainError(Code.INVALID_DATES, "Validity ends before it starts.", "validUntil"))
    if site is not None and site.stall_id != stall.pk:
        errors.append(DomainError(Code.SITE_NOT_IN_STALL, "This site belongs to another stall.", "site"))
    if ocop_certificate is not None and ocop_certificate.stall_id != stall.pk:
        errors.append(
            DomainError(Code.INVALID, "This OCOP decision belongs to another stall.", "ocopCertificate")
        )
    if kind == CertificationKind.OCOP and ocop_certificate is None:
        errors.append(DomainError(Code.REQUIRED, "Link the stall's OCOP decision.", "ocopCertificate"))
    checked = None
    if document is not None:
        try:
            checked = document_validate(document, codes=Code)
        except DomainError as exc:
            errors.append(exc)
    if errors:
        raise DomainErrors(errors)
    certification = Certification(
        stall=stall,
        site=site,
        kind=kind,
        ocop_certificate=ocop_certificate,
        number=number[:64],
        issuer=issuer[:200],
        valid_from=valid_from,
        valid_until=valid_until,
    )
    if checked is not None:
        # Stored privately under a random name (models.certification_document_path).
        certification.document.save(f"certificate.{checked.extension}", document, save=False)
    certification.save()
    return certification


# --- Stamps --------------------------------------------------------------------------------------


@transaction.atomic
def stamp_issue(*, lot: Lot, quantity: int, with_pin: bool, actor: User) -> StampJob:
    """Queue a job that issues `quantity` stamps for a released lot (the `stamps` Celery queue)."""
    if not 1 <= quantity <= STAMP_ISSUE_MAX:
        raise DomainError(
            Code.QUANTITY_OUT_OF_RANGE,
            f"Issue between 1 and {STAMP_ISSUE_MAX:,} stamps at a time.",
            "quantity",
        )
    locked = _lot_locked(lot)
    if locked.status != LotStatus.RELEASED:
        raise DomainError(Code.LOT_NOT_RELEASED, "Release the lot before issuing stamps.", "lot")
    job = StampJob.objects.create(
        lot=locked,
        quantity=quantity,
        total=quantity,
        with_pin=with_pin,
        gtin=lot.variant.gtin or "",
        created_by=actor,
    )
    from traceability import tasks  # deferred: tasks import this module

    # After commit: the worker must be able to read the job row.
    transaction.on_commit(lambda: tasks.stamp_job_run.delay(job.pk), robust=True)
    return job


def _stamps_new(job: StampJob, lot_code: str, count: int, key_id: str) -> list[Stamp]:
    stamps = []
    for _ in range(count):
        serial = signing.serial_new()
        stamps.append(
            Stamp(
                job=job,
                lot_id=job.lot_id,
                serial=serial,
                key_id=key_id,
                signature=signing.signature_compute(
                    key_id=key_id, gtin=job.gtin, lot_code=lot_code, serial=serial
                ),
                pin_hash=(
                    signing.pin_hash(
                        key_id=key_id, serial=serial, pin=signing.pin_for_serial(key_id=key_id, serial=serial)
                    )
                    if job.with_pin
                    else None
                ),
            )
        )
    return stamps


def _stamp_batch_write(job_id: int) -> bool:
    """Write the next batch of a job; True when the job is complete."""
    with transaction.atomic():
        # The job row is locked for the whole batch: counting what exists and adding the rest must
        # not interleave with another worker running the same job (a redelivered task, a manual
        # re-run), or both would add the same missing stamps and over-issue.
        job = StampJob.objects.select_for_update(of=("self",)).select_related("lot").get(pk=job_id)
        if job.status == StampJobStatus.DONE:
            return True
        written = Stamp.objects.filter(job=job).count()
        missing = min(job.quantity - written, STAMP_BATCH_SIZE)
        if missing > 0:
            key_id = signing.active_key_id()
            for attempt in range(_SERIAL_COLLISION_RETRIES):
                try:
                    with transaction.atomic():
                        Stamp.objects.bulk_create(_stamps_new(job, job.lot.code, missing, key_id))
                    break
                except IntegrityError:
                    # A serial collision (60 random bits: rare): draw the whole batch again.
                    if attempt == _SERIAL_COLLISION_RETRIES - 1:
                        raise
            written += missing
        job.progress = written
        job.status = StampJobStatus.DONE if written >= job.quantity else StampJobStatus.RUNNING
        job.started_at = job.started_at or timezone.now()
        job.error = ""
        if job.status == StampJobStatus.DONE:
            job.finished_at = timezone.now()
        job.save(update_fields=["progress", "status", "started_at", "error", "finished_at"])
        return job.status == StampJobStatus.DONE


def stamp_job_run(*, job_id: int) -> StampJob:
    """Issue a job's missing stamps in batches; safe to re-run after a failure or a crash.

    Each batch is its own transaction, so progress is visible while it runs and a failure keeps what
    was written; a re-run counts the stamps already written and adds only the missing ones.
    """
    try:
        while not _stamp_batch_write(job_id):
            pass
    except Exception as exc:
        StampJob.objects.filter(pk=job_id).update(
            status=StampJobStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    return StampJob.objects.get(pk=job_id)


# --- Allocation on fulfilment --------------------------------------------------------------------


def lot_allocations_for_fulfillment(*, order: Order, fulfillment: Fulfillment) -> list[LotAllocation]:
    """Assign each shipped line's units to released lots of its variant, oldest expiry first.

    A lot's capacity is its quantity (in units of the variant) minus what earlier allocations took.
    Units no lot can take are left unallocated and logged: the stall must record a lot for them.
    Called inside the fulfilment transaction (orders' `order_fulfilled` signal).
    """
    allocations = []
    for line in fulfillment.lines.select_related("order_line"):
        variant_id = line.order_line.variant_id
        if variant_id is None or line.quantity <= 0:
            continue
        # Locked so two fulfilments at once cannot both fill the same remaining capacity.
        lots = list(
            Lot.objects.select_for_update()
            .filter(stall_id=order.stall_id, variant_id=variant_id, status=LotStatus.RELEASED)
            .order_by(F("expiry_date").asc(nulls_last=True), "released_at", "pk")
        )
        taken = dict(
            LotAllocation.objects.filter(lot__in=lots)
            .values("lot")
            .annotate(total=Sum("quantity"))
            .values_list("lot", "total")
        )
        remaining = Decimal(line.quantity)
        for lot in lots:
            free = lot.quantity - taken.get(lot.pk, Decimal(0))
            if free <= 0:
                continue
            share = min(free, remaining)
            allocations.append(
                LotAllocation(
                    lot=lot, order=order, order_line=line.order_line, fulfillment=fulfillment, quantity=share
                )
            )
            remaining -= share
            if remaining <= 0:
                break
        if remaining > 0:
            logger.warning(
                "order %s line %s: %s units shipped without a lot", order.pk, line.order_line_id, remaining
            )
    return LotAllocation.objects.bulk_create(allocations)
