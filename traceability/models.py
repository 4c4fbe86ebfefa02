"""Traceability records: sites, lots, the append-only farming diary, certifications, stamps and scans."""

import hashlib
import json
import re
import secrets
from datetime import UTC
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.catalog.models import ProductVariant
from backend.core.storage import private_name, private_storage
from backend.orders.models import Fulfillment, Order, OrderLine
from backend.stalls.models import OcopCertificate, Stall

# GS1's 82-character set for batch/lot (AI 10) and serial (AI 21) values, 1-20 characters.
GS1_AI82_RE = re.compile(r"""^[A-Za-z0-9!"%&'()*+,\-./:;<=>?_]{1,20}$""")


def validate_gs1_code(value: str) -> None:
    if not GS1_AI82_RE.match(value or ""):
        raise ValidationError(
            _("Use 1 to 20 letters, digits or GS1 punctuation (!\"%&'()*+,-./:;<=>?_), no spaces."),
            code="gs1_code",
        )


class Site(models.Model):
    """A production site or plot (vùng trồng) of a stall."""

    stall = models.ForeignKey(Stall, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("name"), max_length=200)
    province_code = models.PositiveSmallIntegerField(_("province code"))
    commune_code = models.PositiveIntegerField(_("commune code"))
    planting_area_code = models.CharField(_("planting area code"), max_length=32, blank=True)
    geojson = models.JSONField(_("GeoJSON"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class LotStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RELEASED = "released", _("Released")
    ON_HOLD = "on_hold", _("On hold")
    RECALLED = "recalled", _("Recalled")


class Lot(models.Model):
    """A batch of one variant (GS1 AI 10); stamps are issued for released lots only."""

    stall = models.ForeignKey(Stall, on_delete=models.CASCADE, related_name="lots")
    variant = models.ForeignKey(ProductVariant, on_delete=models.PROTECT, related_name="lots")
    code = models.CharField(_("lot code"), max_length=20, validators=[validate_gs1_code])
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=16)
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.PROTECT, related_name="lots")
    harvest_date = models.DateField(_("harvest date"), null=True, blank=True)
    production_date = models.DateField(_("production date"), null=True, blank=True)
    packing_date = models.DateField(_("packing date"), null=True, blank=True)
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=LotStatus.choices, default=LotStatus.DRAFT)
    recall_notice = models.TextField(_("recall notice"), blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    recalled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["stall", "code"], name="uniq_lot_code_per_stall"),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="lot_quantity_positive"),
        ]
        indexes = [models.Index(fields=["variant", "status", "expiry_date"])]

    def __str__(self) -> str:
        return self.code

    @property
    def is_withdrawn(self) -> bool:
        """On hold or recalled: consumers must be told not to use it."""
        return self.status in (LotStatus.ON_HOLD, LotStatus.RECALLED)


class DiaryKind(models.TextChoices):
    SEEDING = "seeding", _("Seeding")
    INPUT = "input", _("Input")
    ACTIVITY = "activity", _("Activity")
    OBSERVATION = "observation", _("Observation")
    HARVEST = "harvest", _("Harvest")
    LAB_TEST = "lab_test", _("Lab test")
    PACKING = "packing", _("Packing")


class AppendOnlyQuerySet(models.QuerySet):
    """Diary rows are evidence: bulk updates and deletes are refused (corrections are new entries)."""

    def update(self, **kwargs):
        raise TypeError("Diary entries are append-only; record a correcting entry instead.")

    def delete(self):
        raise TypeError("Diary entries are append-only; record a correcting entry instead.")


class DiaryEntry(models.Model):
    """One farmOS-style log, chained to the previous entry of its lot (or of its site without a lot).

    `hash` = sha256(canonical JSON of the entry's content + prev_hash), see `compute_hash`; changing
    any stored field or photo, or removing an entry, breaks the chain from there on.
    """

    lot = models.ForeignKey(Lot, null=True, blank=True, on_delete=models.PROTECT, related_name="diary")
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.PROTECT, related_name="diary")
    # Position in the chain (1, 2, …): unique per chain so two concurrent appends cannot fork it.
    seq = models.PositiveIntegerField()
    kind = models.CharField(_("kind"), max_length=16, choices=DiaryKind.choices)
    occurred_at = models.DateTimeField(_("when"))
    notes = models.TextField(_("notes"), blank=True)
    material = models.CharField(_("material"), max_length=200, blank=True)
    method = models.CharField(_("method"), max_length=200, blank=True)
    dose = models.CharField(_("dose"), max_length=100, blank=True)
    pre_harvest_interval_days = models.PositiveSmallIntegerField(
        _("pre-harvest interval (days)"), null=True, blank=True
    )
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=16, blank=True)
    photo = models.ImageField(_("photo"), upload_to="traceability/diary/", blank=True)
    photo_sha256 = models.CharField(max_length=64, blank=True)
    # PROTECT: the author is part of the hashed content, so it must never be nulled out behind our back.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    recorded_at = models.DateTimeField()
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["occurred_at", "seq"]
        verbose_name_plural = _("diary entries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lot__isnull=False) | models.Q(site__isnull=False),
                name="diary_entry_has_lot_or_site",
            ),
            models.UniqueConstraint(
                fields=["lot", "seq"], condition=models.Q(lot__isnull=False), name="uniq_diary_seq_per_lot"
            ),
            models.UniqueConstraint(
                fields=["site", "seq"],
                condition=models.Q(lot__isnull=True),
                name="uniq_diary_seq_per_site",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Diary entries are append-only; record a correcting entry instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Diary entries are append-only; record a correcting entry instead.")

    def canonical_content(self) -> dict:
        """Everything the hash covers, as JSON-safe values in a fixed shape."""
        return {
            "lot": self.lot_id,
            "site": self.site_id,
            "seq": self.seq,
            "kind": self.kind,
            "occurred_at": self.occurred_at.astimezone(UTC).isoformat(),
            "notes": self.notes,
            "material": self.material,
            "method": self.method,
            "dose": self.dose,
            "pre_harvest_interval_days": self.pre_harvest_interval_days,
            "quantity": None if self.quantity is None else f"{Decimal(self.quantity):.3f}",
            "unit": self.unit,
            "photo_sha256": self.photo_sha256,
            "author": self.author_id,
            "corrects": self.corrects_id,
            "recorded_at": self.recorded_at.astimezone(UTC).isoformat(),
        }

    def compute_hash(self) -> str:
        canonical = json.dumps(
            {"entry": self.canonical_content(), "prev_hash": self.prev_hash},
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        )
        return hashlib.sha256(canonical.encode()).hexdigest()


class CertificationKind(models.TextChoices):
    VIETGAP = "vietgap", "VietGAP"
    ORGANIC = "organic", _("Organic")
    FOOD_SAFETY = "food_safety", _("Food safety")
    OCOP = "ocop", "OCOP"


def certification_document_path(instance: "Certification", filename: str) -> str:
    """`certifications/<random>.<checked extension>`: the uploader's file name is not kept."""
    return private_name("certifications", filename)


class Certification(models.Model):
    """A standard a stall (optionally one site) is certified for; OCOP links to the stall's decision."""

    stall = models.ForeignKey(Stall, on_delete=models.CASCADE, related_name="certifications")
    site = models.ForeignKey(
        Site, null=True, blank=True, on_delete=models.SET_NULL, related_name="certifications"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CertificationKind.choices)
    ocop_certificate = models.ForeignKey(
        OcopCertificate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    number = models.CharField(_("certificate number"), max_length=64)
    issuer = models.CharField(_("issuer"), max_length=200)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    # Private: served only through the permission-checked document view, never from /media/.
    document = models.FileField(
        _("document"), storage=private_storage, upload_to=certification_document_path, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="certification_validity_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class StampJobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class BackgroundJob(models.Model):
    """What every worker-run job shows while it runs: status, progress of total, error, timings."""

    status = models.CharField(max_length=16, choices=StampJobStatus.choices, default=StampJobStatus.QUEUED)
    progress = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    @property
    def is_running(self) -> bool:
        return self.status in (StampJobStatus.QUEUED, StampJobStatus.RUNNING)

    @property
    def percent(self) -> int:
        return int(100 * self.progress / self.total) if self.total else 0


class StampJob(BackgroundJob):
    """A request to issue `quantity` stamps for a lot, run in batches by a Celery worker."""

    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="stamp_jobs")
    quantity = models.PositiveIntegerField()
    with_pin = models.BooleanField(default=False)
    # The GTIN signed into every stamp of this job, kept so a later GTIN correction never breaks
    # stamps that are already printed.
    gtin = models.CharField(max_length=14, blank=True)

    def __str__(self) -> str:
        return f"StampJob {self.pk} ({self.lot_id}: {self.progress}/{self.total})"


class Stamp(models.Model):
    """One printed origin stamp: a random serial signed with a server key (see traceability.signing)."""

    job = models.ForeignKey(StampJob, on_delete=models.PROTECT, related_name="stamps")
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="stamps")
    serial = models.CharField(max_length=20, unique=True)
    key_id = models.CharField(max_length=16)
    signature = models.CharField(max_length=16)
    pin_hash = models.CharField(max_length=100, null=True, blank=True)
    pin_verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["job", "id"])]

    def __str__(self) -> str:
        return self.serial


class VerdictKind(models.TextChoices):
    GENUINE_FIRST_SCAN = "genuine_first_scan", _("Genuine")
    GENUINE_SCANNED_BEFORE = "genuine_scanned_before", _("Genuine, scanned before")
    SUSPICIOUS = "suspicious", _("Suspicious")
    RECALLED = "recalled", _("Recalled")
    UNKNOWN = "unknown", _("Unknown")
    FORGED = "forged", _("Forged")


class Scan(models.Model):
    """One scan of a stamp URL; no raw IP, location only as a province and only with consent."""

    stamp = models.ForeignKey(Stamp, null=True, blank=True, on_delete=models.SET_NULL, related_name="scans")
    serial = models.CharField(max_length=20)
    verdict = models.CharField(max_length=24, choices=VerdictKind.choices)
    scanned_at = models.DateTimeField(db_index=True)
    ip_hash = models.CharField(max_length=64, blank=True)
    device_hash = models.CharField(max_length=64, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)
    consent = models.BooleanField(default=False)
    province_code = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-scanned_at", "-pk"]
        indexes = [models.Index(fields=["stamp", "scanned_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consent=True) | models.Q(province_code__isnull=True),
                name="scan_location_needs_consent",
            )
        ]


class LotAllocation(models.Model):
    """Units of a lot shipped in an order line, written when a stall fulfils (FIFO by expiry).

    PROTECT everywhere: a recall must always be able to find who received what.
    """

    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="allocations")
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="lot_allocations")
    order_line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="lot_allocations")
    fulfillment = models.ForeignKey(
        Fulfillment, null=True, blank=True, on_delete=models.PROTECT, related_name="lot_allocations"
    )
    quantity = models.DecimalField(max_digits=14, decimal_places=3)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="allocation_quantity_positive")
        ]


# --- Label sheets (helper C2's block: rendered by traceability.label_jobs) ---------------------------


class LabelFormat(models.TextChoices):
    PDF = "pdf", _("PDF sheet (A4)")
    SVG = "svg", _("SVG per stamp (ZIP)")
    PNG = "png", _("PNG per stamp (ZIP)")
    CSV = "csv", _("CSV for a print shop (serial, URL, PIN)")


def label_file_path(instance: "LabelJob", filename: str) -> str:
    # Label files hold signed stamp URLs and PINs: private storage, in a random folder, so the
    # readable download name (nhan-<lot>-<id>.pdf) never makes the stored path guessable.
    return f"labels/{secrets.token_hex(16)}/{filename}"


class LabelJob(BackgroundJob):
    """Print-ready labels for the stamps of one stamp job (or of a whole lot), rendered by a worker."""

    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="label_jobs")
    stamp_job = models.ForeignKey(
        StampJob, null=True, blank=True, on_delete=models.PROTECT, related_name="label_jobs"
    )
    format = models.CharField(_("format"), max_length=8, choices=LabelFormat.choices, default=LabelFormat.PDF)
    rows = models.PositiveSmallIntegerField(_("rows"), default=8)
    cols = models.PositiveSmallIntegerField(_("columns"), default=3)
    margin_mm = models.DecimalField(_("margin (mm)"), max_digits=4, decimal_places=1, default=8)
    # A slice of the stamps, in issue order: big runs are printed as several sheets.
    offset = models.PositiveIntegerField(_("skip the first"), default=0)
    limit = models.PositiveIntegerField(_("at most"), null=True, blank=True)
    file = models.FileField(storage=private_storage, upload_to=label_file_path, blank=True)

    def __str__(self) -> str:
        return f"LabelJob {self.pk} ({self.format}: {self.progress}/{self.total})"
