"""Parallel buyers on PostgreSQL: row locks make allocation exact, losers get INSUFFICIENT_STOCK."""

import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Sum

from backend.catalog.models import Stock
from backend.checkout.complete import checkout_complete
from backend.checkout.error_codes import CheckoutErrorCode
from backend.core.errors import DomainError
from backend.orders.models import Allocation, Order, OrderGroup, OrderLine
from tests.backend.checkout.builders import make_shipping, make_variant, ready_checkout
from tests.factories import make_stall

BUYERS = 24
UNITS = 7


def _race(checkouts) -> list:
    """Complete every checkout at the same moment, one thread (and DB connection) per buyer."""
    barrier = threading.Barrier(len(checkouts))
    outcomes: list = []
    lock = threading.Lock()

    def buy(checkout):
        try:
            barrier.wait()
            group = checkout_complete(checkout=checkout, payment_method="cod", user=AnonymousUser())
            outcome = ("ok", group.pk)
        except DomainError as exc:
            outcome = (exc.code, exc.message)
        except Exception as exc:  # a deadlock or integrity error would land here and fail the test
            outcome = ("crash", repr(exc))
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=buy, args=(c,)) for c in checkouts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_buyers_cannot_oversell():
    stall = make_stall()
    make_shipping(stall)
    variant = make_variant(stall, stock=UNITS)
    checkouts = [ready_checkout([(variant, 1)], email=f"buyer{i}@example.vn") for i in range(BUYERS)]

    outcomes = _race(checkouts)

    assert len(outcomes) == BUYERS
    winners = [o for o in outcomes if o[0] == "ok"]
    losers = [o for o in outcomes if o[0] != "ok"]
    assert len(winners) == UNITS
    assert {o[0] for o in losers} == {CheckoutErrorCode.INSUFFICIENT_STOCK}
    stock = Stock.objects.get(variant=variant)
    assert stock.quantity_allocated == UNITS <= stock.quantity
    # No half-written orders: every group has its order, line, allocation and payment.
    assert OrderGroup.objects.count() == Order.objects.count() == OrderLine.objects.count() == UNITS
    assert Allocation.objects.aggregate(s=Sum("quantity"))["s"] == UNITS
    assert sorted(OrderGroup.objects.values_list("pk", flat=True)) == sorted(pk for _, pk in winners)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_buyers_of_the_same_variants_in_opposite_order_do_not_deadlock():
    stall = make_stall()
    make_shipping(stall)
    a, b = make_variant(stall, stock=UNITS), make_variant(stall, stock=UNITS)
    checkouts = [
        ready_checkout([(a, 1), (b, 1)] if i % 2 else [(b, 1), (a, 1)], email=f"buyer{i}@example.vn")
        for i in range(BUYERS)
    ]

    outcomes = _race(checkouts)

    assert not [o for o in outcomes if o[0] == "crash"], outcomes
    assert len([o for o in outcomes if o[0] == "ok"]) == UNITS
    for variant in (a, b):
        stock = Stock.objects.get(variant=variant)
        assert stock.quantity_allocated == UNITS <= stock.quantity
