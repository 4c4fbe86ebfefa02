"""Traceability mutations: sites, lots and their status, diary entries, certifications, stamp issuance.

Everything a mutation touches is resolved through a scoped selector (another stall's object is
NOT_FOUND, exactly like a missing one) and handed to one action of `traceability.actions`.
lotHold/lotRecall are also open to officials of the stall's province: the one write they may do here.
"""

import graphene
from django.db import transaction
from graphql import GraphQLError

from backend.catalog.selectors import variant_for_member
from backend.core.errors import DomainError
from backend.graphql.core.permissions import is_authenticated, is_member
from backend.graphql.core.types import BaseMutation, error_type, errors_field
from backend.graphql.core.upload import Upload
from backend.graphql.traceability.types import (
    Certification,
    CertificationKindEnum,
    DiaryEntry,
    DiaryKindEnum,
    Lot,
    PhiWarning,
    Site,
    StampJob,
    StampVerdict,
)
from backend.regions.selectors import province_by_code
from backend.stalls.selectors import certificate_for_member
from traceability import actions, selectors, signing
from traceability.error_codes import TraceabilityErrorCode as Code
from traceability.scan_limits import scan_allowed
from traceability.verification import scan_meta_from_request, scan_record, stamp_verify_url

TraceabilityError = error_type("TraceabilityError", Code)


def _value(enum_value):
    return getattr(enum_value, "value", enum_value)


class _StallMutation(BaseMutation):
    """A write by a member of the stall that owns what it touches."""

    class Meta:
        abstract = True

    permission = is_member
    error_type_class = TraceabilityError

    @classmethod
    def own_lot(cls, info, value, field: str = "lot"):
        user = info.context.user
        return cls.get_scoped(
            value, "Lot", lambda pk: selectors.lot_for_member(user=user, lot_id=pk), field=field
        )

    @classmethod
    def own_site(cls, info, value, field: str = "site"):
        user = info.context.user
        return cls.get_scoped(
            value, "Site", lambda pk: selectors.site_for_member(user=user, site_id=pk), field=field
        )


class SiteCreateInput(graphene.InputObjectType):
    stall = graphene.ID(required=True)
    name = graphene.String(required=True)
    province_code = graphene.Int(required=True, description="2025 province code.")
    commune_code = graphene.Int(required=True, description="2025 commune code.")
    planting_area_code = graphene.String(description="Mã số vùng trồng, if the plot has one.")
    geojson = graphene.JSONString()


class SiteCreate(_StallMutation):
    """Add a production site or plot to one of the caller's stalls."""

    class Arguments:
        input = SiteCreateInput(required=True)

    site = graphene.Field(Site)
    errors = errors_field(TraceabilityError)

    @classmethod
    def perform_mutation(cls, _root, info, input):
        site = actions.site_create(
            stall=cls.member_stall(info, input["stall"]),
            name=input["name"],
            province_code=input["province_code"],
            commune_code=input["commune_code"],
            planting_area_code=input.get("planting_area_code") or "",
            geojson=input.get("geojson"),
        )
        return cls(site=site)


class LotCreateInput(graphene.InputObjectType):
    stall = graphene.ID(required=True)
    variant = graphene.ID(required=True)
    code = graphene.String(required=True, description="1-20 characters of GS1's set (AI 10).")
    quantity = graphene.Decimal(
        required=True, description="In units of the variant (boxes …) for allocation."
    )
    unit = graphene.String(required=True)
    site = graphene.ID()
    harvest_date = graphene.Date()
    production_date = graphene.Date()
    packing_date = graphene.Date()
    expiry_date = graphene.Date()


class LotCreate(_StallMutation):
    """Create a draft lot of one of the stall's variants."""

    class Arguments:
        input = LotCreateInput(required=True)

    lot = graphene.Field(Lot)
    errors = errors_field(TraceabilityError)

    @classmethod
    def perform_mutation(cls, _root, info, input):
        stall = cls.member_stall(info, input["stall"])
        user = info.context.user
        variant = cls.get_scoped(
            input["variant"],
            "ProductVariant",
            lambda pk: variant_for_member(user=user, variant_id=pk),
            field="variant",
        )
        lot = actions.lot_create(
            stall=stall,
            variant=variant,
            code=input["code"],
            quantity=input["quantity"],
            unit=input["unit"],
            actor=info.context.user,
            site=cls.own_site(info, input["site"]) if input.get("site") else None,
            harvest_date=input.get("harvest_date"),
            production_date=input.get("production_date"),
            packing_date=input.get("packing_date"),
            expiry_date=input.get("expiry_date"),
        )
        return cls(lot=lot)


class LotRelease(_StallMutation):
    """Release a draft lot (it becomes public and stampable), or lift a hold."""

    class Arguments:
        id = graphene.ID(required=True)

    lot = graphene.Field(Lot)
    errors = errors_field(TraceabilityError)

    @classmethod
    def perform_mutation(cls, _root, info, id):
        lot = cls.own_lot(info, id, "id")
        return cls(lot=actions.lot_release(lot=lot, actor=info.context.user))


class AffectedOrder(graphene.ObjectType):
    """An order that received units of a withdrawn lot (its buyer is emailed)."""

    number = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)


class _LotWithdraw(BaseMutation):
    class Meta:
        abstract = True

    class Arguments:
        id = graphene.ID(required=True)
        notice = graphene.String(required=True, description="Shown on every scan page of the lot.")

    permission = is_authenticated
    error_type_class = TraceabilityError
    lot = graphene.Field(Lot)
    orders = graphene.List(graphene.NonNull(AffectedOrder))
    errors = errors_field(TraceabilityError)
    action = None

    @classmethod
    def perform_mutation(cls, _root, info, id, notice):
        user = info.context.user
        lot = cls.get_scoped(id, "Lot", lambda pk: selectors.lot_for_withdrawal(user=user, lot_id=pk))
        result = cls.action(lot=lot, actor=info.context.user, notice=notice)
        return cls(lot=result.lot, orders=result.orders)


class LotHold(_LotWithdraw):
    """Put a lot on hold (stall members, or officials of the stall's province)."""

    action = staticmethod(actions.lot_hold)


class LotRecall(_LotWithdraw):
    """Recall a lot for good (stall members, or officials of the stall's province)."""

    action = staticmethod(actions.lot_recall)


class DiaryEntryCreateInput(graphene.InputObjectType):
    lot = graphene.ID()
    site = graphene.ID()
    kind = DiaryKindEnum(required=True)
    occurred_at = graphene.DateTime(required=True)
    notes = graphene.String()
    material = graphene.String()
    method = graphene.String()
    dose = graphene.String()
    pre_harvest_interval_days = graphene.Int()
    quantity = graphene.Decimal()
    unit = graphene.String()
    photo = Upload(description="A JPEG, PNG or WebP photo (multipart request).")
    corrects = graphene.ID(description="The entry this one corrects.")


class DiaryEntryCreate(_StallMutation):
    """Append a farming diary entry to a lot or a site (entries are never edited)."""

    class Arguments:
        input = DiaryEntryCreateInput(required=True)

    entry = graphene.Field(DiaryEntry)
    phi_warnings = graphene.List(graphene.NonNull(PhiWarning))
    errors = errors_field(TraceabilityError)

    @classmethod
    def perform_mutation(cls, _root, info, input):
        lot = cls.own_lot(info, input["lot"]) if input.get("lot") else None
        site = cls.own_site(info, input["site"]) if input.get("site") else None
        corrects = None
        if input.get("corrects"):
            user = info.context.user
            corrects = cls.get_scoped(
                input["corrects"],
                "DiaryEntry",
                lambda pk: selectors.diary_entry_for_member(user=user, entry_id=pk),
                field="corrects",
            )
        entry = actions.diary_entry_create(
            author=info.context.user,
            lot=lot,
            site=site,
            kind=_value(input["kind"]),
            occurred_at=input["occurred_at"],
            notes=input.get("notes") or "",
            material=input.get("material") or "",
            method=input.get("method") or "",
            dose=input.get("dose") or "",
            pre_harvest_interval_days=input.get("pre_harvest_interval_days"),
            quantity=input.get("quantity"),
            unit=input.get("unit") or "",
            photo=input.get("photo"),
            corrects=corrects,
        )
        warnings = selectors.lot_phi_warnings(lot=lot) if lot is not None else []
        return cls(entry=entry, phi_warnings=warnings)


class CertificationCreateInput(graphene.InputObjectType):
    stall = graphene.ID(required=True)
    kind = CertificationKindEnum(required=True)
    number = graphene.String(required=True)
    issuer = graphene.String(required=True)
    valid_from = graphene.Date(required=True)
    valid_until = graphene.Date()
    site = graphene.ID(description="Only this site is certified (VietGAP is per production area).")
    ocop_certificate = graphene.ID(description="Required for OCOP: the stall's OCOP decision.")
    document = Upload(description="The certificate scan (multipart request).")


class CertificationCreate(_StallMutation):
    """Record a certification (VietGAP, organic, food safety, OCOP) of one of the caller's stalls."""

    class Arguments:
        input = CertificationCreateInput(required=True)

    certification = graphene.Field(Certification)
    errors = errors_field(TraceabilityError)

    @classmethod
    def perform_mutation(cls, _root, info, input):
        ocop = None
        if input.get("ocop_certificate"):
            user = info.context.user
            ocop = cls.get_scoped(
                input["ocop_certificate"],
                "OcopCertificate",
                lambda pk: certificate_for_member(user=user, certificate_id=pk),
                field="ocopCertificate",
            )
        certification = actions.certification_create(
            stall=cls.member_stall(info, input["stall"]),
            kind=_value(input["kind"]),
            number=input["number"],
            issuer=input["issuer"],
            valid_from=input["valid_from"],
            valid_until=input.get("valid_until"),
            site=cls.own_site(info, input["site"]) if input.get("site") else None,
            ocop_certificate=ocop,
            document=input.get("document"),
        )
        return cls(certification=certification)


class StampIssueInput(graphene.InputObjectType):
    lot = graphene.ID(required=True)
    quantity = graphene.Int(required=True, description="1 to 1,000,000.")
    with_pin = graphene.Boolean(default_value=False, description="Add a scratch-off PIN to every stamp.")


class StampIssue(_StallMutation):
    """Queue the issuance of stamps for a released lot; poll `stampJob(id)` for progress."""

    class Arguments:
        input = StampIssueInput(required=True)

    job = graphene.Field(StampJob)
    errors = errors_field(TraceabilityError)

    @classmethod
    def perform_mutation(cls, _root, info, input):
        job = actions.stamp_issue(
            lot=cls.own_lot(info, input["lot"]),
            quantity=input["quantity"],
            with_pin=bool(input.get("with_pin")),
            actor=info.context.user,
        )
        return cls(job=job)


_URL_MAX = 512
_DEVICE_ID_MAX = 128


class StampScan(BaseMutation):
    """A consumer app's scan: verified and recorded exactly as the scan page records one."""

    class Arguments:
        url = graphene.String(required=True, description="The stamp URL the app read (either form).")
        device_id = graphene.String(
            required=True,
            description="A long-lived random id the app keeps per install; it plays the part of the "
            "scan page's device cookie, so clone signals see the same device.",
        )
        consent = graphene.Boolean(
            default_value=False, description="The user agreed to share the scan's province."
        )
        province = graphene.Int(description="2025 province code of the scan; kept only with consent.")

    error_type_class = TraceabilityError
    verdict = graphene.Field(StampVerdict)
    errors = errors_field(TraceabilityError)

    @classmethod
    def perform_mutation(cls, _root, info, url, device_id, consent=False, province=None):
        request = info.context
        if not scan_allowed(request):
            # The same top-level refusal as stampVerify and the page's 429: the scan is not counted.
            raise GraphQLError(
                "Too many scans from your network; try again later.", extensions={"code": "TOO_MANY_SCANS"}
            )
        if len(url) > _URL_MAX:
            raise DomainError(Code.INVALID_URL, "`url` is too long to be a stamp URL.", "url")
        if not device_id.strip() or len(device_id) > _DEVICE_ID_MAX:
            raise DomainError(
                Code.INVALID, f"`deviceId` must be 1 to {_DEVICE_ID_MAX} characters.", "deviceId"
            )
        if province is not None and province_by_code(province) is None:
            raise DomainError(Code.INVALID, "`province` is not a 2025 province code.", "province")
        shared = bool(consent and province is not None)
        meta = scan_meta_from_request(
            request, device_id=device_id, consent=shared, province_code=province if shared else None
        )
        try:
            verdict = stamp_verify_url(url=url, request_meta=meta)
        except signing.StampUrlInvalid as exc:
            raise DomainError(Code.INVALID_URL, f"Not a stamp URL: {exc}", "url") from exc
        # As on the scan page: recorded after the verdict, so this scan is not "scanned before" itself.
        transaction.on_commit(lambda: scan_record(verdict=verdict, request_meta=meta))
        return cls(verdict=verdict)


class TraceabilityMutations(graphene.ObjectType):
    stamp_scan = StampScan.Field()
    site_create = SiteCreate.Field()
    lot_create = LotCreate.Field()
    lot_release = LotRelease.Field()
    lot_hold = LotHold.Field()
    lot_recall = LotRecall.Field()
    diary_entry_create = DiaryEntryCreate.Field()
    certification_create = CertificationCreate.Field()
    stamp_issue = StampIssue.Field()
