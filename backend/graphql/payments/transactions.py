"""Saleor's transaction API types (TransactionItem, TransactionEvent, PaymentGateway, the JSON and
PositiveDecimal scalars) mapped onto our payments: one payment per checkout or order group."""

from decimal import Decimal, InvalidOperation

import graphene
from django.conf import settings
from graphene.types.generic import GenericScalar
from graphql import GraphQLError
from graphql.language import ast

from backend.graphql.core.money import money
from backend.payments import selectors
from backend.payments.gateways.vietqr import payload_for
from backend.payments.models import PaymentEventType, PaymentMethod, PaymentStatus

# Saleor names a payment app by a reverse-domain id; ours are the three gateways.
GATEWAY_IDS = {
    "nongsan.cod": PaymentMethod.COD,
    "nongsan.vietqr": PaymentMethod.VIETQR,
    "nongsan.stripe": PaymentMethod.STRIPE,
}
GATEWAY_ID_FOR_METHOD = {method: gateway_id for gateway_id, method in GATEWAY_IDS.items()}


class JSON(GenericScalar):
    """Any JSON value (Saleor's `JSON`): gateway-specific data in and out."""


class PositiveDecimal(graphene.Scalar):
    """A decimal above zero, sent as a number or a string (Saleor's `PositiveDecimal`)."""

    @staticmethod
    def serialize(value):
        return float(value)

    @staticmethod
    def _parse(value):
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError):
            raise GraphQLError(f"Not a decimal: {value!r}.") from None
        if not number.is_finite() or number <= 0:
            raise GraphQLError(f"Must be above zero: {value!r}.")
        return number

    @classmethod
    def parse_value(cls, value):
        return cls._parse(value)

    @classmethod
    def parse_literal(cls, node, _variables=None):
        if isinstance(node, ast.IntValueNode | ast.FloatValueNode | ast.StringValueNode):
            return cls._parse(node.value)
        raise GraphQLError("PositiveDecimal must be a number.")


class TransactionEventTypeEnum(graphene.Enum):
    AUTHORIZATION_SUCCESS = "authorization_success"
    AUTHORIZATION_FAILURE = "authorization_failure"
    AUTHORIZATION_ADJUSTMENT = "authorization_adjustment"
    AUTHORIZATION_REQUEST = "authorization_request"
    AUTHORIZATION_ACTION_REQUIRED = "authorization_action_required"
    CHARGE_ACTION_REQUIRED = PaymentEventType.CHARGE_ACTION_REQUIRED.value
    CHARGE_SUCCESS = PaymentEventType.CHARGE_SUCCESS.value
    CHARGE_FAILURE = PaymentEventType.CHARGE_FAILURE.value
    CHARGE_BACK = "charge_back"
    CHARGE_REQUEST = PaymentEventType.CHARGE_REQUEST.value
    REFUND_SUCCESS = PaymentEventType.REFUND_SUCCESS.value
    REFUND_FAILURE = "refund_failure"
    REFUND_REVERSE = "refund_reverse"
    REFUND_REQUEST = PaymentEventType.REFUND_REQUEST.value
    CANCEL_SUCCESS = "cancel_success"
    CANCEL_FAILURE = "cancel_failure"
    CANCEL_REQUEST = "cancel_request"
    INFO = PaymentEventType.INFO.value


class TransactionActionEnum(graphene.Enum):
    CHARGE = "charge"
    REFUND = "refund"
    CANCEL = "cancel"


class TransactionFlowStrategyEnum(graphene.Enum):
    AUTHORIZATION = "authorization"
    CHARGE = "charge"


class CheckoutChargeStatusEnum(graphene.Enum):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"
    OVERCHARGED = "overcharged"


class CheckoutAuthorizeStatusEnum(graphene.Enum):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"


def _zero(payment):
    return money(0, payment.currency)


def _charged(payment) -> Decimal:
    return payment.captured_amount - payment.refunded_amount


class TransactionEvent(graphene.ObjectType):
    """One step of a payment's history."""

    id = graphene.ID(required=True)
    created_at = graphene.DateTime(required=True)
    psp_reference = graphene.String(required=True)
    message = graphene.String(required=True)
    external_url = graphene.String(required=True)
    amount = graphene.Field("backend.graphql.core.money.Money", required=True)
    type = graphene.Field(TransactionEventTypeEnum)

    @staticmethod
    def resolve_id(event, _info):
        return graphene.Node.to_global_id("TransactionEvent", event.pk)

    @staticmethod
    def resolve_external_url(_event, _info):
        return ""

    @staticmethod
    def resolve_type(event, _info):
        # A fresh row holds the TextChoices member, a loaded one its string: the enum wants the string.
        return PaymentEventType(event.type).value

    @staticmethod
    def resolve_amount(event, _info):
        return money(event.amount, event.payment.currency)


class TransactionItem(graphene.ObjectType):
    """A payment in Saleor's shape: charged, pending and refunded amounts and its events. Its id
    carries the payment's random token; whoever holds it may process the payment."""

    id = graphene.ID(required=True)
    token = graphene.UUID(required=True)
    name = graphene.String(
        required=True, description="The gateway: nongsan.cod, nongsan.vietqr, nongsan.stripe."
    )
    message = graphene.String(required=True)
    psp_reference = graphene.String(required=True, description="Stripe's intent, or the transfer reference.")
    created_at = graphene.DateTime(required=True)
    modified_at = graphene.DateTime(required=True)
    actions = graphene.List(graphene.NonNull(TransactionActionEnum), required=True)
    authorized_amount = graphene.Field("backend.graphql.core.money.Money", required=True)
    authorize_pending_amount = graphene.Field("backend.graphql.core.money.Money", required=True)
    charged_amount = graphene.Field("backend.graphql.core.money.Money", required=True)
    charge_pending_amount = graphene.Field("backend.graphql.core.money.Money", required=True)
    refunded_amount = graphene.Field("backend.graphql.core.money.Money", required=True)
    refund_pending_amount = graphene.Field("backend.graphql.core.money.Money", required=True)
    canceled_amount = graphene.Field("backend.graphql.core.money.Money", required=True)
    cancel_pending_amount = graphene.Field("backend.graphql.core.money.Money", required=True)
    events = graphene.List(graphene.NonNull(TransactionEvent), required=True)

    @staticmethod
    def resolve_id(payment, _info):
        return graphene.Node.to_global_id("TransactionItem", str(payment.token))

    @staticmethod
    def resolve_name(payment, _info):
        return GATEWAY_ID_FOR_METHOD[payment.method]

    @staticmethod
    def resolve_message(payment, _info):
        return payment.failure_message

    @staticmethod
    def resolve_psp_reference(payment, _info):
        return payment.provider_id or payment.reference or ""

    @staticmethod
    def resolve_modified_at(payment, _info):
        return payment.updated_at

    @staticmethod
    def resolve_actions(payment, _info):
        # Only a card is refunded through its gateway; transfers and cash go back by hand.
        return ["refund"] if payment.method == PaymentMethod.STRIPE and _charged(payment) > 0 else []

    @staticmethod
    def resolve_charged_amount(payment, _info):
        return money(_charged(payment), payment.currency)

    @staticmethod
    def resolve_refunded_amount(payment, _info):
        return money(payment.refunded_amount, payment.currency)

    @staticmethod
    def resolve_events(payment, _info):
        return list(payment.events.all())

    resolve_authorized_amount = staticmethod(lambda payment, _info: _zero(payment))
    resolve_authorize_pending_amount = staticmethod(lambda payment, _info: _zero(payment))
    resolve_charge_pending_amount = staticmethod(lambda payment, _info: _zero(payment))
    resolve_refund_pending_amount = staticmethod(lambda payment, _info: _zero(payment))
    resolve_canceled_amount = staticmethod(lambda payment, _info: _zero(payment))
    resolve_cancel_pending_amount = staticmethod(lambda payment, _info: _zero(payment))


def transaction_data(payment) -> dict:
    """What the buyer's client needs next, by gateway (the `data` of transactionInitialize/Process)."""
    amount = {"amount": float(payment.amount), "currency": payment.currency}
    if payment.method == PaymentMethod.STRIPE:
        return {
            **amount,
            "paymentIntentId": payment.provider_id or None,
            "clientSecret": payment.client_secret or None,
            "publishableKey": settings.STRIPE_PUBLISHABLE_KEY,
        }
    if payment.method == PaymentMethod.VIETQR:
        if payment.group_id is None or payment.status != PaymentStatus.PENDING or not payment.reference:
            # The QR belongs to the placed group (its stock held for it): complete the checkout first.
            return {**amount, "qrCodePayload": None, "afterCheckoutComplete": payment.group_id is None}
        return {
            **amount,
            "qrCodePayload": payload_for(payment),
            "reference": payment.reference,
            "bankBin": settings.VIETQR_BANK_BIN,
            "accountNumber": settings.VIETQR_ACCOUNT_NUMBER,
            "accountName": settings.VIETQR_ACCOUNT_NAME,
            "expiresAt": payment.expires_at.isoformat() if payment.expires_at else None,
        }
    return {**amount, "payOnDelivery": True}


class GatewayConfigLine(graphene.ObjectType):
    field = graphene.String(required=True)
    value = graphene.String()


class PaymentGateway(graphene.ObjectType):
    """A way to pay a checkout (Saleor's `availablePaymentGateways` entries)."""

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    currencies = graphene.List(graphene.NonNull(graphene.String), required=True)
    config = graphene.List(graphene.NonNull(GatewayConfigLine), required=True)


_GATEWAY_NAMES = {
    PaymentMethod.COD: "Cash on delivery",
    PaymentMethod.VIETQR: "VietQR bank transfer",
    PaymentMethod.STRIPE: "Card (Stripe)",
}


def gateway_config(method: str) -> dict:
    """The public settings a client needs to offer the gateway (never a secret)."""
    if method == PaymentMethod.STRIPE:
        return {"publishableKey": settings.STRIPE_PUBLISHABLE_KEY}
    if method == PaymentMethod.VIETQR:
        return {"bankBin": settings.VIETQR_BANK_BIN, "accountName": settings.VIETQR_ACCOUNT_NAME}
    return {}


def payment_gateways_for(*, currency: str) -> list[PaymentGateway]:
    """The gateways a checkout in `currency` may use, for `Checkout.availablePaymentGateways`."""
    return [
        PaymentGateway(
            id=GATEWAY_ID_FOR_METHOD[method],
            name=_GATEWAY_NAMES[method],
            currencies=[currency],
            config=[GatewayConfigLine(field=k, value=v) for k, v in gateway_config(method).items()],
        )
        for method in selectors.payment_methods_for_currency(currency=currency)
    ]


def checkout_charge_status(*, checkout, total: Decimal) -> str:
    """Saleor's `Checkout.chargeStatus`: how much of `total` the checkout's payment has charged."""
    payment = selectors.payment_for_checkout(checkout_token=checkout.token)
    charged = _charged(payment) if payment is not None else Decimal(0)
    if charged <= 0:
        return CheckoutChargeStatusEnum.NONE.value
    if charged < total:
        return CheckoutChargeStatusEnum.PARTIAL.value
    return (
        CheckoutChargeStatusEnum.FULL.value
        if charged == total
        else CheckoutChargeStatusEnum.OVERCHARGED.value
    )


def checkout_authorize_status(*, checkout, total: Decimal) -> str:
    """Saleor's `Checkout.authorizeStatus`: we charge at once, so charged money counts as authorised."""
    charge = checkout_charge_status(checkout=checkout, total=total)
    return CheckoutAuthorizeStatusEnum.FULL.value if charge in ("full", "overcharged") else charge
