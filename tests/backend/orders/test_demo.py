"""The order-history demo: a year of orders consistent with stock, payments and the ledger; idempotent."""

from datetime import timedelta

import pytest
from django.db.models import F, Sum
from django.utils import timezone

from backend.accounts import demo as accounts_demo
from backend.catalog.models import Stock
from backend.checkout import demo as checkout_demo
from backend.orders import demo as orders_demo
from backend.orders.models import LedgerKind, Order, OrderGroup, OrderLine, OrderStatus, PayoutLedgerEntry
from backend.payments.models import Payment
from backend.stalls import demo as stalls_demo
from backend.stalls.models import Stall
from tests.backend.checkout.builders import make_variant

pytestmark = pytest.mark.django_db
OPEN = (OrderStatus.UNCONFIRMED, OrderStatus.CONFIRMED, OrderStatus.PACKED)


def test_demo_history_spans_a_year_and_agrees_with_stock_payments_and_ledger():
    accounts_demo.seed()
    stalls_demo.seed()
    stalls = list(Stall.objects.filter(status="approved").order_by("pk")[:4])
    variants = [make_variant(stall, price=price, stock=50) for stall in stalls for price in (60_000, 145_000)]
    checkout_demo.seed()

    orders_demo.seed()

    groups = OrderGroup.objects.all()
    assert groups.count() > 150
    span = (
        groups.order_by("-created_at").first().created_at - groups.order_by("created_at").first().created_at
    )
    assert span > timedelta(days=330)
    assert groups.filter(created_at__gt=timezone.now()).count() == 0
    assert set(groups.values_list("payment_method", flat=True)) == {"cod", "vietqr"}
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
    # Every delivered order earned its total once; cash payments were captured on delivery.
    delivered = Order.objects.filter(status=OrderStatus.DELIVERED)
    earned = PayoutLedgerEntry.objects.filter(kind=LedgerKind.EARNED).aggregate(s=Sum("amount"))["s"]
    assert earned == delivered.aggregate(s=Sum("total"))["s"]
    assert not Payment.objects.filter(group__payment_method="cod", captured_amount__gt=F("amount")).exists()

    orders_demo.seed()
    assert OrderGroup.objects.count() == groups.count()
