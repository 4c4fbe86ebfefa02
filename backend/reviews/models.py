"""Reviews of a product by buyers of a delivered order line, one reply by its stall, stall reports."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.catalog.models import Product
from backend.orders.models import OrderLine

RATING_MIN, RATING_MAX = 1, 5
TEXT_MAX_LENGTH = 2000
REASON_MAX_LENGTH = 500


class ReviewStatus(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    HIDDEN = "hidden", _("Hidden")


class Review(models.Model):
    """A buyer's rating and words on a product, proven by the delivered order line it points to."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="reviews")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews")
    # The purchase that made the buyer eligible; kept null if the order is ever deleted.
    order_line = models.ForeignKey(
        OrderLine, null=True, blank=True, on_delete=models.SET_NULL, related_name="reviews"
    )
    rating = models.PositiveSmallIntegerField(_("rating"))
    # Plain text (tags stripped when written), escaped by templates like any other text.
    text = models.TextField(_("review"), blank=True)
    status = models.CharField(max_length=8, choices=ReviewStatus.choices, default=ReviewStatus.VISIBLE)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["product", "status", "-created_at"])]
        constraints = [
            models.UniqueConstraint(fields=["user", "product"], name="review_one_per_buyer_and_product"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=RATING_MIN, rating__lte=RATING_MAX),
                name="review_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_id}: {self.rating}★"

    @property
    def is_verified(self) -> bool:
        """Bought and delivered: the badge the shop shows."""
        return self.order_line_id is not None

    @property
    def reviewer_name(self) -> str:
        """What the public sees of the buyer: given name and family initial, never the email.

        Vietnamese names put the family name first ("Nguyễn Thị Mai" → "Mai N.").
        """
        words = (self.user.full_name or "").split()
        if not words:
            return str(_("A buyer"))
        if len(words) == 1:
            return words[0]
        return f"{words[-1]} {words[0][0]}."


class ReviewReply(models.Model):
    """The stall's one public answer to a review, written by one of its members."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="reply")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("reply"))
    created_at = models.DateTimeField(auto_now_add=True)


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    REVIEW_HIDDEN = "hidden", _("Review hidden")
    DISMISSED = "dismissed", _("Dismissed")


class ReviewReport(models.Model):
    """A stall asking platform staff to look at a review; staff hide it or dismiss the report."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reports")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reason"))
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["review"],
                condition=models.Q(status="open"),
                name="review_one_open_report",
            )
        ]
