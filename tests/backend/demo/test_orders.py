"""The order-history demo: a year of orders consistent with stock, payments and the ledger; idempotent."""

from datetime import timedelta

import pytest
from django.db.models import F, Sum
from django.utils import timezone

from backend.catalog.models import Stock
from backend.demo import accounts as accounts_demo
from backend.demo import checkout as checkout_demo
from backend.demo import orders as orders_demo
from backend.demo import stalls as stalls_demo
from backend.orders.models import LedgerKind, Order, OrderGroup, OrderLine, OrderStatus, PayoutLedgerEntry
from backend.payments.gateways.stripe import StripeGateway
from backend.payments.models import Payment, PaymentStatus, WebhookEvent
from backend.stalls.models import Stall
from tests.backend.checkout.builders import make_variant

pytestmark = pytest.mark.django_db
OPEN = (OrderStatus.UNCONFIRMED, OrderStatus.CONFIRMED, OrderStatus.PACKED)


@pytest.fixture
def demo_history(monkeypatch, django_capture_on_commit_callbacks):
    """The demo's history over four stalls' variants (two in đồng, one in the USD export channel),
    with the after-commit callbacks run as a real commit would run them; returns the variants and
    the PaymentIntents the demo asked Stripe for (there must be none)."""
    intents_requested: list[int] = []
    monkeypatch.setattr(
        StripeGateway, "prepare", lambda self, *, payment: intents_requested.append(payment.pk)
    )
    accounts_demo.seed()
    stalls_demo.seed()
    stalls = list(Stall.objects.filter(status="approved").order_by("pk")[:4])
    variants = [make_variant(stall, price=price, stock=50) for stall in stalls for price in (60_000, 145_000)]
    variants += [make_variant(stall, price="18.50", stock=50, channel_slug="export") for stall in stalls]
    checkout_demo.seed()
    with django_capture_on_commit_callbacks(execute=True):
        orders_demo.seed()
    return variants, intents_requested


def test_demo_history_spans_a_year_and_agrees_with_stock_payments_and_ledger(demo_history):
    variants, _intents = demo_history

    groups = OrderGroup.objects.all()
    assert groups.count() > 150
    span = (
        groups.order_by("-created_at").first().created_at - groups.order_by("created_at").first().created_at
    )
    assert span > timedelta(days=330)
    assert groups.filter(created_at__gt=timezone.now()).count() == 0
    assert set(groups.values_list("payment_method", flat=True)) == {"cod", "vietqr", "stripe"}
    assert groups.values("province_code").distinct().count() >= 8
    statuses = set(Order.objects.values_list("status", flat=True))
    assert {OrderStatus.DELIVERED, OrderStatus.CANCELLED} <= statuses and len(statuses) >= 4
    # Each order restocked what it sold: what is on hand is the catalog's 50 plus the units of orders
    # that never shipped (cancelled or still open), and only open orders hold allocations.
    for variant in variants:
        stock = Stock.objects.get(variant=variant)
        lines = OrderLine.objects.filter(variant=variant)
        unshipped = lines.filter(quantity_fulfilled=0).aggregate(n=Sum("quantity"))["n"] or 0
        open_units = lines.filter(order__status__in=OPEN).aggregate(n=Sum("quantity"))["n"] or 0
        assert stock.quantity == 50 + unshipped
        assert stock.quantity_allocated == open_units
    assert not Stock.objects.filter(quantity_allocated__gt=F("quantity")).exists()
    # Every delivered order earned its total once, per currency; cash was captured on delivery.
    for currency in ("VND", "USD"):
        delivered = Order.objects.filter(status=OrderStatus.DELIVERED, currency=currency)
        earned = PayoutLedgerEntry.objects.filter(kind=LedgerKind.EARNED, currency=currency)
        assert earned.aggregate(s=Sum("amount"))["s"] == delivered.aggregate(s=Sum("total"))["s"]
    assert not Payment.objects.filter(group__payment_method="cod", captured_amount__gt=F("amount")).exists()

    orders_demo.seed()
    assert OrderGroup.objects.count() == groups.count()


def test_demo_payments_are_settled_by_webhook_events_without_calling_stripe(demo_history):
    _variants, intents_requested = demo_history
    # Card payments: mostly export (USD), each settled by one synthetic Stripe event naming its intent.
    card = Payment.objects.filter(method="stripe")
    assert card.filter(currency="USD").count() > card.filter(currency="VND").count() > 0
    assert card.filter(status=PaymentStatus.PAID).exists()
    assert intents_requested == []
    for payment in card:
        (event,) = WebhookEvent.objects.filter(payment=payment, provider="stripe")
        assert event.event_type in ("payment_intent.succeeded", "payment_intent.payment_failed")
        assert payment.provider_id == f"pi_demo_{payment.group.number}"
        assert (payment.status == PaymentStatus.PAID) == (event.event_type == "payment_intent.succeeded")
    # Every paid transfer or card payment has the webhook event that paid it, dated after placing.
    prepaid = Payment.objects.filter(method__in=["vietqr", "stripe"], paid_at__isnull=False)
    assert prepaid.filter(method="vietqr").exists()
    assert not prepaid.filter(webhook_events__isnull=True).exists()
    assert not prepaid.exclude(captured_amount=F("amount")).exists()
    assert WebhookEvent.objects.filter(outcome="paid").count() == prepaid.count()
    assert not prepaid.filter(paid_at__lt=F("group__created_at")).exists()
    # Cash groups whose orders are all delivered or cancelled (some of each) are paid in full.
    settled = 0
    for payment in Payment.objects.filter(method="cod").prefetch_related("group__orders"):
        statuses = {order.status for order in payment.group.orders.all()}
        if statuses == {OrderStatus.DELIVERED, OrderStatus.CANCELLED}:
            settled += 1
            assert payment.paid_at is not None, payment.group.number
    assert settled > 0
