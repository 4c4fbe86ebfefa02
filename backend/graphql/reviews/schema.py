"""Review queries: a product's reviews (public), the buyer's own, a stall's, and reports for staff."""

import graphene

from backend.catalog.selectors import product_visible
from backend.graphql.catalog.schema import channel_or_error
from backend.graphql.core.connection import connection_args, connection_page, decode_id
from backend.graphql.core.types import PermissionDenied
from backend.graphql.reviews.types import ReviewCountableConnection, ReviewReportCountableConnection
from backend.reviews import selectors
from backend.stalls.selectors import stall_for_member


class ReviewQueries(graphene.ObjectType):
    product_reviews = graphene.Field(
        ReviewCountableConnection,
        product=graphene.ID(required=True),
        channel=graphene.String(description="Channel slug the product is on sale in; `vn` when not given."),
        description="Visible reviews of a product on sale, newest first (null for any other product).",
        **connection_args(),
    )
    my_reviews = graphene.Field(
        ReviewCountableConnection,
        required=True,
        description="The signed-in buyer's reviews, hidden ones included, newest first.",
        **connection_args(),
    )
    stall_reviews = graphene.Field(
        ReviewCountableConnection,
        required=True,
        stall=graphene.ID(required=True, description="A stall you belong to."),
        description="Every review of the stall's products (hidden ones too), newest first.",
        **connection_args(),
    )
    review_reports = graphene.Field(
        ReviewReportCountableConnection,
        required=True,
        description="Stalls' open reports, oldest first (platform staff).",
        **connection_args(),
    )

    @staticmethod
    def resolve_product_reviews(_root, _info, product, channel=None, **page):
        pk = decode_id(product, "Product")
        found = product_visible(channel=channel_or_error(channel), product_id=pk) if pk else None
        if found is None:
            return None
        return connection_page(
            selectors.reviews_for_product(product=found), ReviewCountableConnection, **page
        )

    @staticmethod
    def resolve_my_reviews(_root, info, **page):
        return connection_page(
            selectors.reviews_by_buyer(user=info.context.user), ReviewCountableConnection, **page
        )

    @staticmethod
    def resolve_stall_reviews(_root, info, stall, **page):
        pk = decode_id(stall, "Stall")
        found = stall_for_member(user=info.context.user, stall_id=pk) if pk else None
        if found is None:
            raise PermissionDenied("You are not a member of this stall.")
        return connection_page(selectors.reviews_for_stall(stall=found), ReviewCountableConnection, **page)

    @staticmethod
    def resolve_review_reports(_root, info, **page):
        return connection_page(
            selectors.reports_open_for_staff(user=info.context.user), ReviewReportCountableConnection, **page
        )
