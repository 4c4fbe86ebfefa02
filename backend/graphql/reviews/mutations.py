"""Review mutations: a verified buyer reviews, the product's stall replies and reports, staff hide."""

import graphene

from backend.graphql.core.permissions import is_authenticated, is_member, is_staff
from backend.graphql.core.types import BaseMutation, error_type, errors_field
from backend.graphql.reviews.types import Review, ReviewReply, ReviewReport
from backend.reviews import actions, selectors
from backend.reviews.error_codes import ReviewErrorCode

ReviewError = error_type("ReviewError", ReviewErrorCode)


class ReviewMutation(BaseMutation):
    """Every review mutation: errors are `ReviewError`; IDs resolve through the scoped selectors."""

    class Meta:
        abstract = True

    error_type_class = ReviewError

    @classmethod
    def member_review(cls, info, value):
        user = info.context.user
        return cls.get_scoped(
            value, "Review", lambda pk: selectors.review_for_member(user=user, review_id=pk), field="review"
        )

    @classmethod
    def staff_review(cls, info, value):
        user = info.context.user
        return cls.get_scoped(
            value, "Review", lambda pk: selectors.review_for_staff(user=user, review_id=pk), field="review"
        )


class ReviewCreateInput(graphene.InputObjectType):
    product = graphene.ID(required=True)
    rating = graphene.Int(required=True, description="1 to 5 stars.")
    text = graphene.String(description="Plain text, at most 2,000 characters; markup is removed.")


class ReviewCreate(ReviewMutation):
    """Review a product you received (a delivered order line of yours), once per product."""

    class Arguments:
        input = ReviewCreateInput(required=True)

    permission = is_authenticated
    review = graphene.Field(Review)
    errors = errors_field(ReviewError)

    @classmethod
    def perform_mutation(cls, _root, info, input):  # noqa: A002
        user = info.context.user
        product = cls.get_scoped(
            input["product"],
            "Product",
            lambda pk: selectors.product_for_reviewer(user=user, product_id=pk),
            field="product",
        )
        review = actions.review_create(
            user=user, product=product, rating=input["rating"], text=input.get("text") or ""
        )
        return cls(review=review)


class ReviewReplyCreate(ReviewMutation):
    """The product's stall answers a review (once)."""

    class Arguments:
        review = graphene.ID(required=True)
        text = graphene.String(required=True)

    permission = is_member
    reply = graphene.Field(ReviewReply)
    review = graphene.Field(Review)
    errors = errors_field(ReviewError)

    @classmethod
    def perform_mutation(cls, _root, info, review, text):
        found = cls.member_review(info, review)
        reply = actions.review_reply(review=found, user=info.context.user, text=text)
        return cls(reply=reply, review=reply.review)


class ReviewReportCreate(ReviewMutation):
    """The product's stall asks platform staff to look at a review; only staff may hide it."""

    class Arguments:
        review = graphene.ID(required=True)
        reason = graphene.String(required=True)

    permission = is_member
    report = graphene.Field(ReviewReport)
    errors = errors_field(ReviewError)

    @classmethod
    def perform_mutation(cls, _root, info, review, reason):
        found = cls.member_review(info, review)
        return cls(report=actions.review_report(review=found, user=info.context.user, reason=reason))


class ReviewHide(ReviewMutation):
    """Platform staff hide a review from the shop (its open reports are decided with it)."""

    class Arguments:
        review = graphene.ID(required=True)
        reason = graphene.String(required=True)

    permission = is_staff
    review = graphene.Field(Review)
    errors = errors_field(ReviewError)

    @classmethod
    def perform_mutation(cls, _root, info, review, reason):
        found = cls.staff_review(info, review)
        return cls(review=actions.review_hide(review=found, user=info.context.user, reason=reason))


class ReviewUnhide(ReviewMutation):
    """Platform staff show a hidden review again."""

    class Arguments:
        review = graphene.ID(required=True)

    permission = is_staff
    review = graphene.Field(Review)
    errors = errors_field(ReviewError)

    @classmethod
    def perform_mutation(cls, _root, info, review):
        found = cls.staff_review(info, review)
        return cls(review=actions.review_unhide(review=found, user=info.context.user))


class ReviewReportDismiss(ReviewMutation):
    """Platform staff close a stall's report and keep the review visible."""

    class Arguments:
        report = graphene.ID(required=True)

    permission = is_staff
    report = graphene.Field(ReviewReport)
    errors = errors_field(ReviewError)

    @classmethod
    def perform_mutation(cls, _root, info, report):
        user = info.context.user
        found = cls.get_scoped(
            report,
            "ReviewReport",
            lambda pk: selectors.report_for_staff(user=user, report_id=pk),
            field="report",
            what="Review report",
        )
        return cls(report=actions.review_report_dismiss(report=found, user=user))


class ReviewMutations(graphene.ObjectType):
    review_create = ReviewCreate.Field()
    review_reply = ReviewReplyCreate.Field()
    review_report = ReviewReportCreate.Field()
    review_hide = ReviewHide.Field()
    review_unhide = ReviewUnhide.Field()
    review_report_dismiss = ReviewReportDismiss.Field()
