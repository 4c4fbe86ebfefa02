"""Order emails to the buyer and the stall, rendered from templates and sent by the
`orders.email_send` task, which `actions.order_notify` queues after commit."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from backend.core.money import format_money
from backend.orders.models import Order

# Emails each order event sends, by audience.
KINDS = ("placed", "confirmed", "shipped", "delivered", "cancelled", "refunded")


def _subject(kind: str, order: Order) -> str:
    subjects = {
        "placed": _("Order %(number)s received"),
        "confirmed": _("Order %(number)s confirmed"),
        "shipped": _("Order %(number)s is on its way"),
        "delivered": _("Order %(number)s delivered"),
        "cancelled": _("Order %(number)s cancelled"),
        "refunded": _("Refund for order %(number)s"),
    }
    return subjects[kind] % {"number": order.number}


def order_emails_send(*, order: Order, kind: str) -> int:
    """Render and send the buyer's and the stall's emails for one order event; returns how many."""
    group = order.group
    stall_emails = list(order.stall.members.values_list("user__email", flat=True))
    messages = []
    with translation.override("vi"):
        context = {
            "order": order,
            "group": group,
            "kind": kind,
            "lines": list(order.lines.all()),
            "total": format_money(order.total, order.currency),
            "base_url": settings.PUBLIC_BASE_URL,
        }
        subject = _subject(kind, order)
        buyer_body = render_to_string("orders/email/buyer.txt", context)
        messages.append((subject, buyer_body, settings.DEFAULT_FROM_EMAIL, [group.email]))
        if stall_emails:
            stall_body = render_to_string("orders/email/stall.txt", context)
            messages.append(
                (f"[{order.stall.name}] {subject}", stall_body, settings.DEFAULT_FROM_EMAIL, stall_emails)
            )
    return send_mass_mail(messages, fail_silently=False)
