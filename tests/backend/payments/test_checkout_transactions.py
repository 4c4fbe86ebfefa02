"""A checkout paid before it is placed, raced on PostgreSQL: the card webhook against completion
(the group ends confirmed once, whichever commits first) and two paid checkouts against the last
unit (one is placed, the other refused and refunded, nothing oversold)."""

import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client

from backend.catalog.models import Stock
from backend.checkout.complete import checkout_complete
from backend.checkout.error_codes import CheckoutErrorCode
from backend.core.errors import DomainError
from backend.orders.models import OrderGroup, OrderStatus
from backend.payments.actions import payment_checkout_initialize
from backend.payments.models import Payment, PaymentStatus
from backend.payments.selectors import payment_for_checkout
from tests.backend.checkout.builders import make_shipping, make_variant, ready_checkout
from tests.backend.payments.conftest import post_stripe, stripe_event
from tests.factories import make_stall, make_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _run_together(*calls) -> list:
    """Run each call in its own thread (own connection), released together; results or exceptions."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as exc:  # the test inspects what each side ended with
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _card_checkout(variant, quantity=1):
    checkout = ready_checkout([(variant, quantity)])
    summary_total = checkout_total(checkout)
    payment, _event = payment_checkout_initialize(
        checkout_token=checkout.token, method="stripe", amount=summary_total, currency="VND"
    )
    return checkout, payment


def checkout_total(checkout):
    from backend.checkout.selectors import checkout_summary

    return checkout_summary(checkout=checkout).total


def _succeeded_body(payment, event_id):
    payment.refresh_from_db()
    obj = {
        "id": payment.provider_id,
        "object": "payment_intent",
        "amount": int(payment.amount),
        "amount_received": int(payment.amount),
        "currency": "vnd",
        "metadata": {"payment_id": str(payment.pk)},
    }
    return stripe_event(event_id, "payment_intent.succeeded", obj)


@pytest.fixture
def coop():
    stall = make_stall(make_user())
    make_shipping(stall, price=30_000)
    return stall


@pytest.mark.parametrize("attempt", range(3))
def test_the_card_webhook_racing_completion_confirms_the_group_once(
    coop, fake_stripe, mark_paid_spy, attempt
):
    checkout, payment = _card_checkout(make_variant(coop, price=100_000, stock=5))
    body = _succeeded_body(payment, f"evt_race_{attempt}")
    webhook, completed = _run_together(
        lambda: post_stripe(Client(), body).status_code,
        lambda: checkout_complete(checkout=checkout, payment_method=None, user=AnonymousUser()),
    )
    assert webhook == 200
    assert isinstance(completed, OrderGroup)
    group = OrderGroup.objects.get(pk=completed.pk)
    assert list(group.orders.values_list("status", flat=True)) == [OrderStatus.CONFIRMED]
    payment.refresh_from_db()
    assert (payment.group_id, payment.status) == (group.pk, PaymentStatus.PAID)
    assert len(mark_paid_spy.calls) == 1


def test_two_paid_checkouts_racing_for_the_last_unit_place_one_and_refund_the_other(coop, fake_stripe):
    variant = make_variant(coop, price=100_000, stock=1)
    checkouts = [_card_checkout(variant) for _ in range(2)]
    for index, (_checkout, payment) in enumerate(checkouts):
        assert post_stripe(Client(), _succeeded_body(payment, f"evt_last_{index}")).status_code == 200
    results = _run_together(
        *[
            (lambda c=c: checkout_complete(checkout=c, payment_method=None, user=AnonymousUser()))
            for c, _ in checkouts
        ]
    )
    placed = [r for r in results if isinstance(r, OrderGroup)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(placed) == 1 and len(refused) == 1, results
    assert refused[0].code is CheckoutErrorCode.INSUFFICIENT_STOCK
    stock = Stock.objects.get(variant=variant)
    assert (stock.quantity, stock.quantity_allocated) == (1, 1)
    statuses = sorted(
        Payment.objects.filter(pk__in=[p.pk for _, p in checkouts]).values_list("status", flat=True)
    )
    assert statuses == sorted([PaymentStatus.PAID, PaymentStatus.REFUNDED])
    assert len(fake_stripe.state.calls("POST", "/v1/refunds")) == 1
    loser = next(c for c, _ in checkouts if not OrderGroup.objects.filter(checkout_token=c.token).exists())
    assert payment_for_checkout(checkout_token=loser.token) is None
