"""Celery tasks for payments (thin: they call one action)."""

from celery import shared_task
from django.utils import timezone

from backend.payments.actions import payment_expire_overdue


@shared_task(name="payments.expire_unpaid")
def expire_unpaid() -> int:
    """Beat runs this every minute (CELERY_BEAT_SCHEDULE): unpaid transfers past their deadline."""
    return len(payment_expire_overdue(now=timezone.now()))
