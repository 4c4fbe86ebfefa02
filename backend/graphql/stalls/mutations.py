"""Stall mutations: registration and profile (owners), approval (staff), OCOP certificate decisions."""

from collections.abc import Callable
from typing import ClassVar

import graphene

from backend.catalog.selectors import product_for_member
from backend.core.errors import DomainError
from backend.graphql.core.permissions import is_authenticated, is_member, is_staff, is_staff_or_official
from backend.graphql.core.types import BaseMutation, error_type, errors_field, require_list_bound
from backend.graphql.core.upload import Upload
from backend.graphql.stalls.types import LegalFormEnum, OcopCertificate, Stall
from backend.stalls import actions, selectors
from backend.stalls.error_codes import StallErrorCode
from backend.stalls.models import OcopCertificate as OcopCertificateModel
from backend.stalls.models import Stall as StallModel

StallError = error_type("StallError", StallErrorCode)


_FIELD_NAMES = {
    "province": "province_code",
    "commune": "commune_code",
}


def _stall_fields(data: dict) -> dict:
    fields = {_FIELD_NAMES.get(key, key): value for key, value in data.items()}
    if fields.get("legal_form") is not None:
        fields["legal_form"] = getattr(fields["legal_form"], "value", fields["legal_form"])
    for key in ("address", "phone", "tax_code", "description"):
        if key in fields and fields[key] is None:
            fields[key] = ""
    return fields


class StallMutation(BaseMutation):
    """Every stall mutation: errors are `StallError`, IDs resolve through the scoped selectors."""

    class Meta:
        abstract = True

    error_type_class = StallError

    @classmethod
    def staff_stall(cls, info, value):
        user = info.context.user
        return cls.get_scoped(value, "Stall", lambda pk: selectors.stall_for_staff(user=user, stall_id=pk))

    @classmethod
    def decidable_certificate(cls, info, value):
        user = info.context.user
        return cls.get_scoped(
            value,
            "OcopCertificate",
            lambda pk: selectors.certificate_for_decider(user=user, certificate_id=pk),
            what="OCOP certificate",
        )


class StallCreateInput(graphene.InputObjectType):
    name = graphene.String(required=True)
    legal_form = LegalFormEnum(required=True)
    province = graphene.Int(required=True, description="Province code (2025 list).")
    commune = graphene.Int(required=True, description="Commune code (2025 list).")
    address = graphene.String()
    phone = graphene.String()
    tax_code = graphene.String()
    description = graphene.String(description="HTML; sanitised.")


class StallCreate(StallMutation):
    """Register a stall; the caller becomes its owner and platform staff review it."""

    class Arguments:
        input = StallCreateInput(required=True)

    permission = is_authenticated
    stall = graphene.Field(Stall)
    errors = errors_field(StallError)

    @classmethod
    def perform_mutation(cls, _root, info, input):  # noqa: A002
        return cls(stall=actions.stall_create(user=info.context.user, **_stall_fields(dict(input))))


class StallUpdateInput(graphene.InputObjectType):
    name = graphene.String()
    legal_form = LegalFormEnum()
    province = graphene.Int()
    commune = graphene.Int()
    address = graphene.String()
    phone = graphene.String()
    tax_code = graphene.String()
    description = graphene.String()
    bank_bin = graphene.String(description="The bank's 6-digit BIN (VietQR).")
    bank_account_number = graphene.String()
    bank_account_name = graphene.String()


class StallUpdate(StallMutation):
    """Change the profile of a stall the caller owns."""

    class Arguments:
        id = graphene.ID(required=True)
        input = StallUpdateInput(required=True)

    permission = is_member
    stall = graphene.Field(Stall)
    errors = errors_field(StallError)

    @classmethod
    def perform_mutation(cls, _root, info, id, input):  # noqa: A002
        stall = cls.member_stall(info, id, field="id", owner_only=True)
        return cls(stall=actions.stall_update(stall=stall, **_stall_fields(dict(input))))


class StallLogoUpdate(StallMutation):
    """Replace the logo of a stall the caller owns (GraphQL multipart request)."""

    class Arguments:
        id = graphene.ID(required=True)
        logo = Upload(required=True, description="JPEG, PNG or WebP, sent as a multipart file.")

    permission = is_member
    stall = graphene.Field(Stall)
    errors = errors_field(StallError)

    @classmethod
    def perform_mutation(cls, _root, info, id, logo):  # noqa: A002
        stall = cls.member_stall(info, id, field="id", owner_only=True)
        if not hasattr(logo, "read"):
            raise DomainError(StallErrorCode.REQUIRED, "Send the logo as a multipart file.", "logo")
        return cls(stall=actions.stall_logo_set(stall=stall, upload=logo))


class StallDecision(StallMutation):
    """A platform staff decision on a stall: `decide` is the action, given stall and actor."""

    class Meta:
        abstract = True

    permission = is_staff
    stall = graphene.Field(Stall)
    errors = errors_field(StallError)
    decide: ClassVar[Callable[..., StallModel]]

    @classmethod
    def perform_mutation(cls, _root, info, id, **arguments):  # noqa: A002
        stall = cls.staff_stall(info, id)
        return cls(stall=cls.decide(stall=stall, actor=info.context.user, **arguments))


class StallApprove(StallDecision):
    class Arguments:
        id = graphene.ID(required=True)

    decide = staticmethod(actions.stall_approve)


class StallReject(StallDecision):
    class Arguments:
        id = graphene.ID(required=True)
        reason = graphene.String(required=True)

    decide = staticmethod(actions.stall_reject)


class StallSuspend(StallDecision):
    class Arguments:
        id = graphene.ID(required=True)
        reason = graphene.String(required=True)

    decide = staticmethod(actions.stall_suspend)


class OcopCertificateSubmitInput(graphene.InputObjectType):
    stall = graphene.ID(required=True)
    stars = graphene.Int(required=True, description="3, 4 or 5.")
    group = graphene.Int(required=True, description="OCOP product group 1–6.")
    score = graphene.Int(description="0–100.")
    decision_number = graphene.String(required=True)
    decision_date = graphene.Date(required=True)
    issuing_authority = graphene.String(required=True)
    document = Upload(description="The scanned decision (PDF, JPEG or PNG), sent as a multipart file.")
    products = graphene.List(graphene.NonNull(graphene.ID), description="The stall's products it covers.")


class OcopCertificateSubmit(StallMutation):
    """Submit an OCOP decision of a stall the caller owns, for staff or the province to verify."""

    class Arguments:
        input = OcopCertificateSubmitInput(required=True)

    permission = is_member
    ocop_certificate = graphene.Field(OcopCertificate)
    errors = errors_field(StallError)

    @classmethod
    def perform_mutation(cls, _root, info, input):  # noqa: A002
        stall = cls.member_stall(info, input["stall"], owner_only=True)
        require_list_bound(input.get("products"), "products")
        user = info.context.user

        def find(pk):
            return product_for_member(user=user, product_id=pk)

        values = input.get("products") or []
        products = [cls.get_scoped(value, "Product", find, field="products") for value in values]
        document = input.get("document")
        certificate = actions.ocop_certificate_submit(
            stall=stall,
            stars=input["stars"],
            group=input["group"],
            score=input.get("score"),
            decision_number=input["decision_number"],
            decision_date=input["decision_date"],
            issuing_authority=input["issuing_authority"],
            document=document if hasattr(document, "read") else None,
            products=products,
        )
        return cls(ocop_certificate=certificate)


class OcopCertificateDecision(StallMutation):
    """A decision on a submitted certificate: `decide` is the action, given certificate and actor."""

    class Meta:
        abstract = True

    permission = is_staff_or_official
    ocop_certificate = graphene.Field(OcopCertificate)
    errors = errors_field(StallError)
    decide: ClassVar[Callable[..., OcopCertificateModel]]

    @classmethod
    def perform_mutation(cls, _root, info, id, **arguments):  # noqa: A002
        certificate = cls.decidable_certificate(info, id)
        return cls(ocop_certificate=cls.decide(certificate=certificate, actor=info.context.user, **arguments))


class OcopCertificateVerify(OcopCertificateDecision):
    """Confirm a certificate (platform staff, or an official of the stall's province)."""

    class Arguments:
        id = graphene.ID(required=True)

    decide = staticmethod(actions.ocop_certificate_verify)


class OcopCertificateReject(OcopCertificateDecision):
    class Arguments:
        id = graphene.ID(required=True)
        reason = graphene.String(required=True)

    decide = staticmethod(actions.ocop_certificate_reject)


class StallMutations(graphene.ObjectType):
    stall_create = StallCreate.Field()
    stall_update = StallUpdate.Field()
    stall_logo_update = StallLogoUpdate.Field()
    stall_approve = StallApprove.Field()
    stall_reject = StallReject.Field()
    stall_suspend = StallSuspend.Field()
    ocop_certificate_submit = OcopCertificateSubmit.Field()
    ocop_certificate_verify = OcopCertificateVerify.Field()
    ocop_certificate_reject = OcopCertificateReject.Field()
