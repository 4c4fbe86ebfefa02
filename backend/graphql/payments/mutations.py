"""Payment mutations: paymentRetry (create the card PaymentIntent again after a Stripe outage) and
Saleor's transaction API (paymentGatewayInitialize, transactionInitialize, transactionProcess)."""

from enum import Enum

import graphene
from graphql_relay import from_global_id

from backend.checkout import selectors as checkout_selectors
from backend.core.errors import DomainError
from backend.core.money import quantize
from backend.graphql.core.types import BaseMutation, error_type, errors_field, require_list_bound
from backend.graphql.payments.schema import buyer_payment
from backend.graphql.payments.transactions import (
    GATEWAY_ID_FOR_METHOD,
    GATEWAY_IDS,
    JSON,
    PositiveDecimal,
    TransactionEvent,
    TransactionFlowStrategyEnum,
    TransactionItem,
    gateway_config,
    transaction_data,
)
from backend.graphql.payments.types import Payment
from backend.payments import actions, selectors
from backend.payments.error_codes import PaymentErrorCode
from backend.payments.models import OPEN_STATUSES, PaymentMethod

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


class PaymentRetryMutations(graphene.ObjectType):
    payment_retry = PaymentRetry.Field()


# --- Saleor's transaction API ----------------------------------------------------------------------


class PaymentGatewayInitializeErrorCode(Enum):
    GRAPHQL_ERROR = "graphql_error"
    INVALID = "invalid"
    NOT_FOUND = "not_found"


class PaymentGatewayConfigErrorCode(Enum):
    GRAPHQL_ERROR = "graphql_error"
    INVALID = "invalid"
    NOT_FOUND = "not_found"


class TransactionInitializeErrorCode(Enum):
    GRAPHQL_ERROR = "graphql_error"
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    UNIQUE = "unique"


class TransactionProcessErrorCode(Enum):
    GRAPHQL_ERROR = "graphql_error"
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    TRANSACTION_ALREADY_PROCESSED = "transaction_already_processed"
    MISSING_PAYMENT_APP_RELATION = "missing_payment_app_relation"
    MISSING_PAYMENT_APP = "missing_payment_app"


PaymentGatewayInitializeError = error_type("PaymentGatewayInitializeError", PaymentGatewayInitializeErrorCode)
PaymentGatewayConfigError = error_type("PaymentGatewayConfigError", PaymentGatewayConfigErrorCode)
TransactionInitializeError = error_type("TransactionInitializeError", TransactionInitializeErrorCode)
TransactionProcessError = error_type("TransactionProcessError", TransactionProcessErrorCode)


class PaymentGatewayToInitialize(graphene.InputObjectType):
    id = graphene.String(required=True, description="nongsan.cod, nongsan.vietqr or nongsan.stripe.")
    data = JSON(description="Gateway-specific input; none of ours needs any.")


class PaymentGatewayConfig(graphene.ObjectType):
    id = graphene.String(required=True)
    data = JSON()
    errors = graphene.List(graphene.NonNull(PaymentGatewayConfigError))


def _global_raw(value: str, type_name: str) -> str:
    """The raw part of a global ID of `type_name`, or the value itself (checkouts are also known by
    their bare token)."""
    try:
        found_type, raw = from_global_id(str(value))
    except Exception:  # not a global ID at all: the bare token
        return str(value)
    return raw if found_type == type_name else str(value)


class SaleorPaymentMutation(BaseMutation):
    """Saleor's error codes: our NOT_FOUND stays NOT_FOUND, every other refusal is INVALID, with
    our message (and field) saying which."""

    class Meta:
        abstract = True

    @classmethod
    def _to_error(cls, exc: DomainError):
        codes = cls.error_type_class.codes
        code = codes.NOT_FOUND if getattr(exc.code, "name", "") == "NOT_FOUND" else codes.INVALID
        return cls.error_type_class(field=exc.field, message=exc.message, code=code)

    @classmethod
    def held_checkout(cls, info, value: str):
        checkout = checkout_selectors.checkout_for_token(
            token=_global_raw(value, "Checkout"), user=info.context.user
        )
        if checkout is None:
            raise cls.not_found("No checkout with this ID.")
        return checkout

    @staticmethod
    def method_for(gateway_id: str, currency: str) -> str:
        method = GATEWAY_IDS.get(gateway_id)
        if method is None:
            raise DomainError(
                PaymentErrorCode.NOT_FOUND, f"No payment gateway {gateway_id!r}.", "paymentGateway"
            )
        if method not in selectors.payment_methods_for_currency(currency=currency):
            raise DomainError(
                PaymentErrorCode.UNSUPPORTED_CURRENCY,
                f"{gateway_id} is not available in {currency}.",
                "paymentGateway",
            )
        return method


class PaymentGatewayInitialize(SaleorPaymentMutation):
    """The gateways a checkout may pay with and the public settings each needs (Stripe's key…)."""

    class Arguments:
        id = graphene.ID(required=True, description="The checkout's ID.")
        amount = PositiveDecimal()
        payment_gateways = graphene.List(graphene.NonNull(PaymentGatewayToInitialize))

    error_type_class = PaymentGatewayInitializeError
    gateway_configs = graphene.List(graphene.NonNull(PaymentGatewayConfig))
    errors = errors_field(PaymentGatewayInitializeError)

    @classmethod
    def perform_mutation(cls, _root, info, id, amount=None, payment_gateways=None):
        require_list_bound(payment_gateways, "paymentGateways")
        checkout = cls.held_checkout(info, id)
        currency = checkout.channel.currency_code
        wanted = (
            [g.id for g in payment_gateways]
            if payment_gateways
            else [GATEWAY_ID_FOR_METHOD[m] for m in selectors.payment_methods_for_currency(currency=currency)]
        )
        configs = []
        for gateway_id in wanted:
            try:
                method = cls.method_for(gateway_id, currency)
            except DomainError as exc:
                code = PaymentGatewayConfigErrorCode[
                    "NOT_FOUND" if exc.code is PaymentErrorCode.NOT_FOUND else "INVALID"
                ]
                error = PaymentGatewayConfigError(field=exc.field, message=exc.message, code=code)
                configs.append(PaymentGatewayConfig(id=gateway_id, data=None, errors=[error]))
                continue
            configs.append(PaymentGatewayConfig(id=gateway_id, data=gateway_config(method), errors=[]))
        return cls(gateway_configs=configs)


class TransactionInitialize(SaleorPaymentMutation):
    """Begin paying a checkout before completing it. Card: the PaymentIntent's client secret is in
    `data` (confirm it with Stripe.js; the signed webhook records the money, before or after
    checkoutComplete). Cash and VietQR: the choice is recorded and the payment starts at
    checkoutComplete (the QR comes from transactionProcess once the order is placed)."""

    class Arguments:
        id = graphene.ID(required=True, description="The checkout's ID.")
        payment_gateway = PaymentGatewayToInitialize(required=True)
        amount = PositiveDecimal(description="The checkout's total when omitted; nothing else is accepted.")
        action = TransactionFlowStrategyEnum(description="Ours always charge at once.")
        idempotency_key = graphene.String(
            description="Repeats are safe without it: one payment per checkout."
        )
        customer_ip_address = graphene.String()

    error_type_class = TransactionInitializeError
    transaction = graphene.Field(TransactionItem)
    transaction_event = graphene.Field(TransactionEvent)
    data = JSON()
    errors = errors_field(TransactionInitializeError)

    @classmethod
    def perform_mutation(cls, _root, info, id, payment_gateway, amount=None, **_ignored):
        checkout = cls.held_checkout(info, id)
        summary = checkout_selectors.checkout_summary(checkout=checkout)
        if not summary.groups:
            raise DomainError(PaymentErrorCode.INVALID, "The checkout has no items.", "id")
        total = quantize(summary.total, summary.currency)
        if amount is not None and quantize(amount, summary.currency) != total:
            raise DomainError(
                PaymentErrorCode.INVALID_AMOUNT,
                f"Pay the checkout's whole total, {total} {summary.currency}.",
                "amount",
            )
        method = cls.method_for(payment_gateway.id, summary.currency)
        payment, event = actions.payment_checkout_initialize(
            checkout_token=checkout.token, method=method, amount=total, currency=summary.currency
        )
        return cls(transaction=payment, transaction_event=event, data=transaction_data(payment))


class TransactionProcess(SaleorPaymentMutation):
    """The next step of a payment: the VietQR code once its checkout is complete, the card's client
    secret again (a new PaymentIntent after a Stripe outage), or the payment's state."""

    class Arguments:
        id = graphene.ID(required=True, description="The transaction's ID.")
        data = JSON()
        customer_ip_address = graphene.String()

    error_type_class = TransactionProcessError
    transaction = graphene.Field(TransactionItem)
    transaction_event = graphene.Field(TransactionEvent)
    data = JSON()
    errors = errors_field(TransactionProcessError)

    @classmethod
    def perform_mutation(cls, _root, info, id, **_ignored):
        payment = selectors.payment_for_transaction(token=_global_raw(id, "TransactionItem"))
        if payment is None:
            raise cls.not_found("No transaction with this ID.")
        if (
            payment.method == PaymentMethod.STRIPE
            and payment.status in OPEN_STATUSES
            and not payment.provider_id
        ):
            payment = actions.payment_prepare(payment=payment)
        event = payment.events.order_by("-created_at", "-pk").first()
        return cls(transaction=payment, transaction_event=event, data=transaction_data(payment))


class TransactionMutations(graphene.ObjectType):
    payment_gateway_initialize = PaymentGatewayInitialize.Field()
    transaction_initialize = TransactionInitialize.Field()
    transaction_process = TransactionProcess.Field()


class PaymentMutations(PaymentRetryMutations, TransactionMutations):
    pass
