"""Scoped reads of traceability data: members see their stalls, officials their provinces (read-only).

Public reads (scan page, resolver) only ever reach lots that were released at some point, through a
stamp or a GTIN + lot code.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from backend.accounts.models import User
from backend.accounts.roles import official_province_codes
from backend.catalog.models import ProductVariant
from backend.orders.models import Order
from backend.stalls.models import StallStatus
from backend.stalls.selectors import stalls_for_member, stalls_with_documents_readable
from traceability.models import (
    Certification,
    DiaryEntry,
    DiaryKind,
    Lot,
    LotStatus,
    Site,
    Stamp,
    StampJob,
)

_LOT_RELATED = ("stall", "variant__product", "site")


# --- Members -------------------------------------------------------------------------------------


def sites_for_member(*, user: User | AnonymousUser) -> QuerySet[Site]:
    return Site.objects.filter(stall__in=stalls_for_member(user=user))


def site_for_member(*, user: User | AnonymousUser, site_id: int) -> Site | None:
    return sites_for_member(user=user).filter(pk=site_id).first()


def lots_for_member(*, user: User | AnonymousUser, stall_id: int | None = None) -> QuerySet[Lot]:
    lots = Lot.objects.filter(stall__in=stalls_for_member(user=user)).select_related(*_LOT_RELATED)
    return lots.filter(stall_id=stall_id) if stall_id is not None else lots


def lot_for_member(*, user: User | AnonymousUser, lot_id: int) -> Lot | None:
    return lots_for_member(user=user).filter(pk=lot_id).first()


def diary_entry_for_member(*, user: User | AnonymousUser, entry_id: int) -> DiaryEntry | None:
    stalls = stalls_for_member(user=user)
    return DiaryEntry.objects.filter(
        Q(lot__stall__in=stalls) | Q(site__stall__in=stalls), pk=entry_id
    ).first()


def certifications_for_member(*, user: User | AnonymousUser) -> QuerySet[Certification]:
    return Certification.objects.filter(stall__in=stalls_for_member(user=user))


def certification_document_for_reader(
    *, user: User | AnonymousUser, certification_id: int
) -> Certification | None:
    """The certification with `certification_id` if the user may open its scanned document (the
    stalls' one rule: members, officials of the stall's province, platform staff)."""
    readable = stalls_with_documents_readable(user=user)
    return Certification.objects.filter(pk=certification_id, stall__in=readable).first()


def stamp_jobs_for_member(*, user: User | AnonymousUser) -> QuerySet[StampJob]:
    return StampJob.objects.filter(lot__stall__in=stalls_for_member(user=user)).select_related(
        "lot__variant__product"
    )


def stamp_job_for_member(*, user: User | AnonymousUser, job_id: int) -> StampJob | None:
    return stamp_jobs_for_member(user=user).filter(pk=job_id).first()


def stamps_for_job(*, job: StampJob) -> QuerySet[Stamp]:
    """A job's stamps in issue order (callers got the job through a scoped selector)."""
    return Stamp.objects.filter(job=job).select_related("job", "lot").order_by("pk")


# --- Officials -----------------------------------------------------------------------------------


def lots_for_official(*, user: User | AnonymousUser) -> QuerySet[Lot]:
    """Every lot of the stalls in the official's provinces, for read-only oversight."""
    provinces = official_province_codes(user)
    return Lot.objects.filter(stall__province_code__in=provinces).select_related(*_LOT_RELATED)


def lots_readable(*, user: User | AnonymousUser) -> QuerySet[Lot]:
    """Lots a member or an official may read."""
    provinces = official_province_codes(user)
    member_stalls = stalls_for_member(user=user)
    return (
        Lot.objects.filter(Q(stall__in=member_stalls) | Q(stall__province_code__in=provinces))
        .select_related(*_LOT_RELATED)
        .distinct()
    )


def lot_for_withdrawal(*, user: User | AnonymousUser, lot_id: int) -> Lot | None:
    """A lot this user may hold or recall: a member of its stall or an official of its province."""
    return lots_readable(user=user).filter(pk=lot_id).first()


def may_withdraw_lot(*, user: User | AnonymousUser, lot: Lot) -> bool:
    if not user.is_authenticated:
        return False
    if lot.stall.province_code in official_province_codes(user):
        return True
    return stalls_for_member(user=user).filter(pk=lot.stall_id).exists()


# --- Public (scan page, resolver) ----------------------------------------------------------------


def _public_lots() -> QuerySet[Lot]:
    # A lot that was never released has no public existence (drafts may still change).
    return Lot.objects.exclude(status=LotStatus.DRAFT).select_related(*_LOT_RELATED)


def lot_public_by_gtin(*, gtin: str, lot_code: str) -> Lot | None:
    """The released (or since withdrawn) lot `lot_code` of the variant with this GTIN."""
    stamped = StampJob.objects.filter(lot=OuterRef("pk"), gtin=gtin)
    return (
        _public_lots()
        .filter(code=lot_code)
        .filter(Q(variant__gtin=gtin) | Exists(stamped))
        .order_by("pk")
        .first()
    )


def variant_for_gtin(*, gtin: str) -> ProductVariant | None:
    """Public read: the variant behind a GTIN, also through a GTIN printed on earlier stamps.

    Stamps can never be reprinted, so a GTIN that was corrected in the catalogue keeps resolving
    through the stamp jobs that signed it.
    """
    variants = ProductVariant.objects.select_related("product__stall", "product__ocop_certificate").exclude(
        stall__status__in=(StallStatus.PENDING, StallStatus.REJECTED)
    )
    variant = variants.filter(gtin=gtin).first()
    if variant is None:
        job = StampJob.objects.filter(gtin=gtin).order_by("pk").only("lot_id").first()
        if job is not None:
            variant = variants.filter(lots__pk=job.lot_id).first()
    return variant


def stamp_public_by_serial(*, serial: str) -> Stamp | None:
    return (
        Stamp.objects.select_related("job", "lot__variant__product", "lot__stall")
        .filter(serial=serial)
        .first()
    )


def diary_for_lot(*, lot: Lot) -> QuerySet[DiaryEntry]:
    """The lot's own entries and those of its site not tied to any lot, oldest first."""
    entries = Q(lot=lot)
    if lot.site_id:
        entries |= Q(site_id=lot.site_id, lot__isnull=True)
    return (
        DiaryEntry.objects.filter(entries).select_related("author", "corrects").order_by("occurred_at", "pk")
    )


def diaries_for_lots(*, lots: Sequence[Lot]) -> dict[int, list[DiaryEntry]]:
    """`diary_for_lot` of every lot of a page in one query, keyed by lot id."""
    if not lots:
        return {}
    site_ids = {lot.site_id for lot in lots if lot.site_id}
    entries = list(
        DiaryEntry.objects.filter(
            Q(lot__in=[lot.pk for lot in lots]) | Q(site__in=site_ids, lot__isnull=True)
        )
        .select_related("author", "corrects")
        .order_by("occurred_at", "pk")
    )
    return {
        lot.pk: [
            entry
            for entry in entries
            if entry.lot_id == lot.pk
            or (entry.lot_id is None and lot.site_id and entry.site_id == lot.site_id)
        ]
        for lot in lots
    }


def certifications_for_lot(*, lot: Lot, on: date | None = None) -> QuerySet[Certification]:
    """The stall's certifications valid on `on` (today by default): stall-wide or for the lot's site."""
    on = on or timezone.localdate()
    return Certification.objects.filter(
        Q(site__isnull=True) | Q(site_id=lot.site_id),
        stall_id=lot.stall_id,
        valid_from__lte=on,
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))


def lot_orders(*, lot: Lot) -> QuerySet[Order]:
    """Orders that received units of this lot (from LotAllocation), with the buyer's group."""
    return Order.objects.filter(lot_allocations__lot=lot).select_related("group").distinct().order_by("pk")


# --- Diary checks --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhiWarning:
    """An input whose pre-harvest interval had not passed on the lot's harvest date."""

    entry: DiaryEntry
    safe_from: date
    days_short: int


def lot_phi_warnings(*, lot: Lot, diary: Sequence[DiaryEntry] | None = None) -> list[PhiWarning]:
    """Warn (never refuse) when the harvest came before an input's pre-harvest interval passed.

    Inputs on the lot and on its site count; an input superseded by a correcting entry does not
    (a correction always sits in the same chain, so it is part of the lot's diary). `diary` is the
    lot's `diary_for_lot`, when the caller has it already.
    """
    if lot.harvest_date is None:
        return []
    entries = list(diary_for_lot(lot=lot)) if diary is None else diary
    corrected = {entry.corrects_id for entry in entries if entry.corrects_id}
    warnings = []
    for entry in entries:
        if entry.kind != DiaryKind.INPUT or entry.pre_harvest_interval_days is None or entry.pk in corrected:
            continue
        applied_on = timezone.localtime(entry.occurred_at).date()
        safe_from = applied_on + timedelta(days=entry.pre_harvest_interval_days)
        if lot.harvest_date < safe_from:
            warnings.append(
                PhiWarning(entry=entry, safe_from=safe_from, days_short=(safe_from - lot.harvest_date).days)
            )
    return warnings


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    entries: int
    broken_at_seq: int | None = None
    reason: str = ""


def _file_sha256(field) -> str:
    digest = hashlib.sha256()
    with field.open("rb") as handle:
        for chunk in iter(lambda: handle.read(65536), b""):
            digest.update(chunk)
    return digest.hexdigest()


def diary_chain_verify(
    *,
    lot: Lot | None = None,
    site: Site | None = None,
    check_photos: bool = False,
    diary: Sequence[DiaryEntry] | None = None,
) -> ChainCheck:
    """Recompute the hash chain of a lot's diary (or a site's lot-less entries).

    Detects an edited field and a removed or reordered entry; with `check_photos`, also a photo file
    replaced in storage (slower: it reads every photo). `diary` is the lot's `diary_for_lot`, when
    the caller has it already (the lot's chain is its own entries within it).
    """
    if lot is not None and diary is not None:
        chain = sorted((entry for entry in diary if entry.lot_id == lot.pk), key=lambda entry: entry.seq)
    elif lot is not None:
        chain = DiaryEntry.objects.filter(lot=lot).order_by("seq")
    elif site is not None:
        chain = DiaryEntry.objects.filter(site=site, lot__isnull=True).order_by("seq")
    else:
        raise ValueError("diary_chain_verify needs a lot or a site")
    prev_hash = ""
    count = 0
    for expected_seq, entry in enumerate(chain, start=1):
        count += 1
        if entry.seq != expected_seq:
            return ChainCheck(False, count, expected_seq, "missing entry")
        if entry.prev_hash != prev_hash:
            return ChainCheck(False, count, entry.seq, "previous hash does not match")
        if entry.compute_hash() != entry.hash:
            return ChainCheck(False, count, entry.seq, "content does not match its hash")
        if check_photos and entry.photo and _file_sha256(entry.photo) != entry.photo_sha256:
            return ChainCheck(False, count, entry.seq, "photo does not match its hash")
        prev_hash = entry.hash
    return ChainCheck(True, count)
