"""Signals other contexts listen to without the orders app importing them (traceability, insights)."""

from django.dispatch import Signal

# Sent inside the fulfilment transaction with `order` and `fulfillment` (lines and quantities shipped);
# traceability allocates the shipped units to lots (FIFO by expiry) in its receiver.
order_fulfilled = Signal()

# Sent inside the transaction with `order` and `event_type` whenever an order's history gains an
# event (placed, confirmed, cancelled, refunded, …); insights refreshes its sales figures on commit.
order_changed = Signal()
