"""Traceability queries: a member's (or official's) lots, sites and stamp jobs; the public stampVerify."""

import graphene
from graphql import GraphQLError

from backend.graphql.core.connection import connection_args, connection_page, decode_id
from backend.graphql.core.permissions import is_authenticated, is_member
from backend.graphql.core.types import PermissionDenied
from backend.graphql.traceability.dataloaders import lot_diaries_attach
from backend.graphql.traceability.types import (
    Certification,
    LotCountableConnection,
    LotStatusEnum,
    Site,
    StampJob,
    StampVerdict,
)
from backend.graphql.traceability.types import Lot as LotType
from traceability import selectors, signing
from traceability.scan_limits import scan_allowed
from traceability.verification import stamp_verify_url

_URL_MAX = 512


def _stall_id(value) -> int:
    pk = decode_id(value, "Stall")
    if pk is None:
        raise GraphQLError("`stall` is not a Stall ID.", extensions={"code": "INVALID_ID"})
    return pk


class TraceabilityQueries(graphene.ObjectType):
    lots = graphene.Field(
        LotCountableConnection,
        stall=graphene.ID(description="Only this stall's lots."),
        status=LotStatusEnum(),
        description="Lots of the caller's stalls (members) or of their provinces (officials), newest first.",
        **connection_args(),
    )
    lot = graphene.Field(LotType, id=graphene.ID(required=True))
    sites = graphene.List(
        graphene.NonNull(Site),
        required=True,
        stall=graphene.ID(required=True),
        description="A stall's sites.",
    )
    certifications = graphene.List(
        graphene.NonNull(Certification), required=True, stall=graphene.ID(required=True)
    )
    stamp_job = graphene.Field(StampJob, id=graphene.ID(required=True), description="A stamp issuance job.")
    stamp_verify = graphene.Field(
        StampVerdict,
        url=graphene.String(required=True),
        description="Public: the verdict for a stamp URL (either form). Does not record a scan.",
    )

    @staticmethod
    def resolve_lots(_root, info, stall=None, status=None, **page):
        user = info.context.user
        if not is_authenticated(user):
            raise PermissionDenied()
        lots = selectors.lots_readable(user=user).order_by("-created_at", "-pk")
        if stall is not None:
            lots = lots.filter(stall_id=_stall_id(stall))
        if status is not None:
            lots = lots.filter(status=status.value if hasattr(status, "value") else status)
        return connection_page(lots, LotCountableConnection, prepare=lot_diaries_attach, **page)

    @staticmethod
    def resolve_lot(_root, info, id):
        user = info.context.user
        if not is_authenticated(user):
            raise PermissionDenied()
        pk = decode_id(id, "Lot")
        return selectors.lots_readable(user=user).filter(pk=pk).first() if pk else None

    @staticmethod
    def resolve_sites(_root, info, stall):
        if not is_member(info.context.user):
            raise PermissionDenied()
        return selectors.sites_for_member(user=info.context.user).filter(stall_id=_stall_id(stall))[:100]

    @staticmethod
    def resolve_certifications(_root, info, stall):
        if not is_member(info.context.user):
            raise PermissionDenied()
        certifications = selectors.certifications_for_member(user=info.context.user)
        return certifications.filter(stall_id=_stall_id(stall)).select_related("site", "ocop_certificate")[
            :100
        ]

    @staticmethod
    def resolve_stamp_job(_root, info, id):
        if not is_member(info.context.user):
            raise PermissionDenied()
        pk = decode_id(id, "StampJob")
        return selectors.stamp_job_for_member(user=info.context.user, job_id=pk) if pk else None

    @staticmethod
    def resolve_stamp_verify(_root, info, url):
        if not scan_allowed(info.context):
            raise GraphQLError(
                "Too many scans from your network; try again later.", extensions={"code": "TOO_MANY_SCANS"}
            )
        if len(url) > _URL_MAX:
            raise GraphQLError("`url` is too long to be a stamp URL.", extensions={"code": "INVALID_URL"})
        try:
            return stamp_verify_url(url=url)
        except signing.StampUrlInvalid as exc:
            raise GraphQLError(f"Not a stamp URL: {exc}", extensions={"code": "INVALID_URL"}) from exc
