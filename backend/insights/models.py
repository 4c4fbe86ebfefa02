"""Rollup tables behind the officials' and cooperatives' figures, declared sales and provinces' OCOP lists.

The rollups are derived data: `backend.insights.rollups` rewrites a (stall, local day) bucket from
the orders and scans after they commit, and rebuilds every bucket from scratch on demand. Product,
category and channel are plain ids there (no foreign keys): a deleted product must not block a
delete or rewrite history, and the next rebuild drops what no longer exists.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.catalog.models import Category, Product
from backend.stalls.models import Stall

# OrderRollup keys: "any" stands for "whatever the line's value", so an order is counted once per
# combination of filters it matches (category 0 = any category; -1 = any stars / any group).
ANY_CATEGORY = 0
ANY = -1


class SalesRollup(models.Model):
    """Counted order lines of one stall on one local day, summed per product, OCOP status,
    channel and buyers' province. Revenue is net of refunds, in the row's currency only."""

    day = models.DateField()
    stall = models.ForeignKey(Stall, on_delete=models.CASCADE, related_name="+")
    product_id = models.PositiveIntegerField()  # 0: the product no longer exists
    category_id = models.PositiveIntegerField()  # 0: unknown
    ocop_stars = models.PositiveSmallIntegerField()  # 0: not an OCOP product at the sale
    ocop_group = models.PositiveSmallIntegerField()  # 0: not an OCOP product at the sale
    channel_id = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    buyer_province_code = models.PositiveSmallIntegerField()
    lines = models.PositiveIntegerField()
    units = models.PositiveBigIntegerField()
    revenue = models.DecimalField(max_digits=18, decimal_places=2)
    grams = models.PositiveBigIntegerField()  # of the lines whose unit weight was known
    lines_weight_unknown = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["stall", "day"]),
            models.Index(fields=["day"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "stall",
                    "day",
                    "product_id",
                    "ocop_stars",
                    "ocop_group",
                    "channel_id",
                    "currency",
                    "buyer_province_code",
                ],
                name="uniq_sales_rollup_key",
            )
        ]


class OrderRollup(models.Model):
    """Counted orders of one stall on one local day per channel and buyers' province, once for
    each (category or any, stars or any, group or any) their lines match, so that every filter
    the dashboard offers reads an exact order count from one row per key."""

    day = models.DateField()
    stall = models.ForeignKey(Stall, on_delete=models.CASCADE, related_name="+")
    channel_id = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    buyer_province_code = models.PositiveSmallIntegerField()
    category_id = models.PositiveIntegerField()  # a line's category or one of its ancestors, or ANY_CATEGORY
    ocop_stars = models.SmallIntegerField()  # 0 not OCOP, 3–5, or ANY
    ocop_group = models.SmallIntegerField()  # 0 not OCOP, 1–6, or ANY
    orders = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["stall", "day"]),
            models.Index(fields=["category_id", "ocop_stars", "ocop_group", "day"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "stall",
                    "day",
                    "channel_id",
                    "currency",
                    "buyer_province_code",
                    "category_id",
                    "ocop_stars",
                    "ocop_group",
                ],
                name="uniq_order_rollup_key",
            )
        ]


class ScanRollup(models.Model):
    """Scans of one stall's stamps on one local day, per verdict and the scanner's province."""

    day = models.DateField()
    stall = models.ForeignKey(Stall, on_delete=models.CASCADE, related_name="+")
    verdict = models.CharField(max_length=24)
    province_code = models.PositiveSmallIntegerField()  # 0: not shared by the scanner
    scans = models.PositiveIntegerField()
    first_scans = models.PositiveIntegerField()  # scans that were their stamp's first

    class Meta:
        indexes = [models.Index(fields=["stall", "day"]), models.Index(fields=["day"])]
        constraints = [
            models.UniqueConstraint(
                fields=["stall", "day", "verdict", "province_code"], name="uniq_scan_rollup_key"
            )
        ]


class SalesDeclaration(models.Model):
    """A stall's own monthly sales outside Nông Sàn (other e-commerce platforms, offline), for
    the whole stall, one product or one category, in one currency."""

    stall = models.ForeignKey(Stall, on_delete=models.CASCADE, related_name="sales_declarations")
    month = models.DateField(_("month"))  # the first day of the month
    product = models.ForeignKey(
        Product, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("category"),
    )
    currency = models.CharField(_("currency"), max_length=3, default="VND")
    other_online_amount = models.DecimalField(
        _("sales on other e-commerce platforms"), max_digits=16, decimal_places=2
    )
    offline_amount = models.DecimalField(_("sales offline"), max_digits=16, decimal_places=2)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-month", "pk"]
        indexes = [models.Index(fields=["month", "stall"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(product__isnull=False, category__isnull=False),
                name="declaration_product_or_category",
            ),
            models.CheckConstraint(
                condition=models.Q(other_online_amount__gte=0, offline_amount__gte=0),
                name="declaration_amounts_not_negative",
            ),
            models.UniqueConstraint(
                fields=["stall", "month", "currency", "product"],
                condition=models.Q(product__isnull=False),
                name="uniq_declaration_product",
            ),
            models.UniqueConstraint(
                fields=["stall", "month", "currency", "category"],
                condition=models.Q(category__isnull=False),
                name="uniq_declaration_category",
            ),
            models.UniqueConstraint(
                fields=["stall", "month", "currency"],
                condition=models.Q(product__isnull=True, category__isnull=True),
                name="uniq_declaration_whole_stall",
            ),
        ]


class OcopListEntry(models.Model):
    """One product of a province's official list of OCOP-certified products, as imported."""

    province_code = models.PositiveSmallIntegerField(_("province code"), db_index=True)
    row = models.PositiveIntegerField()  # the spreadsheet row it came from
    product_name = models.CharField(_("product"), max_length=250)
    producer_name = models.CharField(_("producer"), max_length=200)
    stars = models.PositiveSmallIntegerField(_("stars"))
    decision_number = models.CharField(_("decision number"), max_length=64)
    decision_date = models.DateField(_("decision date"))
    # Folded (backend.core.text.fold) copies the matching reads; decision numbers also lose spaces.
    product_key = models.CharField(max_length=250)
    producer_key = models.CharField(max_length=200)
    decision_key = models.CharField(max_length=64)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField()

    class Meta:
        ordering = ["province_code", "row"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stars__gte=3, stars__lte=5), name="ocop_list_stars_3_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.product_name} ({self.stars}★, {self.decision_number})"
