"""Signal receivers: traceability reacts to other contexts without them importing it."""

from traceability import actions


def allocate_lots_on_fulfillment(sender, *, order, fulfillment, **_kwargs) -> None:
    """orders.signals.order_fulfilled: record which lots the shipped units came from (FIFO by expiry)."""
    actions.lot_allocations_for_fulfillment(order=order, fulfillment=fulfillment)
