"""Carts spanning several stalls, the buyer's address, one delivery choice per stall, stall rates."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from backend.catalog.models import Channel, ProductVariant
from backend.discounts.models import Voucher
from backend.orders.models import DeliveryKind
from backend.stalls.models import Stall


class ShippingMethod(models.Model):
    """A delivery option a stall offers in one channel: flat, weight-tiered, or pickup at the stall.

    `provider` names the carrier provider that quotes it (`stall` = the stall's own rates); see
    backend/checkout/shipping/.
    """

    stall = models.ForeignKey(Stall, on_delete=models.CASCADE, related_name="shipping_methods")
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="shipping_methods")
    name = models.CharField(_("name"), max_length=128)
    kind = models.CharField(_("kind"), max_length=8, choices=DeliveryKind.choices)
    provider = models.CharField(max_length=32, default="stall")
    # Flat price; for weight rates the tiers decide and this is unused; pickup is 0.
    price_amount = models.DecimalField(_("price"), max_digits=14, decimal_places=2, default=0)
    # Merchandise subtotal from which this method is free (null: never free).
    free_above_amount = models.DecimalField(
        _("free from subtotal"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # The delivery time the stall states, in days from the order (both or neither; min ≤ max).
    # Shown to buyers as an estimate; carriers with tracking APIs will refine it later.
    min_days = models.PositiveSmallIntegerField(_("minimum days"), null=True, blank=True)
    max_days = models.PositiveSmallIntegerField(_("maximum days"), null=True, blank=True)
    is_active = models.BooleanField(default=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["stall", "channel", "name"], name="uniq_shipping_method_name"),
            models.CheckConstraint(
                condition=models.Q(price_amount__gte=0), name="shipping_price_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(min_days__isnull=True, max_days__isnull=True)
                | models.Q(min_days__isnull=False, max_days__isnull=False, min_days__lte=F("max_days")),
                name="shipping_days_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (self.min_days is None) != (self.max_days is None):
            raise ValidationError(_("Enter both the minimum and the maximum days, or neither."))
        if self.min_days is not None and self.min_days > self.max_days:
            raise ValidationError({"max_days": _("The maximum days cannot be fewer than the minimum days.")})


class ShippingWeightTier(models.Model):
    """Price for parcels up to `max_weight_grams` (inclusive) for a weight-based method."""

    method = models.ForeignKey(ShippingMethod, on_delete=models.CASCADE, related_name="tiers")
    max_weight_grams = models.PositiveIntegerField()
    price_amount = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["max_weight_grams"]
        constraints = [
            models.UniqueConstraint(fields=["method", "max_weight_grams"], name="uniq_weight_tier"),
            models.CheckConstraint(condition=models.Q(price_amount__gte=0), name="tier_price_not_negative"),
        ]


class Checkout(models.Model):
    """A cart kept by its token, for guests and signed-in buyers alike."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="checkouts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="checkouts"
    )
    email = models.EmailField(blank=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True)
    street = models.CharField(_("street address"), max_length=255, blank=True)
    commune_code = models.PositiveIntegerField(_("commune code"), null=True, blank=True)
    province_code = models.PositiveSmallIntegerField(_("province code"), null=True, blank=True)
    # The promo code the buyer entered; checked again whenever the checkout is priced.
    voucher = models.ForeignKey(Voucher, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return str(self.token)

    @property
    def has_address(self) -> bool:
        return bool(
            self.full_name and self.phone and self.street and self.commune_code and self.province_code
        )


class CheckoutLine(models.Model):
    checkout = models.ForeignKey(Checkout, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(ProductVariant, on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["checkout", "variant"], name="uniq_checkout_variant"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="checkout_quantity_positive"),
        ]


class CheckoutDelivery(models.Model):
    """The buyer's delivery choice for the lines of one stall."""

    checkout = models.ForeignKey(Checkout, on_delete=models.CASCADE, related_name="deliveries")
    stall = models.ForeignKey(Stall, on_delete=models.CASCADE, related_name="+")
    shipping_method = models.ForeignKey(ShippingMethod, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["checkout", "stall"], name="uniq_delivery_per_stall")]


class SavedAddress(models.Model):
    """A delivery address a signed-in buyer keeps in their address book to fill in checkouts."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="addresses")
    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=16)
    street = models.CharField(_("street address"), max_length=255)
    commune_code = models.PositiveIntegerField(_("commune code"))
    province_code = models.PositiveSmallIntegerField(_("province code"))
    is_default = models.BooleanField(_("default address"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_default", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(is_default=True), name="one_default_address_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name}, {self.street}"
