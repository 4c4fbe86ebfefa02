"""GraphQL types of reviews: what the public sees of a buyer is a display name, never an email or id."""

import graphene

from backend.graphql.core.connection import CountableConnection
from backend.reviews.models import ReportStatus as ReportStatusModel
from backend.reviews.models import ReviewStatus as ReviewStatusModel

ReviewStatusEnum = graphene.Enum.from_enum(ReviewStatusModel, name="ReviewStatus")
ReviewReportStatusEnum = graphene.Enum.from_enum(ReportStatusModel, name="ReviewReportStatus")


class ProductRating(graphene.ObjectType):
    """A product's visible reviews: mean stars to one decimal (null without reviews) and how many."""

    average = graphene.Float()
    count = graphene.Int(required=True)

    @staticmethod
    def resolve_average(summary, _info):
        return float(summary.average) if summary.average is not None else None


class ReviewReply(graphene.ObjectType):
    """The stall's public answer to a review."""

    text = graphene.String(required=True)
    created = graphene.DateTime(required=True)

    @staticmethod
    def resolve_created(reply, _info):
        return reply.created_at


class Review(graphene.ObjectType):
    id = graphene.ID(required=True)
    rating = graphene.Int(required=True, description="1 to 5 stars.")
    text = graphene.String(required=True, description="Plain text (escape it when rendering).")
    reviewer_name = graphene.String(
        required=True, description="Given name and family initial ('Mai N.'); never the email."
    )
    verified_purchase = graphene.Boolean(
        required=True, description="Written by a buyer of a delivered order of this product."
    )
    product_name = graphene.String(required=True)
    product_slug = graphene.String(required=True)
    status = graphene.Field(ReviewStatusEnum, required=True)
    hidden_reason = graphene.String(description="Why staff hid it; null while it is visible.")
    reply = graphene.Field(ReviewReply)
    created = graphene.DateTime(required=True)

    @staticmethod
    def resolve_id(review, _info):
        return graphene.Node.to_global_id("Review", review.pk)

    @staticmethod
    def resolve_verified_purchase(review, _info):
        return review.is_verified

    @staticmethod
    def resolve_product_name(review, _info):
        return review.product.name

    @staticmethod
    def resolve_product_slug(review, _info):
        return review.product.slug

    @staticmethod
    def resolve_hidden_reason(review, _info):
        return review.hidden_reason if review.status == ReviewStatusModel.HIDDEN else None

    @staticmethod
    def resolve_reply(review, _info):
        return getattr(review, "reply", None)

    @staticmethod
    def resolve_created(review, _info):
        return review.created_at


class ReviewCountableConnection(CountableConnection):
    class Meta:
        node = Review


class ReviewReport(graphene.ObjectType):
    """A stall's request that staff look at a review."""

    id = graphene.ID(required=True)
    reason = graphene.String(required=True)
    status = graphene.Field(ReviewReportStatusEnum, required=True)
    stall_name = graphene.String(required=True)
    review = graphene.Field(Review, required=True)
    created = graphene.DateTime(required=True)

    @staticmethod
    def resolve_id(report, _info):
        return graphene.Node.to_global_id("ReviewReport", report.pk)

    @staticmethod
    def resolve_stall_name(report, _info):
        return report.review.product.stall.name

    @staticmethod
    def resolve_created(report, _info):
        return report.created_at


class ReviewReportCountableConnection(CountableConnection):
    class Meta:
        node = ReviewReport
