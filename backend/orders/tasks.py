"""Celery tasks for orders: thin wrappers that load ids and call the notification action."""

from celery import shared_task

from backend.orders.models import Order
from backend.orders.notifications import order_emails_send


@shared_task(name="orders.email_send")
def order_email_send(order_id: int, kind: str) -> int:
    order = Order.objects.select_related("group", "stall").filter(pk=order_id).first()
    if order is None:
        return 0
    return order_emails_send(order=order, kind=kind)
