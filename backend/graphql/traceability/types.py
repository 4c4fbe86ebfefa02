"""GraphQL types of traceability: sites, lots, diary entries, certifications, stamp jobs and verdicts.

Member types (Lot, StampJob …) are only reached through scoped resolvers; the public verdict exposes a
reduced `PublicLot`, and nothing about a lot when the stamp is forged or unknown.
"""

import graphene
from django.db.models import QuerySet
from django.urls import reverse

from backend.graphql.core.connection import CountableConnection, connection_args, connection_page
from backend.graphql.traceability.dataloaders import lot_diary
from traceability import selectors, signing
from traceability.models import CertificationKind as CertificationKindModel
from traceability.models import DiaryKind as DiaryKindModel
from traceability.models import LotStatus as LotStatusModel
from traceability.models import StampJobStatus as StampJobStatusModel
from traceability.models import VerdictKind as VerdictKindModel

LotStatusEnum = graphene.Enum.from_enum(LotStatusModel, name="LotStatus")
DiaryKindEnum = graphene.Enum.from_enum(DiaryKindModel, name="DiaryKind")
CertificationKindEnum = graphene.Enum.from_enum(CertificationKindModel, name="CertificationKind")
StampJobStatusEnum = graphene.Enum.from_enum(StampJobStatusModel, name="StampJobStatus")
VerdictKindEnum = graphene.Enum.from_enum(VerdictKindModel, name="StampVerdictKind")


def _gid(type_name: str):
    def resolve(obj, _info):
        return graphene.Node.to_global_id(type_name, obj.pk)

    return staticmethod(resolve)


def _file_url(field) -> str | None:
    return field.url if field else None


class Site(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    province_code = graphene.Int(required=True)
    commune_code = graphene.Int(required=True)
    planting_area_code = graphene.String(required=True)
    geojson = graphene.JSONString()

    resolve_id = _gid("Site")


class DiaryEntry(graphene.ObjectType):
    id = graphene.ID(required=True)
    seq = graphene.Int(required=True, description="Position in the lot's (or site's) hash chain.")
    kind = graphene.Field(DiaryKindEnum, required=True)
    occurred_at = graphene.DateTime(required=True)
    recorded_at = graphene.DateTime(required=True)
    notes = graphene.String(required=True)
    material = graphene.String(required=True)
    method = graphene.String(required=True)
    dose = graphene.String(required=True)
    pre_harvest_interval_days = graphene.Int()
    quantity = graphene.Decimal()
    unit = graphene.String(required=True)
    photo_url = graphene.String()
    author_name = graphene.String()
    corrects = graphene.ID(description="The entry this one corrects (entries are never edited).")
    prev_hash = graphene.String(required=True)
    hash = graphene.String(required=True)

    resolve_id = _gid("DiaryEntry")

    @staticmethod
    def resolve_kind(entry, _info):
        return DiaryKindModel(entry.kind)

    @staticmethod
    def resolve_photo_url(entry, _info):
        return _file_url(entry.photo)

    @staticmethod
    def resolve_author_name(entry, _info):
        return entry.author.get_full_name() if entry.author_id else None

    @staticmethod
    def resolve_corrects(entry, _info):
        return graphene.Node.to_global_id("DiaryEntry", entry.corrects_id) if entry.corrects_id else None


class PhiWarning(graphene.ObjectType):
    """An input whose pre-harvest interval had not passed on the harvest date (a warning, not a refusal)."""

    entry = graphene.Field(DiaryEntry, required=True)
    safe_from = graphene.Date(required=True)
    days_short = graphene.Int(required=True)


class DiaryChainCheck(graphene.ObjectType):
    ok = graphene.Boolean(required=True)
    entries = graphene.Int(required=True)
    broken_at_seq = graphene.Int()
    reason = graphene.String(required=True)


class Lot(graphene.ObjectType):
    id = graphene.ID(required=True)
    code = graphene.String(required=True)
    status = graphene.Field(LotStatusEnum, required=True)
    quantity = graphene.Decimal(required=True)
    unit = graphene.String(required=True)
    product_name = graphene.String(required=True)
    variant_id = graphene.ID(required=True)
    sku = graphene.String(required=True)
    gtin = graphene.String()
    stall_id = graphene.ID(required=True)
    site = graphene.Field(Site)
    harvest_date = graphene.Date()
    production_date = graphene.Date()
    packing_date = graphene.Date()
    expiry_date = graphene.Date()
    recall_notice = graphene.String(required=True)
    released_at = graphene.DateTime()
    recalled_at = graphene.DateTime()
    created_at = graphene.DateTime(required=True)
    # Diary fields: loaded for a whole `lots` page at once (see dataloaders), not per lot.
    diary = graphene.List(
        graphene.NonNull(DiaryEntry),
        required=True,
        description="The lot's and its site's entries, oldest first.",
    )
    diary_chain = graphene.Field(
        DiaryChainCheck, required=True, description="Recomputes the diary's hash chain (tamper check)."
    )
    phi_warnings = graphene.List(
        graphene.NonNull(PhiWarning),
        required=True,
        description="Inputs whose pre-harvest interval had not passed at harvest (warnings, not refusals).",
    )

    resolve_id = _gid("Lot")

    @staticmethod
    def resolve_status(lot, _info):
        return LotStatusModel(lot.status)

    @staticmethod
    def resolve_product_name(lot, _info):
        return lot.variant.product.name

    @staticmethod
    def resolve_variant_id(lot, _info):
        return graphene.Node.to_global_id("ProductVariant", lot.variant_id)

    @staticmethod
    def resolve_sku(lot, _info):
        return lot.variant.sku

    @staticmethod
    def resolve_gtin(lot, _info):
        return lot.variant.gtin

    @staticmethod
    def resolve_stall_id(lot, _info):
        return graphene.Node.to_global_id("Stall", lot.stall_id)

    @staticmethod
    def resolve_diary(lot, _info):
        return lot_diary(lot)

    @staticmethod
    def resolve_diary_chain(lot, _info):
        return selectors.diary_chain_verify(lot=lot, diary=lot_diary(lot))

    @staticmethod
    def resolve_phi_warnings(lot, _info):
        return selectors.lot_phi_warnings(lot=lot, diary=lot_diary(lot))


class LotCountableConnection(CountableConnection):
    class Meta:
        node = Lot


class Certification(graphene.ObjectType):
    id = graphene.ID(required=True)
    kind = graphene.Field(CertificationKindEnum, required=True)
    number = graphene.String(required=True)
    issuer = graphene.String(required=True)
    valid_from = graphene.Date(required=True)
    valid_until = graphene.Date()
    site = graphene.Field(Site)
    ocop_stars = graphene.Int()
    document_url = graphene.String(
        description="The scanned certificate, from a permission-checked view (send the same Bearer token)."
    )

    resolve_id = _gid("Certification")

    @staticmethod
    def resolve_kind(certification, _info):
        return CertificationKindModel(certification.kind)

    @staticmethod
    def resolve_ocop_stars(certification, _info):
        return certification.ocop_certificate.stars if certification.ocop_certificate_id else None

    @staticmethod
    def resolve_document_url(certification, info):
        if not certification.document:
            return None
        return info.context.build_absolute_uri(
            reverse("dashboard:certification_document", args=[certification.pk])
        )


class Stamp(graphene.ObjectType):
    serial = graphene.String(required=True)
    url = graphene.String(required=True, description="The URL printed in the stamp's QR code.")
    key_id = graphene.String(required=True)
    has_pin = graphene.Boolean(required=True)
    created_at = graphene.DateTime(required=True)

    @staticmethod
    def resolve_url(stamp, _info):
        return signing.stamp_url(stamp)

    @staticmethod
    def resolve_has_pin(stamp, _info):
        return bool(stamp.pin_hash)


class StampCountableConnection(CountableConnection):
    class Meta:
        node = Stamp


class StampJob(graphene.ObjectType):
    id = graphene.ID(required=True)
    lot = graphene.Field(Lot, required=True)
    status = graphene.Field(StampJobStatusEnum, required=True)
    quantity = graphene.Int(required=True)
    progress = graphene.Int(required=True)
    total = graphene.Int(required=True)
    with_pin = graphene.Boolean(required=True)
    error = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)
    finished_at = graphene.DateTime()
    stamps = graphene.Field(StampCountableConnection, required=True, **connection_args())

    resolve_id = _gid("StampJob")

    @staticmethod
    def resolve_status(job, _info):
        return StampJobStatusModel(job.status)

    @staticmethod
    def resolve_stamps(job, _info, **page):
        stamps: QuerySet = selectors.stamps_for_job(job=job)
        return connection_page(stamps, StampCountableConnection, **page)


class PublicLot(graphene.ObjectType):
    """What anyone holding a genuine stamp may read about its lot."""

    code = graphene.String(required=True)
    status = graphene.Field(LotStatusEnum, required=True)
    harvest_date = graphene.Date()
    production_date = graphene.Date()
    packing_date = graphene.Date()
    expiry_date = graphene.Date()
    recall_notice = graphene.String(required=True)
    stall_name = graphene.String(required=True)

    @staticmethod
    def resolve_status(lot, _info):
        return LotStatusModel(lot.status)

    @staticmethod
    def resolve_stall_name(lot, _info):
        return lot.stall.name


class PublicProduct(graphene.ObjectType):
    name = graphene.String(required=True)
    slug = graphene.String(required=True)


class StampVerdict(graphene.ObjectType):
    kind = graphene.Field(VerdictKindEnum, required=True)
    is_genuine = graphene.Boolean(required=True)
    serial = graphene.String(required=True)
    scan_count = graphene.Int(required=True, description="Earlier scans of this stamp.")
    first_scanned_at = graphene.DateTime()
    first_scan_province = graphene.Int()
    reasons = graphene.List(graphene.NonNull(graphene.String), required=True)
    recall_notice = graphene.String(required=True)
    product = graphene.Field(PublicProduct)
    lot = graphene.Field(PublicLot)

    @staticmethod
    def resolve_kind(verdict, _info):
        return VerdictKindModel(verdict.kind)

    @staticmethod
    def resolve_reasons(verdict, _info):
        return [str(reason) for reason in verdict.reasons]
