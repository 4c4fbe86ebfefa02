"""Signals payments sends so that orders, which sits above it, can act without payments importing it."""

from django.dispatch import Signal

# Sent once, the first time a payment is captured in full, inside the transaction that holds its row
# lock, with `payment` (its `group` loaded). Orders confirms the group's orders in its receiver, so
# the lock order payment → orders → stock holds.
payment_paid = Signal()

# Sent when an unpaid payment expires, inside the transaction that holds its row lock, with
# `payment` and `reason`. Orders cancels the group's unconfirmed orders (releasing their stock).
payment_expired = Signal()
