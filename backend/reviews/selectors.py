"""Scoped reads of reviews: what a product shows, what a buyer may review, what a stall and staff see."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum

from backend.accounts.models import User
from backend.accounts.roles import is_platform_staff
from backend.catalog.models import Product
from backend.catalog.selectors import channels_active, products_visible
from backend.orders.models import OrderLine, OrderStatus
from backend.reviews.models import ReportStatus, Review, ReviewReport, ReviewStatus
from backend.stalls.models import Stall

_ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class ReviewSummary:
    """A product's visible reviews: the mean rating to one decimal (None without reviews) and count."""

    average: Decimal | None
    count: int


def _summary(total: int | None, count: int) -> ReviewSummary:
    if not count:
        return ReviewSummary(average=None, count=0)
    average = (Decimal(total) / Decimal(count)).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)
    return ReviewSummary(average=average, count=count)


def _with_relations(reviews: QuerySet[Review]) -> QuerySet[Review]:
    return reviews.select_related("user", "product__stall", "reply")


def reviews_for_product(*, product: Product) -> QuerySet[Review]:
    """What the shop shows under a product: visible reviews, newest first, each with its reply."""
    return _with_relations(Review.objects.filter(product=product, status=ReviewStatus.VISIBLE))


def review_summary(*, product: Product) -> ReviewSummary:
    return review_summaries(product_ids=[product.pk])[product.pk]


def review_summaries(*, product_ids: list[int]) -> dict[int, ReviewSummary]:
    """Summaries for a page of products in one query; a product without reviews gets (None, 0)."""
    ids = list(product_ids)
    rows = (
        Review.objects.filter(product_id__in=ids, status=ReviewStatus.VISIBLE)
        .order_by()
        .values("product_id")
        .annotate(total=Sum("rating"), count=Count("pk"))
    )
    found = {row["product_id"]: _summary(row["total"], row["count"]) for row in rows}
    return {pk: found.get(pk, ReviewSummary(average=None, count=0)) for pk in ids}


def delivered_lines(*, user: User | AnonymousUser) -> QuerySet[OrderLine]:
    """Order lines the user bought (signed in) whose stall's order was delivered: proofs of purchase."""
    if not user.is_authenticated:
        return OrderLine.objects.none()
    return OrderLine.objects.filter(
        order__group__user=user, order__status=OrderStatus.DELIVERED, variant__isnull=False
    )


def delivered_line_for(*, user: User | AnonymousUser, product: Product) -> OrderLine | None:
    """The oldest delivered line of `product` the user bought, or None when they may not review it."""
    return delivered_lines(user=user).filter(variant__product=product).order_by("pk").first()


def products_reviewable_by(*, user: User | AnonymousUser) -> QuerySet[Product]:
    """Products the user received and has not reviewed yet."""
    if not user.is_authenticated:
        return Product.objects.none()
    bought = delivered_lines(user=user).filter(variant__product=OuterRef("pk"))
    reviewed = Review.objects.filter(user=user, product=OuterRef("pk"))
    return (
        Product.objects.filter(Exists(bought))
        .exclude(Exists(reviewed))
        .select_related("stall")
        .order_by("name", "pk")
    )


def product_for_reviewer(*, user: User | AnonymousUser, product_id: int) -> Product | None:
    """A product the user may name when reviewing: one on sale in some channel, or one they received.

    Anything else looks missing, so a review attempt never reveals an unpublished product.
    """
    on_sale = Q()
    for channel in channels_active():
        on_sale |= Q(pk__in=products_visible(channel=channel).values("pk"))
    received = Q(pk__in=delivered_lines(user=user).values("variant__product"))
    return Product.objects.filter(on_sale | received, pk=product_id).select_related("stall").first()


def review_of_buyer(*, user: User | AnonymousUser, product: Product) -> Review | None:
    if not user.is_authenticated:
        return None
    return Review.objects.filter(user=user, product=product).first()


def reviews_by_buyer(*, user: User | AnonymousUser) -> QuerySet[Review]:
    """The user's own reviews, hidden ones included (they see why)."""
    if not user.is_authenticated:
        return Review.objects.none()
    return _with_relations(Review.objects.filter(user=user))


def _open_reports() -> Prefetch:
    return Prefetch(
        "reports", queryset=ReviewReport.objects.filter(status=ReportStatus.OPEN), to_attr="open_reports"
    )


def reviews_for_stall(*, stall: Stall) -> QuerySet[Review]:
    """Every review of the stall's products (hidden ones too), with the reply and open reports."""
    return _with_relations(Review.objects.filter(product__stall=stall)).prefetch_related(_open_reports())


def review_for_stall(*, stall: Stall, review_id: int) -> Review | None:
    return reviews_for_stall(stall=stall).filter(pk=review_id).first()


def review_for_member(*, user: User | AnonymousUser, review_id: int) -> Review | None:
    """A review of a product of a stall the user belongs to (to reply or report), else None."""
    if not user.is_authenticated:
        return None
    return _with_relations(Review.objects.filter(pk=review_id, product__stall__members__user=user)).first()


def reviews_for_staff(*, user: User | AnonymousUser) -> QuerySet[Review]:
    """Every review, for platform staff deciding what is hidden; nothing for anyone else."""
    if not is_platform_staff(user):
        return Review.objects.none()
    return (
        _with_relations(Review.objects.all())
        .select_related("product__stall")
        .prefetch_related(_open_reports())
    )


def review_for_staff(*, user: User | AnonymousUser, review_id: int) -> Review | None:
    return reviews_for_staff(user=user).filter(pk=review_id).first()


def reports_open_for_staff(*, user: User | AnonymousUser) -> QuerySet[ReviewReport]:
    """Stalls' open reports, oldest first, for platform staff; nothing for anyone else."""
    if not is_platform_staff(user):
        return ReviewReport.objects.none()
    return ReviewReport.objects.filter(status=ReportStatus.OPEN).select_related(
        "review__user", "review__product__stall", "reported_by"
    )


def report_for_staff(*, user: User | AnonymousUser, report_id: int) -> ReviewReport | None:
    return reports_open_for_staff(user=user).filter(pk=report_id).first()
