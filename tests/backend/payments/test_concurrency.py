"""Racing webhook deliveries on PostgreSQL: the unique event row and the payment row lock make
them settle the payment exactly once."""

import threading

import pytest
from django.db import connection
from django.test import Client

from backend.payments.models import Payment, PaymentStatus, ReviewReason, TransferReview, WebhookEvent
from tests.backend.payments.conftest import bank_body, make_group, post_bank, start_payment

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(bodies: list[bytes]) -> list[int]:
    barrier = threading.Barrier(len(bodies))
    statuses: list[int] = []

    def deliver(body: bytes) -> None:
        try:
            barrier.wait(timeout=10)
            statuses.append(post_bank(Client(), body).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver, args=(body,)) for body in bodies]
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
