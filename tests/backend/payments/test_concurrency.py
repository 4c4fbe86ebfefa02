"""Racing webhook deliveries on PostgreSQL: the unique event row and the payment row lock make
them settle the payment exactly once."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from backend.orders.models import OrderStatus
from backend.payments.actions import payment_expire_overdue
from backend.payments.models import Payment, PaymentStatus, ReviewReason, TransferReview, WebhookEvent
from tests.backend.payments.conftest import bank_body, make_group, post_bank, start_payment

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
