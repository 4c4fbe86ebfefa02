"""Signal receivers: insights learns of orders and scans from the apps below it, and refreshes
its rollups only after their transaction committed (never inside the checkout or the scan)."""

from django.db import transaction

from backend.insights import tasks
from backend.orders.models import OrderEventType

# Events that change whether an order counts as a sale or how much it earned.
_SALES_EVENTS = {
    OrderEventType.PLACED,
    OrderEventType.CONFIRMED,
    OrderEventType.CANCELLED,
    OrderEventType.REFUNDED,
}


def order_changed(sender, *, order, event_type: str, **_kwargs) -> None:
    """orders.signals.order_changed: recompute the order's sales bucket once it committed."""
    if event_type in _SALES_EVENTS:
        order_id = order.pk
        transaction.on_commit(lambda: tasks.sales_refresh.delay(order_id), robust=True)


def scan_recorded(sender, *, scan, **_kwargs) -> None:
    """traceability.signals.scan_recorded: recompute the scan's bucket once it committed."""
    if scan.stamp_id is not None:
        scan_id = scan.pk
        transaction.on_commit(lambda: tasks.scans_refresh.delay(scan_id), robust=True)
