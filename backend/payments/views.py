"""Webhook endpoints: verify, parse into a typed object, hand it to one action, answer fast.

Answers: 200 when the event is stored (or was stored before: a redelivery is acknowledged so the
provider stops retrying), 400/401 when the request is not a valid signed event (nothing is stored),
503 when settling a Stripe event needs a Stripe call that failed (a refund of orders cancelled before
the payment): nothing is stored, and Stripe's retry settles it, under the same refund idempotency key.
"""

import logging

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from backend.core.errors import DomainError
from backend.payments.actions import bank_notification_process, stripe_event_process
from backend.payments.webhooks import WebhookRefused, parse_bank_notification, parse_stripe_event

logger = logging.getLogger(__name__)

MAX_WEBHOOK_BYTES = 256 * 1024


def _refused(exc: WebhookRefused, provider: str) -> JsonResponse:
    logger.warning("%s webhook refused: %s", provider, exc.message)
    return JsonResponse({"ok": False, "error": exc.message}, status=exc.status)


def _body(request: HttpRequest) -> bytes:
    if len(request.body) > MAX_WEBHOOK_BYTES:
        raise WebhookRefused(413, "body too large")
    return request.body


# Webhooks are authenticated by their signature, not by a session, so CSRF does not apply.
@csrf_exempt
@require_POST
def bank_webhook(request: HttpRequest) -> JsonResponse:
    try:
        body = _body(request)
        notification = parse_bank_notification(
            body=body, signature=request.headers.get("X-Signature", ""), secret=settings.BANK_WEBHOOK_SECRET
        )
    except WebhookRefused as exc:
        return _refused(exc, "bank")
    event = bank_notification_process(
        notification=notification, payload=notification.model_dump(mode="json", by_alias=True)
    )
    if event is None:
        return JsonResponse({"ok": True, "duplicate": True})
    return JsonResponse({"ok": True, "outcome": event.outcome})


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> JsonResponse:
    try:
        body = _body(request)
        event, payload = parse_stripe_event(
            body=body,
            signature=request.headers.get("Stripe-Signature", ""),
            secret=settings.STRIPE_WEBHOOK_SECRET,
        )
    except WebhookRefused as exc:
        return _refused(exc, "stripe")
    if event is None:
        return JsonResponse({"ok": True, "outcome": "ignored"})
    try:
        record = stripe_event_process(event=event, payload=payload)
    except DomainError as exc:
        logger.warning("stripe webhook %s not settled, Stripe will retry: %s", event.id, exc.message)
        return JsonResponse({"ok": False, "error": exc.message}, status=503)
    if record is None:
        return JsonResponse({"ok": True, "duplicate": True})
    return JsonResponse({"ok": True, "outcome": record.outcome})
