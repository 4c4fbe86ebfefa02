"""Saleor's transaction API on our gateways: paymentGatewayInitialize, transactionInitialize and
transactionProcess for cash, VietQR and card (the Stripe fake with signed webhooks), paying before
or after checkoutComplete, duplicates, and a paid checkout whose stock ran out."""

import graphene
import pytest
from django.contrib.auth.models import AnonymousUser
from graphql import parse, validate

from backend.checkout.complete import checkout_complete
from backend.checkout.error_codes import CheckoutErrorCode
from backend.checkout.models import Checkout
from backend.core.errors import DomainError
from backend.graphql.schema import schema
from backend.orders.models import OrderStatus
from backend.payments.models import Payment, PaymentStatus, RefundStatus, ReviewReason, TransferReview
from tests.backend.checkout.builders import make_shipping, make_variant, ready_checkout
from tests.backend.payments.conftest import bank_body, post_bank, post_stripe, stripe_event
from tests.factories import make_stall, make_user
from tests.graphql_client import gql

pytestmark = pytest.mark.django_db

# Our own documents in the shapes Saleor's storefront sends.
GATEWAYS = """
mutation paymentGatewaysInitialize($checkoutId: ID!, $paymentGateways: [PaymentGatewayToInitialize!]) {
  paymentGatewayInitialize(id: $checkoutId, paymentGateways: $paymentGateways) {
    errors { field message code }
    gatewayConfigs { id data errors { field message code } }
  }
}"""

INITIALIZE = """
mutation transactionInitialize(
  $checkoutId: ID!, $action: TransactionFlowStrategyEnum, $paymentGateway: PaymentGatewayToInitialize!,
  $amount: PositiveDecimal
) {
  transactionInitialize(id: $checkoutId, action: $action, paymentGateway: $paymentGateway, amount: $amount) {
    transaction {
      id actions name pspReference
      chargedAmount { amount currency } refundedAmount { amount }
      events { type pspReference amount { amount } }
    }
    transactionEvent { message type pspReference }
    data
    errors { field code message }
  }
}"""

PROCESS = """
mutation transactionProcess($id: ID!, $data: JSON) {
  transactionProcess(id: $id, data: $data) {
    transaction { id actions chargedAmount { amount } refundedAmount { amount } }
    transactionEvent { message type pspReference }
    data
    errors { field code message }
  }
}"""


@pytest.fixture
def lines():
    coops = make_stall(make_user()), make_stall(make_user())
    for coop in coops:
        make_shipping(coop, price=30_000)
    return [
        (make_variant(coops[0], price=45_000, stock=5), 2),
        (make_variant(coops[1], price=120_000, stock=5), 1),
    ]


TOTAL = 2 * 45_000 + 120_000 + 2 * 30_000


def _initialize(client, checkout, gateway, **variables):
    body = gql(
        client,
        INITIALIZE,
        {"checkoutId": str(checkout.token), "paymentGateway": {"id": gateway}, **variables},
    )
    assert "errors" not in body, body
    return body["data"]["transactionInitialize"]


def _process(client, transaction_id):
    body = gql(client, PROCESS, {"id": transaction_id})
    assert "errors" not in body, body
    return body["data"]["transactionProcess"]


def _succeeded(client, payment, event_id="evt_pi_ok"):
    payment.refresh_from_db()
    obj = {
        "id": payment.provider_id,
        "object": "payment_intent",
        "amount": int(payment.amount),
        "amount_received": int(payment.amount),
        "currency": payment.currency.lower(),
        "metadata": {"payment_id": str(payment.pk)},
    }
    return post_stripe(client, stripe_event(event_id, "payment_intent.succeeded", obj))


def _complete(checkout, method=None):
    return checkout_complete(checkout=checkout, payment_method=method, user=AnonymousUser())


def _statuses(group):
    return list(group.orders.order_by("number").values_list("status", flat=True))


def test_the_storefront_payment_operations_validate_against_the_schema():
    for document in (GATEWAYS, INITIALIZE, PROCESS):
        assert validate(schema.graphql_schema, parse(document)) == []


def test_gateways_are_listed_with_public_settings_only(client, lines, settings):
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_nongsan"
    checkout = ready_checkout(lines)
    result = gql(client, GATEWAYS, {"checkoutId": str(checkout.token)})["data"]["paymentGatewayInitialize"]
    configs = {c["id"]: c for c in result["gatewayConfigs"]}
    assert set(configs) == {"nongsan.cod", "nongsan.vietqr", "nongsan.stripe"}
    assert configs["nongsan.stripe"]["data"] == {"publishableKey": "pk_test_nongsan"}
    assert "sk_" not in str(result)
    unknown = gql(
        client, GATEWAYS, {"checkoutId": str(checkout.token), "paymentGateways": [{"id": "mirumee.adyen"}]}
    )["data"]["paymentGatewayInitialize"]["gatewayConfigs"]
    assert unknown[0]["errors"][0]["code"] == "NOT_FOUND" and unknown[0]["data"] is None


def test_a_card_paid_before_completion_completes_into_a_confirmed_group(client, lines, fake_stripe):
    checkout = ready_checkout(lines)
    result = _initialize(client, checkout, "nongsan.stripe")
    assert result["errors"] == []
    (created,) = fake_stripe.state.calls("POST", "/v1/payment_intents")
    assert created.params["amount"] == str(TOTAL)
    assert (
        result["data"]["clientSecret"]
        == fake_stripe.state.intents[result["transaction"]["pspReference"]]["client_secret"]
    )
    assert result["transactionEvent"]["type"] == "CHARGE_ACTION_REQUIRED"
    payment = Payment.objects.get(checkout_token=checkout.token)
    assert payment.group is None

    assert _succeeded(client, payment).json()["outcome"] == "paid"
    processed = _process(client, result["transaction"]["id"])
    assert processed["transaction"]["chargedAmount"] == {"amount": float(TOTAL)}
    assert processed["transactionEvent"]["type"] == "CHARGE_SUCCESS"

    group = _complete(checkout)
    assert group.payment_method == "stripe"
    assert _statuses(group) == [OrderStatus.CONFIRMED] * 2
    payment.refresh_from_db()
    assert (payment.group_id, payment.status) == (group.pk, PaymentStatus.PAID)


def test_a_card_whose_webhook_comes_after_completion_confirms_the_group_then(client, lines, fake_stripe):
    checkout = ready_checkout(lines)
    _initialize(client, checkout, "nongsan.stripe")
    payment = Payment.objects.get(checkout_token=checkout.token)
    group = _complete(checkout)
    assert _statuses(group) == [OrderStatus.UNCONFIRMED] * 2
    # The intent made for the checkout is kept: its amount is the group's total.
    assert len(fake_stripe.state.calls("POST", "/v1/payment_intents")) == 1
    assert _succeeded(client, payment).json()["outcome"] == "paid"
    assert _succeeded(client, payment).json()["duplicate"] is True
    assert _statuses(group) == [OrderStatus.CONFIRMED] * 2
    assert group.orders.first().events.filter(type="paid").count() == 1


def test_initializing_twice_gives_one_transaction_and_one_intent(client, lines, fake_stripe):
    checkout = ready_checkout(lines)
    first = _initialize(client, checkout, "nongsan.stripe")
    again = _initialize(client, checkout, "nongsan.stripe", amount=TOTAL)
    assert first["transaction"]["id"] == again["transaction"]["id"]
    assert again["data"]["clientSecret"] == first["data"]["clientSecret"]
    assert len(fake_stripe.state.calls("POST", "/v1/payment_intents")) == 1
    assert Payment.objects.filter(checkout_token=checkout.token).count() == 1


def test_a_partial_amount_is_refused(client, lines):
    checkout = ready_checkout(lines)
    result = _initialize(client, checkout, "nongsan.cod", amount=1000)
    assert result["transaction"] is None
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("amount", "INVALID")]
    assert not Payment.objects.exists()


def test_a_paid_checkout_whose_stock_ran_out_is_refused_and_refunded(client, fake_stripe):
    coop = make_stall(make_user())
    make_shipping(coop, price=30_000)
    variant = make_variant(coop, price=100_000, stock=1)
    first, second = ready_checkout([(variant, 1)]), ready_checkout([(variant, 1)])
    for index, checkout in enumerate((first, second)):
        _initialize(client, checkout, "nongsan.stripe")
        _succeeded(client, Payment.objects.get(checkout_token=checkout.token), event_id=f"evt_{index}")
    late = Payment.objects.get(checkout_token=second.token)

    assert _statuses(_complete(first)) == [OrderStatus.CONFIRMED]
    with pytest.raises(DomainError) as refused:
        _complete(second)
    assert refused.value.code is CheckoutErrorCode.INSUFFICIENT_STOCK
    assert "refunded" in refused.value.message

    (refund_call,) = fake_stripe.state.calls("POST", "/v1/refunds")
    assert refund_call.params == {"payment_intent": late.provider_id, "amount": "130000"}
    assert refund_call.headers["Idempotency-Key"] == f"nongsan-payment-{late.pk}-unplaced"
    late.refresh_from_db()
    assert (late.status, late.refunded_amount, late.checkout_token) == (PaymentStatus.REFUNDED, 130000, None)
    assert late.refunds.get().status == RefundStatus.SUCCEEDED
    assert variant.stocks.get().quantity_allocated == 1
    # The checkout stays, free for a new payment once the buyer changes it.
    assert Checkout.objects.filter(pk=second.pk).exists()
    assert _initialize(client, second, "nongsan.cod")["errors"] == []


def test_a_checkout_changed_after_paying_is_refused_and_refunded(client, lines, fake_stripe):
    checkout = ready_checkout(lines)
    _initialize(client, checkout, "nongsan.stripe")
    payment = Payment.objects.get(checkout_token=checkout.token)
    _succeeded(client, payment)
    checkout.lines.filter(variant=lines[0][0]).update(quantity=3)
    with pytest.raises(DomainError) as refused:
        _complete(checkout)
    assert refused.value.code is CheckoutErrorCode.CHECKOUT_NOT_FULLY_PAID
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED and payment.group is None


def test_vietqr_starts_at_completion_and_its_qr_comes_from_transaction_process(client, lines):
    checkout = ready_checkout(lines)
    result = _initialize(client, checkout, "nongsan.vietqr")
    assert result["data"]["qrCodePayload"] is None and result["data"]["afterCheckoutComplete"] is True
    assert result["transactionEvent"]["type"] == "INFO"
    group = _complete(checkout)
    payment = group.payment
    assert payment.reference and payment.expires_at is not None

    processed = _process(client, result["transaction"]["id"])
    data = processed["data"]
    assert (data["reference"], data["amount"]) == (payment.reference, float(TOTAL))
    assert data["qrCodePayload"].startswith("000201")
    assert processed["transactionEvent"] == {
        "type": "CHARGE_ACTION_REQUIRED",
        "pspReference": payment.reference,
        "message": "",
    }
    body = bank_body(transaction_id="FT1", amount=TOTAL, content=f"{payment.reference} chuyen khoan")
    assert post_bank(client, body).json()["outcome"] == "paid"
    assert _statuses(group) == [OrderStatus.CONFIRMED] * 2
    assert _process(client, result["transaction"]["id"])["transaction"]["chargedAmount"] == {
        "amount": float(TOTAL)
    }


def test_cash_chosen_by_transaction_completes_without_naming_a_method(client, lines):
    checkout = ready_checkout(lines)
    _initialize(client, checkout, "nongsan.cod")
    group = _complete(checkout)
    assert group.payment_method == "cod"
    assert _statuses(group) == [OrderStatus.CONFIRMED] * 2
    assert Payment.objects.get().group_id == group.pk


def test_completion_without_any_payment_is_refused(lines):
    checkout = ready_checkout(lines)
    with pytest.raises(DomainError) as refused:
        _complete(checkout)
    assert refused.value.code is CheckoutErrorCode.CHECKOUT_NOT_FULLY_PAID
    assert Checkout.objects.filter(pk=checkout.pk).exists()


def test_a_method_named_at_completion_replaces_an_unpaid_choice_but_not_a_paid_one(
    client, lines, fake_stripe
):
    checkout = ready_checkout(lines)
    _initialize(client, checkout, "nongsan.vietqr")
    assert _complete(checkout, "cod").payment_method == "cod"

    paid = ready_checkout(lines)
    _initialize(client, paid, "nongsan.stripe")
    _succeeded(client, Payment.objects.get(checkout_token=paid.token))
    with pytest.raises(DomainError) as refused:
        _complete(paid, "cod")
    assert refused.value.code is CheckoutErrorCode.PAYMENT_METHOD_UNAVAILABLE
    assert Payment.objects.get(checkout_token=paid.token).status == PaymentStatus.PAID


def test_a_card_paid_after_the_buyer_switched_to_cash_goes_to_staff(client, lines, fake_stripe):
    checkout = ready_checkout(lines)
    _initialize(client, checkout, "nongsan.stripe")
    _initialize(client, checkout, "nongsan.cod")
    payment = Payment.objects.get(checkout_token=checkout.token)
    assert payment.method == "cod" and payment.provider_id
    assert _succeeded(client, payment).json()["outcome"] == f"review:{ReviewReason.NOT_PENDING}"
    assert TransferReview.objects.get().payment == payment
    payment.refresh_from_db()
    assert payment.captured_amount == 0


def test_another_buyers_checkout_and_made_up_transaction_ids_are_not_found(client, lines):
    owner = make_user()
    checkout = ready_checkout(lines, user=owner)
    result = _initialize(client, checkout, "nongsan.cod")
    assert [e["code"] for e in result["errors"]] == ["NOT_FOUND"]
    made_up = graphene.Node.to_global_id("TransactionItem", "8c7a4e9e-7d0e-4b8e-9d43-7d6f1f0e2a11")
    processed = _process(client, made_up)
    assert [e["code"] for e in processed["errors"]] == ["NOT_FOUND"] and processed["transaction"] is None
    by_pk = _process(client, graphene.Node.to_global_id("TransactionItem", "1"))
    assert [e["code"] for e in by_pk["errors"]] == ["NOT_FOUND"]
