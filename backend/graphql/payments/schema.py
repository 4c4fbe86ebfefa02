"""Payment queries: `payment` for the buyer of an order group, `paymentReviews` for platform staff."""

import graphene

from backend.graphql.core.connection import connection_args, connection_page, decode_id
from backend.graphql.core.permissions import is_staff
from backend.graphql.core.types import PermissionDenied
from backend.graphql.payments.types import (
    Payment,
    TransferReviewCountableConnection,
    TransferReviewStatusEnum,
)
from backend.payments import selectors


def buyer_payment(info, order_group_id=None, order_group_token=None):
    group_id = decode_id(order_group_id, "OrderGroup") if order_group_id else None
    return selectors.payment_for_buyer(
        user=info.context.user, group_id=group_id, group_token=order_group_token
    )


class PaymentQueries(graphene.ObjectType):
    payment = graphene.Field(
        Payment,
        order_group_id=graphene.ID(description="For the signed-in buyer."),
        order_group_token=graphene.UUID(description="For guests: the order group's token."),
        description="The payment of an order group you placed: QR code, Stripe client secret, status.",
    )
    payment_reviews = graphene.Field(
        TransferReviewCountableConnection,
        status=TransferReviewStatusEnum(),
        description="Transfers that did not match a payment (platform staff only).",
        **connection_args(),
    )

    @staticmethod
    def resolve_payment(_root, info, order_group_id=None, order_group_token=None):
        return buyer_payment(info, order_group_id, order_group_token)

    @staticmethod
    def resolve_payment_reviews(_root, info, status=None, **page):
        if not is_staff(info.context.user):
            raise PermissionDenied()
        status = getattr(status, "value", status)
        reviews = selectors.transfer_reviews_for_staff(user=info.context.user, status=status)
        return connection_page(reviews, TransferReviewCountableConnection, **page)
