"""Stall queries: the marketplace's approved stalls, a member's own, certificates awaiting a decision."""

import graphene

from backend.core.text import fold
from backend.graphql.core.connection import CountableConnection, connection_args, connection_page
from backend.graphql.core.permissions import is_staff
from backend.graphql.core.types import PermissionDenied, require_list_bound
from backend.graphql.stalls.types import OcopCertificate, Stall
from backend.stalls import selectors


class StallCountableConnection(CountableConnection):
    class Meta:
        node = Stall


class StallFilterInput(graphene.InputObjectType):
    search = graphene.String(description="Accent-insensitive words of the stall's name.")
    provinces = graphene.List(graphene.NonNull(graphene.Int))


class StallQueries(graphene.ObjectType):
    stalls = graphene.Field(
        StallCountableConnection,
        required=True,
        filter=StallFilterInput(),
        description="Approved stalls, by name.",
        **connection_args(),
    )
    stall = graphene.Field(
        Stall,
        slug=graphene.String(required=True),
        description="An approved stall; members and platform staff also see it in any other status.",
    )
    my_stalls = graphene.List(
        graphene.NonNull(Stall), required=True, description="Stalls the caller belongs to."
    )
    ocop_certificates_to_decide = graphene.List(
        graphene.NonNull(OcopCertificate),
        required=True,
        description="Submitted certificates for platform staff, or an official's provinces (100 oldest).",
    )

    @staticmethod
    def resolve_stalls(_root, _info, filter=None, **page):  # noqa: A002
        filter = filter or {}  # noqa: A001
        stalls = selectors.stalls_public().prefetch_related("ocop_certificates")
        require_list_bound(filter.get("provinces"), "filter.provinces")
        if filter.get("provinces"):
            stalls = stalls.filter(province_code__in=filter["provinces"])
        words = fold(filter.get("search") or "").split()[:10]
        if words:
            # Stall names are few and short: fold them in Python rather than keep a folded column.
            matching = [s.pk for s in stalls.only("pk", "name") if all(w in fold(s.name) for w in words)]
            stalls = stalls.filter(pk__in=matching)
        return connection_page(stalls.order_by("name", "pk"), StallCountableConnection, **page)

    @staticmethod
    def resolve_stall(_root, info, slug):
        user = info.context.user
        stall = selectors.stall_public_by_slug(slug=slug)
        if stall is None:
            stall = selectors.stalls_for_member(user=user).filter(slug=slug).first()
        if stall is None and is_staff(user):
            stall = selectors.stall_for_staff(user=user, stall_id=None, slug=slug)
        return stall

    @staticmethod
    def resolve_my_stalls(_root, info):
        return list(selectors.stalls_for_member(user=info.context.user).order_by("name")[:100])

    @staticmethod
    def resolve_ocop_certificates_to_decide(_root, info):
        user = info.context.user
        if not user.is_authenticated:
            raise PermissionDenied()
        return list(selectors.certificates_pending_for_decider(user=user).order_by("created_at")[:100])
