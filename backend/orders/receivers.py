"""Signal receivers: orders acts on what payments, which sits below it, reports without importing it."""

from backend.orders import actions


def group_paid(sender, *, payment, **_kwargs) -> None:
    """payments.signals.payment_paid: confirm the group's orders and refund those cancelled meanwhile.

    Runs inside the transaction that holds the payment's row lock (payment, then orders, then stock).
    """
    actions.order_group_mark_paid(group=payment.group)


def group_payment_expired(sender, *, payment, reason: str, **_kwargs) -> None:
    """payments.signals.payment_expired: cancel the group's unconfirmed orders, releasing their stock."""
    actions.order_group_cancel_unpaid(group=payment.group, reason=reason)
