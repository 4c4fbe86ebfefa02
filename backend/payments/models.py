"""Payments for order groups, the webhook event log that makes processing exactly-once, refunds and
the staff review list for bank transfers that did not match."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

ZERO = Decimal(0)


class PaymentMethod(models.TextChoices):
    """The gateway a payment goes through. The buyer picks it at checkout and the order group keeps
    it (`OrderGroup.payment_method`); it lives here because payments sits below orders."""

    COD = "cod", _("Cash on delivery")
    VIETQR = "vietqr", _("VietQR bank transfer")
    STRIPE = "stripe", _("Card (Stripe)")


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    PARTIALLY_PAID = "partially_paid", _("Partially paid")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
    REFUNDED = "refunded", _("Refunded")


# Statuses from which money may still arrive and be matched automatically.
OPEN_STATUSES = (PaymentStatus.PENDING, PaymentStatus.FAILED)


class Payment(models.Model):
    """The one payment of an order group, handled by the gateway its method names.

    `captured_amount` and `refunded_amount` only ever grow; the status is derived from them (see
    `actions._settle_status`), which is what makes out-of-order webhook deliveries converge.

    A payment may begin on a checkout, before its group exists (the API's `transactionInitialize`):
    it then has `checkout_token` and no group, and `payment_start` attaches it to the group the
    checkout completes into. A checkout has at most one such payment.
    """

    # A string reference: payments sits below orders and never imports it.
    group = models.OneToOneField(
        "orders.OrderGroup", null=True, blank=True, on_delete=models.PROTECT, related_name="payment"
    )
    # The checkout this payment was initialised on (no foreign key: payments sits below checkout, and
    # the checkout row is deleted when it completes; the group keeps the same token).
    checkout_token = models.UUIDField(null=True, blank=True, unique=True)
    # The API's TransactionItem id: random, so holding it is the right to read the payment.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    method = models.CharField(max_length=8, choices=PaymentMethod.choices)
    status = models.CharField(
        max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.PENDING, db_index=True
    )
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3)
    captured_amount = models.DecimalField(max_digits=14, decimal_places=2, default=ZERO)
    refunded_amount = models.DecimalField(max_digits=14, decimal_places=2, default=ZERO)
    # VietQR: the ASCII reference the buyer's bank puts in the transfer description.
    reference = models.CharField(max_length=19, null=True, blank=True, unique=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    # Stripe: the PaymentIntent id and the client secret the buyer's browser confirms it with.
    provider_id = models.CharField(max_length=255, blank=True, db_index=True)
    client_secret = models.CharField(max_length=255, blank=True)
    # Stripe Checkout: the hosted-page session the buyer was last sent to, its URL (empty once it
    # expired or was paid) and when Stripe closes it. `provider_id` stays the PaymentIntent: the one
    # that holds the money once the session is paid (refunds go there).
    checkout_session_id = models.CharField(max_length=255, blank=True, db_index=True)
    checkout_url = models.CharField(max_length=2048, blank=True)
    checkout_expires_at = models.DateTimeField(null=True, blank=True)
    failure_message = models.CharField(max_length=255, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["method", "status", "expires_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(captured_amount__gte=0, captured_amount__lte=models.F("amount")),
                name="payment_capture_within_amount",
            ),
            models.CheckConstraint(
                condition=models.Q(refunded_amount__gte=0, refunded_amount__lte=models.F("captured_amount")),
                name="payment_refund_within_capture",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.amount} {self.currency} ({self.status})"

    @property
    def is_paid(self) -> bool:
        return self.paid_at is not None


class PaymentEventType(models.TextChoices):
    """What happened to a payment, in the words of Saleor's `TransactionEventTypeEnum`."""

    CHARGE_REQUEST = "charge_request", _("Payment requested")
    CHARGE_ACTION_REQUIRED = "charge_action_required", _("Waiting for the buyer to pay")
    CHARGE_SUCCESS = "charge_success", _("Paid")
    CHARGE_FAILURE = "charge_failure", _("Payment failed")
    REFUND_SUCCESS = "refund_success", _("Refunded")
    REFUND_REQUEST = "refund_request", _("Refund to be paid by bank transfer")
    INFO = "info", _("Information")


class PaymentEvent(models.Model):
    """One step of a payment's history, read by the API as Saleor's `TransactionEvent`."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(max_length=24, choices=PaymentEventType.choices)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    psp_reference = models.CharField(max_length=255, blank=True)
    message = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class RefundStatus(models.TextChoices):
    SUCCEEDED = "succeeded", _("Refunded by the gateway")
    MANUAL_PENDING = "manual_pending", _("To be paid back by bank transfer")
    MANUAL_SENT = "manual_sent", _("Paid back by bank transfer")


class PaymentRefund(models.Model):
    """Money given back: by Stripe, or owed to the buyer by bank transfer (VietQR and cash)."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    status = models.CharField(max_length=16, choices=RefundStatus.choices)
    provider_id = models.CharField(max_length=255, blank=True)
    note = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="refund_positive")]


class WebhookProvider(models.TextChoices):
    BANK = "bank", _("Bank notification")
    STRIPE = "stripe", _("Stripe")


class WebhookEvent(models.Model):
    """Every verified webhook delivery, once: the unique (provider, event id) pair is the
    exactly-once guarantee (a redelivery fails to insert and is answered 200 without effect)."""

    provider = models.CharField(max_length=8, choices=WebhookProvider.choices)
    # Stripe's event id, or the bank-notification service's transaction id.
    event_id = models.CharField(max_length=255)
    event_type = models.CharField(max_length=64, blank=True)
    payload = models.JSONField()
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.SET_NULL, related_name="webhook_events"
    )
    outcome = models.CharField(max_length=32, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="uniq_webhook_event_per_provider")
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.event_id}"


class ReviewReason(models.TextChoices):
    UNKNOWN_REFERENCE = "unknown_reference", _("No order reference found")
    AMBIGUOUS_REFERENCE = "ambiguous_reference", _("Several order references found")
    UNDERPAID = "underpaid", _("Less than the amount due")
    OVERPAID = "overpaid", _("More than the amount due")
    EXPIRED = "expired", _("Paid after the payment expired")
    NOT_PENDING = "not_pending", _("Payment already settled")
    AMOUNT_MISMATCH = "amount_mismatch", _("Amount or currency differs from the order")


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")
    MARKED_PAID = "marked_paid", _("Marked paid manually")


class TransferReview(models.Model):
    """Money that arrived but could not be matched automatically; platform staff decide."""

    event = models.OneToOneField(WebhookEvent, on_delete=models.PROTECT, related_name="review")
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews"
    )
    reason = models.CharField(max_length=24, choices=ReviewReason.choices)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3)
    description = models.CharField(max_length=500, blank=True)
    status = models.CharField(
        max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.OPEN, db_index=True
    )
    resolution_note = models.CharField(max_length=500, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.amount} {self.currency}"
