"""Parallel completions with one limited voucher on PostgreSQL: the row lock stops over-use."""

import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from backend.checkout.complete import checkout_complete
from backend.checkout.error_codes import CheckoutErrorCode
from backend.core.errors import DomainError
from backend.discounts.models import Voucher, VoucherRedemption
from backend.orders.models import Order, OrderGroup
from tests.backend.checkout.builders import make_shipping, make_variant, ready_checkout
from tests.backend.discounts.builders import make_voucher, with_code
from tests.factories import make_stall

BUYERS = 12
LIMIT = 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_buyers_cannot_use_a_voucher_beyond_its_limit():
    stall = make_stall()
    make_shipping(stall)
    variant = make_variant(stall, stock=BUYERS)
    voucher = make_voucher(usage_limit=LIMIT)
    checkouts = [
        with_code(ready_checkout([(variant, 1)], email=f"buyer{i}@example.vn"), "TET10")
        for i in range(BUYERS)
    ]
    barrier = threading.Barrier(BUYERS)
    outcomes: list = []
    lock = threading.Lock()

    def buy(checkout):
        try:
            barrier.wait()
            outcome = (
                "ok",
                checkout_complete(checkout=checkout, payment_method="cod", user=AnonymousUser()).pk,
            )
        except DomainError as exc:
            outcome = (exc.code, exc.message)
        except Exception as exc:  # a deadlock or an integrity error lands here and fails the test
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

    assert len(outcomes) == BUYERS
    winners = [o for o in outcomes if o[0] == "ok"]
    assert len(winners) == LIMIT
    assert {o[0] for o in outcomes if o[0] != "ok"} == {CheckoutErrorCode.VOUCHER_USAGE_LIMIT_REACHED}
    assert Voucher.objects.get(pk=voucher.pk).used == LIMIT
    # The refused buyers' groups were rolled back with their redemption: nothing half written.
    assert VoucherRedemption.objects.count() == OrderGroup.objects.count() == Order.objects.count() == LIMIT
