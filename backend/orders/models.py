"""Order groups (one payment) split into one order per stall, with snapshots, events and the ledger."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.catalog.models import Channel, ProductVariant, Stock
from backend.payments.models import PaymentMethod
from backend.stalls.models import Stall

ZERO = Decimal(0)


class OrderStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Unconfirmed")
    CONFIRMED = "confirmed", _("Confirmed")
    PACKED = "packed", _("Packed")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


class DeliveryKind(models.TextChoices):
    FLAT = "flat", _("Flat rate")
    WEIGHT = "weight", _("Weight-based rate")
    PICKUP = "pickup", _("Pickup at the stall")


class OrderGroup(models.Model):
    """What the buyer placed in one checkout: the address, the totals and the one payment."""

    number = models.CharField(max_length=16, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="order_groups",
    )
    email = models.EmailField()
    # Guests read their orders with this token; it is never derived from the number.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The completed checkout's token: a retried checkoutComplete finds the group through it.
    checkout_token = models.UUIDField(null=True, blank=True, unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=16)
    street = models.CharField(_("street address"), max_length=255)
    commune_code = models.PositiveIntegerField(_("commune code"))
    province_code = models.PositiveSmallIntegerField(_("province code"), db_index=True)
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="order_groups")
    currency = models.CharField(max_length=3)
    subtotal = models.DecimalField(max_digits=14, decimal_places=2)
    shipping_total = models.DecimalField(max_digits=14, decimal_places=2)
    # What the voucher took off the merchandise (total = subtotal − discount + shipping).
    discount_total = models.DecimalField(max_digits=14, decimal_places=2, default=ZERO)
    voucher_code = models.CharField(max_length=32, blank=True)
    total = models.DecimalField(max_digits=14, decimal_places=2)
    payment_method = models.CharField(max_length=8, choices=PaymentMethod.choices)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.number


class Order(models.Model):
    """The part of a group one stall fulfils: its lines, delivery, money and status."""

    group = models.ForeignKey(OrderGroup, on_delete=models.CASCADE, related_name="orders")
    stall = models.ForeignKey(Stall, on_delete=models.PROTECT, related_name="orders")
    number = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=12, choices=OrderStatus.choices, default=OrderStatus.UNCONFIRMED)
    delivery_method_name = models.CharField(max_length=128)
    delivery_kind = models.CharField(max_length=8, choices=DeliveryKind.choices)
    # The stall's method at order time; the name and price above are the frozen copy.
    shipping_method = models.ForeignKey(
        "checkout.ShippingMethod", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    carrier = models.CharField(max_length=64, blank=True)
    tracking_number = models.CharField(max_length=64, blank=True)
    currency = models.CharField(max_length=3)
    merchandise_total = models.DecimalField(max_digits=14, decimal_places=2)
    shipping_total = models.DecimalField(max_digits=14, decimal_places=2)
    # This order's share of the group's voucher discount (total = merchandise − discount + shipping)
    # and the part of it the platform funds: the stall earns that part back on delivery.
    discount_amount = models.DecimalField(max_digits=14, decimal_places=2, default=ZERO)
    discount_platform_amount = models.DecimalField(max_digits=14, decimal_places=2, default=ZERO)
    total = models.DecimalField(max_digits=14, decimal_places=2)
    refunded_amount = models.DecimalField(max_digits=14, decimal_places=2, default=ZERO)
    cancel_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["stall", "status", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(refunded_amount__gte=0, refunded_amount__lte=models.F("total")),
                name="order_refund_within_total",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    discount_amount__gte=0,
                    discount_amount__lte=models.F("merchandise_total"),
                    discount_platform_amount__gte=0,
                    discount_platform_amount__lte=models.F("discount_amount"),
                ),
                name="order_discount_within_merchandise",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class OrderLine(models.Model):
    """One variant in an order, with a snapshot that survives later catalog edits."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(
        ProductVariant, null=True, blank=True, on_delete=models.SET_NULL, related_name="order_lines"
    )
    product_name = models.CharField(max_length=250)
    variant_name = models.CharField(max_length=255, blank=True)
    sku = models.CharField(max_length=64)
    unit_price = models.DecimalField(max_digits=14, decimal_places=2)
    quantity = models.PositiveIntegerField()
    quantity_fulfilled = models.PositiveIntegerField(default=0)
    # What was true at the sale, for the officials' figures: weights change and certificates
    # expire. No weight → the line counts as "weight unknown"; no stars → not an OCOP sale.
    unit_weight_grams = models.PositiveIntegerField(null=True, blank=True)
    ocop_stars = models.PositiveSmallIntegerField(null=True, blank=True)
    ocop_group = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity_fulfilled__lte=models.F("quantity")),
                name="line_fulfilled_within_quantity",
            )
        ]

    @property
    def total(self) -> Decimal:
        return self.unit_price * self.quantity


class Allocation(models.Model):
    """Units of an order line promised from one stock row until shipped or released."""

    order_line = models.ForeignKey(OrderLine, on_delete=models.CASCADE, related_name="allocations")
    stock = models.ForeignKey(Stock, on_delete=models.CASCADE, related_name="allocations")
    quantity = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["order_line", "stock"], name="uniq_allocation")]


class Fulfillment(models.Model):
    """A parcel handed to a carrier (or to the buyer at the stall)."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="fulfillments")
    carrier = models.CharField(max_length=64, blank=True)
    tracking_number = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)


class FulfillmentLine(models.Model):
    fulfillment = models.ForeignKey(Fulfillment, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(OrderLine, on_delete=models.CASCADE, related_name="fulfillment_lines")
    quantity = models.PositiveIntegerField()


class OrderEventType(models.TextChoices):
    PLACED = "placed", _("Order placed")
    CONFIRMED = "confirmed", _("Order confirmed")
    PAID = "paid", _("Payment received")
    PACKED = "packed", _("Order packed")
    SHIPPED = "shipped", _("Order shipped")
    DELIVERED = "delivered", _("Order delivered")
    CANCELLED = "cancelled", _("Order cancelled")
    REFUNDED = "refunded", _("Refund issued")
    NOTE = "note", _("Note")


class OrderEvent(models.Model):
    """An append-only history entry: every status change and money movement writes one."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(max_length=12, choices=OrderEventType.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]


class CommissionLine(models.Model):
    """The platform's commission on one order, frozen at order time (rate × the merchandise total
    after the voucher discount)."""

    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="commission")
    rate = models.DecimalField(max_digits=5, decimal_places=4)
    base_amount = models.DecimalField(max_digits=14, decimal_places=2)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3)
    created_at = models.DateTimeField(auto_now_add=True)


class LedgerKind(models.TextChoices):
    EARNED = "earned", _("Earned")
    COMMISSION = "commission", _("Commission")
    REFUND = "refund", _("Refund")
    PAYOUT = "payout", _("Payout")


class PayoutLedgerEntry(models.Model):
    """A signed movement of what the platform owes a stall; the balance is the sum of the amounts.

    Earned entries are positive; commission, refund and payout entries are negative.
    """

    stall = models.ForeignKey(Stall, on_delete=models.PROTECT, related_name="ledger_entries")
    kind = models.CharField(max_length=12, choices=LedgerKind.choices)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3)
    order = models.ForeignKey(
        Order, null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_entries"
    )
    reference = models.CharField(_("bank reference"), max_length=64, blank=True)
    note = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["stall", "currency"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="earned", amount__gte=0)
                    | (~models.Q(kind="earned") & models.Q(amount__lte=0))
                ),
                name="ledger_sign_by_kind",
            ),
            # Delivery books its earned and commission entries once per order.
            models.UniqueConstraint(
                fields=["order", "kind"],
                condition=models.Q(kind__in=["earned", "commission"]),
                name="uniq_ledger_earning_per_order",
            ),
        ]
