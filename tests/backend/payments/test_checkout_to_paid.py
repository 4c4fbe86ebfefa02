"""The whole path with the orders app: checkout across two stalls → payment → webhook → orders move.

Uses the checkout builders and the real orders actions, so the contract between the apps is tested,
not a stand-in.
"""

from decimal import Decimal

import pytest
from django.utils import timezone

from backend.catalog.models import Stock
from backend.orders.actions import order_cancel, order_mark_delivered
from backend.orders.models import OrderStatus
from backend.payments.actions import payment_expire_overdue
from backend.payments.models import Payment, PaymentStatus, RefundStatus
from tests.backend.checkout.builders import make_shipping, make_variant, place
from tests.backend.payments.conftest import (
    bank_body,
    intent_object,
    post_bank,
    post_stripe,
    stripe_event,
)
from tests.factories import make_stall, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def lines():
    coops = make_stall(make_user()), make_stall(make_user())
    for coop in coops:
        make_shipping(coop, price=30_000)
    return [
        (make_variant(coops[0], price=45_000, stock=5), 2),
        (make_variant(coops[1], price=120_000, stock=5), 1),
    ]


def _statuses(group) -> list[str]:
    return list(group.orders.order_by("number").values_list("status", flat=True))


def test_a_vietqr_order_paid_by_a_bank_webhook_sent_twice_is_confirmed_once(client, lines, mark_paid_spy):
    group = place(lines, payment_method="vietqr")
    payment = group.payment
    assert payment.amount == 90_000 + 120_000 + 2 * 30_000
    assert _statuses(group) == [OrderStatus.UNCONFIRMED] * 2
    body = bank_body(transaction_id="FT26325", amount=int(payment.amount), content=f"{payment.reference} Mai")
    assert post_bank(client, body).json()["outcome"] == "paid"
    assert post_bank(client, body).json()["duplicate"] is True
    assert len(mark_paid_spy.calls) == 1
    assert _statuses(group) == [OrderStatus.CONFIRMED] * 2
    assert group.orders.first().events.filter(type="paid").count() == 1


def test_an_unpaid_vietqr_order_expires_and_gives_its_stock_back(lines):
    group = place(lines, payment_method="vietqr")
    stock_ids = [variant.stocks.get().pk for variant, _ in lines]
    assert [Stock.objects.get(pk=pk).quantity_allocated for pk in stock_ids] == [2, 1]
    Payment.objects.filter(pk=group.payment.pk).update(expires_at=timezone.now())
    assert payment_expire_overdue(now=timezone.now()) == [group.payment.pk]
    assert _statuses(group) == [OrderStatus.CANCELLED] * 2
    assert [Stock.objects.get(pk=pk).quantity_allocated for pk in stock_ids] == [0, 0]


def test_cash_is_captured_as_each_stall_delivers(lines):
    group = place(lines, payment_method="cod")
    first, second = group.orders.order_by("number")
    for order in (first, second):
        order.status = OrderStatus.SHIPPED
        order.save()
    order_mark_delivered(order=first, actor=None)
    payment = Payment.objects.get(group=group)
    assert (payment.status, payment.captured_amount) == (PaymentStatus.PARTIALLY_PAID, first.total)
    order_mark_delivered(order=second, actor=None)
    payment.refresh_from_db()
    assert (payment.status, payment.captured_amount) == (PaymentStatus.PAID, group.total)


def test_a_card_order_is_paid_by_webhook_and_refunded_through_stripe_when_cancelled(
    client, lines, fake_stripe, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        group = place(lines, payment_method="stripe")
    payment = Payment.objects.get(group=group)
    (created,) = fake_stripe.state.calls("POST", "/v1/payment_intents")
    assert (created.params["amount"], created.params["currency"]) == ("270000", "vnd")
    post_stripe(client, stripe_event("evt_paid", "payment_intent.succeeded", intent_object(payment)))
    assert _statuses(group) == [OrderStatus.CONFIRMED] * 2
    first = group.orders.order_by("number").first()
    order_cancel(order=first, actor=None, reason="Hết hàng", by_stall=True)
    (refund_call,) = fake_stripe.state.calls("POST", "/v1/refunds")
    assert refund_call.params == {"payment_intent": payment.provider_id, "amount": str(int(first.total))}
    payment.refresh_from_db()
    assert (payment.status, payment.refunded_amount) == (PaymentStatus.PARTIALLY_REFUNDED, first.total)
    assert payment.refunds.get().status == RefundStatus.SUCCEEDED
    assert Decimal(payment.captured_amount) == group.total
