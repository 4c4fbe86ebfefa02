"""Vouchers (promo codes) and their redemptions, one per placed order group."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.catalog.models import Channel
from backend.orders.models import OrderGroup
from backend.stalls.models import Stall


class VoucherKind(models.TextChoices):
    PERCENTAGE = "percentage", _("Percentage")
    FIXED = "fixed", _("Fixed amount")


class Voucher(models.Model):
    """A code that takes money off the merchandise of a checkout in one channel.

    Funded by `stall` (only that stall's lines count, and the stall bears the discount) or, when
    `stall` is empty, by the platform (every line counts, split over the stalls pro rata; the stall
    still earns the undiscounted price). `used` counts completed orders and only grows under a row
    lock (`voucher_redeem`).
    """

    code = models.CharField(_("code"), max_length=32, unique=True)  # stored upper-case
    name = models.CharField(_("name"), max_length=128, blank=True)
    stall = models.ForeignKey(Stall, null=True, blank=True, on_delete=models.PROTECT, related_name="vouchers")
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="vouchers")
    kind = models.CharField(_("kind"), max_length=12, choices=VoucherKind.choices)
    # A percentage (0 < value ≤ 100) or an amount in the channel's currency.
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    min_spend_amount = models.DecimalField(
        _("minimum spend"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    usage_limit = models.PositiveIntegerField(_("usage limit"), null=True, blank=True)
    used = models.PositiveIntegerField(default=0)
    apply_once_per_customer = models.BooleanField(_("once per customer"), default=False)
    starts_at = models.DateTimeField(_("valid from"), default=timezone.now)
    ends_at = models.DateTimeField(_("valid until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gt=0), name="voucher_value_positive"),
            models.CheckConstraint(
                condition=~Q(kind="percentage") | Q(value__lte=100), name="voucher_percentage_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(usage_limit__isnull=True) | Q(used__lte=F("usage_limit")),
                name="voucher_used_within_limit",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="voucher_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def funded_by_platform(self) -> bool:
        return self.stall_id is None


class VoucherRedemption(models.Model):
    """A voucher used by one placed order group, with the discount it gave."""

    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="redemptions")
    group = models.OneToOneField(OrderGroup, on_delete=models.CASCADE, related_name="voucher_redemption")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField()
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["voucher", "email"])]
