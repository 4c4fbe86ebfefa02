"""Racing webhook deliveries on PostgreSQL: the unique event row and the payment row lock make
them settle the payment exactly once."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from backend.orders import actions as order_actions
from backend.orders.models import OrderStatus
from backend.payments.actions import payment_expire_overdue
from backend.payments.models import Payment, PaymentStatus, ReviewReason, TransferReview, WebhookEvent
from tests.backend.payments.conftest import (
    bank_body,
    intent_object,
    make_group,
    post_bank,
    post_stripe,
    start_payment,
    stripe_event,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(bodies: list[bytes], *, also=None) -> list[int]:
    """Deliver `bodies` in parallel threads (and run `also()` in one more), all released together."""
    barrier = threading.Barrier(len(bodies) + (1 if also else 0))
    statuses: list[int] = []

    def deliver(body: bytes) -> None:
        try:
            barrier.wait(timeout=10)
            statuses.append(post_bank(Client(), body).status_code)
        finally:
            connection.close()

    def run_also() -> None:
        try:
            barrier.wait(timeout=10)
            also()
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver, args=(body,)) for body in bodies]
    if also:
        threads.append(threading.Thread(target=run_also))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return statuses


def test_the_same_notification_delivered_in_parallel_pays_once(mark_paid_spy):
    payment = start_payment(make_group("vietqr", total=120000))
    body = bank_body(transaction_id=5001, amount=120000, content=payment.reference)
    statuses = _race([body] * 6)
    assert statuses == [200] * 6
    assert WebhookEvent.objects.filter(provider="bank", event_id="5001").count() == 1
    assert len(mark_paid_spy.calls) == 1
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PAID


def test_two_different_transfers_for_one_order_in_parallel_pay_once_and_review_the_other(mark_paid_spy):
    payment = start_payment(make_group("vietqr", total=120000))
    bodies = [bank_body(transaction_id=tid, amount=120000, content=payment.reference) for tid in (6001, 6002)]
    assert _race(bodies) == [200, 200]
    assert len(mark_paid_spy.calls) == 1
    assert WebhookEvent.objects.count() == 2
    assert list(TransferReview.objects.values_list("reason", flat=True)) == [ReviewReason.NOT_PENDING]
    assert Payment.objects.get(pk=payment.pk).captured_amount == 120000


def test_a_transfer_racing_the_expiry_sweep_ends_either_paid_or_expired_never_both(mark_paid_spy):
    payment = start_payment(make_group("vietqr", total=120000))
    Payment.objects.filter(pk=payment.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    body = bank_body(transaction_id=7001, amount=120000, content=payment.reference)
    assert _race([body], also=lambda: payment_expire_overdue(now=timezone.now())) == [200]
    payment.refresh_from_db()
    orders = set(payment.group.orders.values_list("status", flat=True))
    if payment.status == PaymentStatus.PAID:
        assert orders == {OrderStatus.CONFIRMED}
        assert not TransferReview.objects.exists()
    else:
        assert payment.status == PaymentStatus.EXPIRED
        assert orders == {OrderStatus.CANCELLED}
        assert list(TransferReview.objects.values_list("reason", flat=True)) == [ReviewReason.EXPIRED]
        assert mark_paid_spy.calls == []


# --- A card payment's webhook racing a buyer's cancel --------------------------------------------
# Both paths lock the payment row before the order rows. Each test makes one side take its locks
# first and hold them for a moment while the other arrives; whichever wins, nothing deadlocks and
# the money ends consistent: captured and refunded, or never captured and sent to staff review.


def _run_both(first, second, *, first_holds_locks: threading.Event) -> list[BaseException]:
    """Run `first`, then `second` once `first` holds its locks; return what either raised."""
    errors: list[BaseException] = []

    def run(fn, wait_for: threading.Event | None) -> None:
        try:
            if wait_for is not None:
                assert wait_for.wait(timeout=10)
            fn()
        except BaseException as exc:  # noqa: BLE001 — reported to the test thread below
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(first, None)),
        threading.Thread(target=run, args=(second, first_holds_locks)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return errors


def _card_payment():
    """A card payment whose PaymentIntent the fake Stripe server made when the checkout committed."""
    payment = start_payment(make_group("stripe", total=120000))
    payment.refresh_from_db()
    assert payment.provider_id
    return payment


def _deliver_succeeded(payment):
    body = stripe_event("evt_race_1", "payment_intent.succeeded", intent_object(payment))
    response = post_stripe(Client(), body)
    assert response.status_code == 200


def _buyer_cancels(order):
    order_actions.order_cancel(order=order, actor=None, reason="Đổi ý", by_stall=False)


def test_a_card_webhook_holding_the_payment_makes_a_racing_cancel_wait_and_refund(monkeypatch, fake_stripe):
    payment = _card_payment()
    order = payment.group.orders.get()
    webhook_holds_locks = threading.Event()
    real_mark_paid = order_actions.order_group_mark_paid

    def slow_mark_paid(**kwargs):
        webhook_holds_locks.set()  # the payment is locked and captured, the orders not yet confirmed
        time.sleep(0.5)
        return real_mark_paid(**kwargs)

    monkeypatch.setattr(order_actions, "order_group_mark_paid", slow_mark_paid)

    errors = _run_both(
        lambda: _deliver_succeeded(payment),
        lambda: _buyer_cancels(order),
        first_holds_locks=webhook_holds_locks,
    )

    assert errors == []
    payment.refresh_from_db()
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert payment.captured_amount == payment.refunded_amount == order.refunded_amount == 120000
    assert payment.status == PaymentStatus.REFUNDED
    assert len(fake_stripe.state.calls("POST", "/v1/refunds")) == 1


def test_a_cancel_holding_the_order_makes_a_racing_card_webhook_wait_and_refund_it_all(
    monkeypatch, fake_stripe
):
    payment = _card_payment()
    order = payment.group.orders.get()
    cancel_holds_locks = threading.Event()
    real_notify = order_actions.order_notify

    def slow_notify(*, order, kind):
        if kind == "cancelled":
            cancel_holds_locks.set()  # the order is cancelled but not yet committed
            time.sleep(0.5)
        return real_notify(order=order, kind=kind)

    monkeypatch.setattr(order_actions, "order_notify", slow_notify)

    errors = _run_both(
        lambda: _buyer_cancels(order),
        lambda: _deliver_succeeded(payment),
        first_holds_locks=cancel_holds_locks,
    )

    assert errors == []
    payment.refresh_from_db()
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    # The webhook saw the committed cancel: the money it reports is taken and given back, once.
    assert payment.captured_amount == payment.refunded_amount == order.refunded_amount == 120000
    assert payment.status == PaymentStatus.REFUNDED
    assert len(fake_stripe.state.calls("POST", "/v1/refunds")) == 1
    assert not TransferReview.objects.exists()
    assert WebhookEvent.objects.get(event_id="evt_race_1").outcome == "refunded"
