"""Payment mutations: paymentRetry (create the card PaymentIntent again after a Stripe outage)."""

import graphene

from backend.core.errors import DomainError
from backend.graphql.core.types import BaseMutation, error_type, errors_field
from backend.graphql.payments.schema import buyer_payment
from backend.graphql.payments.types import Payment
from backend.payments import actions
from backend.payments.error_codes import PaymentErrorCode
from backend.payments.models import OPEN_STATUSES

PaymentError = error_type("PaymentError", PaymentErrorCode)


class PaymentRetry(BaseMutation):
    """Get a usable card payment for an order group whose PaymentIntent could not be created."""

    class Arguments:
        order_group_id = graphene.ID(description="For the signed-in buyer.")
        order_group_token = graphene.UUID(description="For guests: the order group's token.")

    error_type_class = PaymentError
    payment = graphene.Field(Payment)
    errors = errors_field(PaymentError)

    @classmethod
    def perform_mutation(cls, _root, info, order_group_id=None, order_group_token=None):
        payment = buyer_payment(info, order_group_id, order_group_token)
        if payment is None:
            raise cls.not_found("No such order.", "orderGroupId")
        if payment.status not in OPEN_STATUSES:
            raise DomainError(PaymentErrorCode.INVALID_STATUS, "This payment is no longer awaiting money.")
        return cls(payment=actions.payment_prepare(payment=payment))


class PaymentMutations(graphene.ObjectType):
    payment_retry = PaymentRetry.Field()
