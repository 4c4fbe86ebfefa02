"""Unpaid VietQR transfers expire: the sweep cancels their orders and releases the stock."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from backend.catalog.models import Stock
from backend.orders.models import Order, OrderStatus
from backend.payments.actions import payment_expire_overdue
from backend.payments.models import Payment, PaymentStatus
from backend.payments.tasks import expire_unpaid
from tests.backend.payments.conftest import bank_body, make_group, post_bank, start_payment

pytestmark = pytest.mark.django_db


def _overdue(payment, minutes: int = 1) -> None:
    Payment.objects.filter(pk=payment.pk).update(expires_at=timezone.now() - timedelta(minutes=minutes))


def test_overdue_transfer_expires_cancels_the_order_and_releases_stock(cancel_unpaid_spy):
    payment = start_payment(make_group("vietqr"))
    stock = Stock.objects.get(variant__order_lines__order__group=payment.group)
    assert stock.quantity_allocated == 2
    _overdue(payment)
    assert payment_expire_overdue(now=timezone.now()) == [payment.pk]
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.EXPIRED
    assert Order.objects.get(group=payment.group).status == OrderStatus.CANCELLED
    stock.refresh_from_db()
    assert stock.quantity_allocated == 0
    assert len(cancel_unpaid_spy.calls) == 1
    assert cancel_unpaid_spy.calls[0]["group"] == payment.group


def test_payments_not_yet_due_paid_or_not_transfers_are_left_alone():
    due_later = start_payment(make_group("vietqr"))
    paid = start_payment(make_group("vietqr"))
    cod = start_payment(make_group("cod"))
    _overdue(paid)
    Payment.objects.filter(pk=paid.pk).update(status=PaymentStatus.PAID)
    Payment.objects.filter(pk=cod.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    assert payment_expire_overdue(now=timezone.now()) == []
    assert {p.status for p in Payment.objects.filter(pk__in=[due_later.pk, cod.pk])} == {
        PaymentStatus.PENDING
    }


def test_a_payment_under_staff_review_is_not_expired(client):
    payment = start_payment(make_group("vietqr", total=120000))
    post_bank(client, bank_body(transaction_id=1, amount=100000, content=payment.reference))
    _overdue(payment)
    assert payment_expire_overdue(now=timezone.now()) == []
    assert Order.objects.get(group=payment.group).status == OrderStatus.UNCONFIRMED


def test_expiring_twice_cancels_once(cancel_unpaid_spy):
    payment = start_payment(make_group("vietqr"))
    _overdue(payment)
    payment_expire_overdue(now=timezone.now())
    assert payment_expire_overdue(now=timezone.now()) == []
    assert len(cancel_unpaid_spy.calls) == 1


def test_the_celery_task_runs_the_sweep_and_beat_runs_it_every_minute():
    payment = start_payment(make_group("vietqr"))
    _overdue(payment)
    assert expire_unpaid.delay().get() == 1
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.EXPIRED
    entry = settings.CELERY_BEAT_SCHEDULE["payments-expire-unpaid"]
    assert (entry["task"], entry["schedule"]) == ("payments.expire_unpaid", 60.0)
