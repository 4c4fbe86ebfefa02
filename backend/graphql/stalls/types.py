"""GraphQL types of stalls and OCOP certificates; private fields resolve only for the stall's members."""

import graphene
from django.urls import reverse

from backend.accounts.roles import official_province_codes
from backend.graphql.core.permissions import is_staff
from backend.graphql.regions.schema import Commune, Province
from backend.regions.selectors import commune_by_code, province_by_code
from backend.stalls.models import CertificateStatus as CertificateStatusModel
from backend.stalls.models import LegalForm as LegalFormModel
from backend.stalls.models import StallStatus as StallStatusModel

LegalFormEnum = graphene.Enum.from_enum(LegalFormModel, name="StallLegalForm")
StallStatusEnum = graphene.Enum.from_enum(StallStatusModel, name="StallStatus")
CertificateStatusEnum = graphene.Enum.from_enum(CertificateStatusModel, name="OcopCertificateStatus")


def _is_member(info, stall) -> bool:
    """Whether the caller belongs to `stall`; cached per request so a list does not query per stall."""
    user = info.context.user
    if not user.is_authenticated:
        return False
    cache = getattr(info.context, "_member_stall_ids", None)
    if cache is None:
        cache = set(user.stall_memberships.values_list("stall_id", flat=True))
        info.context._member_stall_ids = cache
    return stall.pk in cache


def _may_see_private(info, stall) -> bool:
    return _is_member(info, stall) or is_staff(info.context.user)


class OcopBadge(graphene.ObjectType):
    """The OCOP mark a consumer sees: stars and validity of a verified certificate."""

    stars = graphene.Int(required=True)
    group = graphene.Int(required=True)
    decision_number = graphene.String(required=True)
    issuing_authority = graphene.String(required=True)
    expires_on = graphene.Date(required=True)


class OcopCertificate(graphene.ObjectType):
    id = graphene.ID(required=True)
    stars = graphene.Int(required=True)
    group = graphene.Int(required=True)
    score = graphene.Int()
    decision_number = graphene.String(required=True)
    decision_date = graphene.Date(required=True)
    issuing_authority = graphene.String(required=True)
    expires_on = graphene.Date(required=True)
    status = graphene.Field(CertificateStatusEnum, required=True)
    status_reason = graphene.String(required=True)
    badge_visible = graphene.Boolean(required=True)
    document_url = graphene.String(
        description=(
            "The scanned decision, served by a permission-checked view (send the same Bearer token); "
            "members, staff and officials of the stall's province only."
        )
    )
    stall = graphene.Field(lambda: Stall, required=True)

    @staticmethod
    def resolve_id(certificate, _info):
        return graphene.Node.to_global_id("OcopCertificate", certificate.pk)

    @staticmethod
    def resolve_status(certificate, _info):
        return CertificateStatusModel(certificate.status)

    @staticmethod
    def resolve_badge_visible(certificate, _info):
        return certificate.badge_visible()

    @staticmethod
    def resolve_document_url(certificate, info):
        """The permission-checked document view (send the same Bearer token); the file itself is
        private and has no public URL."""
        stall = certificate.stall
        deciding_official = stall.province_code in official_province_codes(info.context.user)
        if not certificate.document or not (_may_see_private(info, stall) or deciding_official):
            return None
        return info.context.build_absolute_uri(reverse("dashboard:ocop_document", args=[certificate.pk]))


class Stall(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    legal_form = graphene.Field(LegalFormEnum, required=True)
    province = graphene.Field(Province)
    commune = graphene.Field(Commune)
    address = graphene.String(required=True)
    phone = graphene.String(required=True)
    description = graphene.String(required=True, description="Sanitised HTML.")
    logo_url = graphene.String()
    status = graphene.Field(StallStatusEnum, required=True)
    status_reason = graphene.String(description="Why it was rejected or suspended; members and staff only.")
    tax_code = graphene.String(description="Members and staff only.")
    bank_account_number = graphene.String(description="Members and staff only.")
    bank_account_name = graphene.String(description="Members and staff only.")
    bank_bin = graphene.String(description="Members and staff only.")
    ocop_certificates = graphene.List(
        graphene.NonNull(OcopCertificate),
        required=True,
        description="Verified, unexpired certificates publicly; all of them for members and staff.",
    )

    @staticmethod
    def resolve_id(stall, _info):
        return graphene.Node.to_global_id("Stall", stall.pk)

    @staticmethod
    def resolve_legal_form(stall, _info):
        return LegalFormModel(stall.legal_form)

    @staticmethod
    def resolve_status(stall, _info):
        return StallStatusModel(stall.status)

    @staticmethod
    def resolve_province(stall, _info):
        return province_by_code(stall.province_code)

    @staticmethod
    def resolve_commune(stall, _info):
        return commune_by_code(stall.commune_code)

    @staticmethod
    def resolve_logo_url(stall, info):
        return info.context.build_absolute_uri(stall.logo.url) if stall.logo else None

    @staticmethod
    def resolve_status_reason(stall, info):
        return stall.status_reason if _may_see_private(info, stall) else None

    @staticmethod
    def resolve_tax_code(stall, info):
        return stall.tax_code if _may_see_private(info, stall) else None

    @staticmethod
    def resolve_bank_account_number(stall, info):
        return stall.bank_account_number if _may_see_private(info, stall) else None

    @staticmethod
    def resolve_bank_account_name(stall, info):
        return stall.bank_account_name if _may_see_private(info, stall) else None

    @staticmethod
    def resolve_bank_bin(stall, info):
        return stall.bank_bin if _may_see_private(info, stall) else None

    @staticmethod
    def resolve_ocop_certificates(stall, info):
        certificates = list(stall.ocop_certificates.all())
        if _may_see_private(info, stall):
            return certificates
        return [c for c in certificates if c.badge_visible()]
