"""GraphQL types for payments: the method-specific instructions a buyer needs, and staff reviews."""

import graphene
from django.conf import settings

from backend.graphql.core.connection import CountableConnection
from backend.graphql.core.money import money_field
from backend.payments.gateways.vietqr import payload_for
from backend.payments.models import PaymentMethod, PaymentStatus, ReviewReason, ReviewStatus
from backend.payments.vietqr import qr_png_data_uri, qr_svg


def _enum(name: str, choices) -> type[graphene.Enum]:
    return graphene.Enum(name, [(value.upper(), value) for value in choices.values])


PaymentMethodEnum = _enum("PaymentMethodEnum", PaymentMethod)
PaymentStatusEnum = _enum("PaymentStatusEnum", PaymentStatus)
TransferReviewReasonEnum = _enum("TransferReviewReasonEnum", ReviewReason)
TransferReviewStatusEnum = _enum("TransferReviewStatusEnum", ReviewStatus)


class VietQRTransfer(graphene.ObjectType):
    """What the buyer's banking app needs: scan the QR, or type the account, amount and reference."""

    payload = graphene.String(required=True, description="The EMVCo payload encoded in the QR code.")
    qr_svg = graphene.String(required=True, description="The QR code as inline SVG markup.")
    qr_image_url = graphene.String(required=True, description="The QR code as a PNG data: URI.")
    reference = graphene.String(required=True, description="Must appear in the transfer description.")
    bank_bin = graphene.String(required=True)
    account_number = graphene.String(required=True)
    account_name = graphene.String(required=True)
    amount = money_field("amount", required=True)
    expires_at = graphene.DateTime(required=True, description="Unpaid orders are cancelled after this.")

    @staticmethod
    def resolve_payload(payment, _info):
        return payload_for(payment)

    @staticmethod
    def resolve_qr_svg(payment, _info):
        return qr_svg(payload_for(payment))

    @staticmethod
    def resolve_qr_image_url(payment, _info):
        return qr_png_data_uri(payload_for(payment))

    @staticmethod
    def resolve_bank_bin(_payment, _info):
        return settings.VIETQR_BANK_BIN

    @staticmethod
    def resolve_account_number(_payment, _info):
        return settings.VIETQR_ACCOUNT_NUMBER

    @staticmethod
    def resolve_account_name(_payment, _info):
        return settings.VIETQR_ACCOUNT_NAME


class StripePayment(graphene.ObjectType):
    """Confirm the PaymentIntent in the browser with Stripe.js; null ids mean call paymentRetry."""

    client_secret = graphene.String()
    payment_intent_id = graphene.String()
    publishable_key = graphene.String(required=True)

    @staticmethod
    def resolve_client_secret(payment, _info):
        return payment.client_secret or None

    @staticmethod
    def resolve_payment_intent_id(payment, _info):
        return payment.provider_id or None

    @staticmethod
    def resolve_publishable_key(_payment, _info):
        return settings.STRIPE_PUBLISHABLE_KEY


class Payment(graphene.ObjectType):
    """The one payment of an order group."""

    id = graphene.ID(required=True)
    method = graphene.Field(PaymentMethodEnum, required=True)
    status = graphene.Field(PaymentStatusEnum, required=True)
    amount = money_field("amount", required=True)
    captured_amount = money_field("captured_amount", required=True)
    refunded_amount = money_field("refunded_amount", required=True)
    paid_at = graphene.DateTime()
    vietqr = graphene.Field(
        VietQRTransfer, description="Set for bank-transfer payments still awaiting money."
    )
    stripe = graphene.Field(StripePayment, description="Set for card payments.")

    @staticmethod
    def resolve_id(payment, _info):
        return graphene.Node.to_global_id("Payment", payment.pk)

    @staticmethod
    def resolve_vietqr(payment, _info):
        # A QR for a settled or expired payment would invite a transfer nobody can match.
        if payment.method != PaymentMethod.VIETQR or payment.status != PaymentStatus.PENDING:
            return None
        return payment

    @staticmethod
    def resolve_stripe(payment, _info):
        return payment if payment.method == PaymentMethod.STRIPE else None


class TransferReview(graphene.ObjectType):
    """Money that arrived but could not be matched to a payment automatically."""

    id = graphene.ID(required=True)
    reason = graphene.Field(TransferReviewReasonEnum, required=True)
    status = graphene.Field(TransferReviewStatusEnum, required=True)
    amount = money_field("amount", required=True)
    description = graphene.String(
        required=True, description="The transfer's description as the bank sent it."
    )
    provider = graphene.String(required=True)
    provider_event_id = graphene.String(required=True)
    order_group_number = graphene.String()
    payment = graphene.Field(Payment)
    resolution_note = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)
    resolved_at = graphene.DateTime()

    @staticmethod
    def resolve_id(review, _info):
        return graphene.Node.to_global_id("TransferReview", review.pk)

    @staticmethod
    def resolve_provider(review, _info):
        return review.event.provider

    @staticmethod
    def resolve_provider_event_id(review, _info):
        return review.event.event_id

    @staticmethod
    def resolve_order_group_number(review, _info):
        return review.payment.group.number if review.payment else None


class TransferReviewCountableConnection(CountableConnection):
    class Meta:
        node = TransferReview
