"""Writes on reviews: a verified buyer reviews once, the stall replies and reports, staff hide."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from backend.accounts.models import User
from backend.accounts.roles import is_platform_staff
from backend.catalog.models import Product
from backend.core.errors import DomainError
from backend.core.richtext import html_to_text
from backend.reviews.error_codes import ReviewErrorCode
from backend.reviews.models import (
    RATING_MAX,
    RATING_MIN,
    REASON_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    ReportStatus,
    Review,
    ReviewReply,
    ReviewReport,
    ReviewStatus,
)
from backend.reviews.selectors import delivered_line_for


def plain_text(text: str | None) -> str:
    """User-written words as plain text: tags and entities gone, line breaks kept, blank runs folded."""
    lines = [html_to_text(line) for line in (text or "").replace("\r\n", "\n").split("\n")]
    paragraphs, blank = [], False
    for line in lines:
        if line:
            paragraphs.append(line)
            blank = False
        elif paragraphs and not blank:
            paragraphs.append("")
            blank = True
    return "\n".join(paragraphs).strip()


def _clean(text: str | None, *, field: str, max_length: int, required: bool) -> str:
    cleaned = plain_text(text)
    if required and not cleaned:
        raise DomainError(ReviewErrorCode.REQUIRED, "This field is required.", field)
    if len(cleaned) > max_length:
        raise DomainError(ReviewErrorCode.TOO_LONG, f"Write at most {max_length} characters.", field)
    return cleaned


def _locked(review: Review) -> Review:
    # Hiding, unhiding and replying re-read the row under a lock, so two staff decisions (or a
    # decision racing a reply) apply one after the other on the current status.
    return Review.objects.select_for_update().select_related("product__stall").get(pk=review.pk)


def _require_member(review: Review, user: User) -> None:
    if not review.product.stall.members.filter(user=user).exists():
        raise DomainError(ReviewErrorCode.NOT_STALL_MEMBER, "Only the product's stall may do this.", "review")


def _require_staff(user: User) -> None:
    if not is_platform_staff(user):
        raise DomainError(ReviewErrorCode.NOT_STAFF, "Only platform staff decide what is hidden.", "review")


def review_create(*, user: User, product: Product, rating: int, text: str) -> Review:
    """A buyer reviews a product of a delivered order line of theirs, once per product."""
    if not isinstance(rating, int) or isinstance(rating, bool) or not RATING_MIN <= rating <= RATING_MAX:
        raise DomainError(ReviewErrorCode.INVALID_RATING, "Give between 1 and 5 stars.", "rating")
    cleaned = _clean(text, field="text", max_length=TEXT_MAX_LENGTH, required=False)
    line = delivered_line_for(user=user, product=product)
    if line is None:
        raise DomainError(
            ReviewErrorCode.NOT_ELIGIBLE,
            "Only buyers of a delivered order of this product may review it.",
            "product",
        )
    already = DomainError(
        ReviewErrorCode.ALREADY_REVIEWED, "You have already reviewed this product.", "product"
    )
    if Review.objects.filter(user=user, product=product).exists():
        raise already
    try:
        # The unique (user, product) constraint settles a double submit that passed the check above.
        with transaction.atomic():
            return Review.objects.create(
                product=product, user=user, order_line=line, rating=rating, text=cleaned
            )
    except IntegrityError:
        raise already from None


def review_reply(*, review: Review, user: User, text: str) -> ReviewReply:
    """A member of the product's stall answers a review, once."""
    cleaned = _clean(text, field="text", max_length=TEXT_MAX_LENGTH, required=True)
    with transaction.atomic():
        review = _locked(review)
        _require_member(review, user)
        if ReviewReply.objects.filter(review=review).exists():
            raise DomainError(ReviewErrorCode.ALREADY_REPLIED, "The stall has already replied.", "review")
        return ReviewReply.objects.create(review=review, author=user, text=cleaned)


def review_report(*, review: Review, user: User, reason: str) -> ReviewReport:
    """A member of the product's stall asks staff to look at a review; one open report at a time."""
    cleaned = _clean(reason, field="reason", max_length=REASON_MAX_LENGTH, required=True)
    already = DomainError(
        ReviewErrorCode.ALREADY_REPORTED, "This review is already waiting for staff.", "review"
    )
    with transaction.atomic():
        review = _locked(review)
        _require_member(review, user)
        if review.status == ReviewStatus.HIDDEN:
            raise DomainError(ReviewErrorCode.INVALID_STATUS, "This review is already hidden.", "review")
        if review.reports.filter(status=ReportStatus.OPEN).exists():
            raise already
        return ReviewReport.objects.create(review=review, reported_by=user, reason=cleaned)


def review_hide(*, review: Review, user: User, reason: str) -> Review:
    """Platform staff hide a review from the shop; its open reports are decided with it."""
    _require_staff(user)
    cleaned = _clean(reason, field="reason", max_length=REASON_MAX_LENGTH, required=True)
    with transaction.atomic():
        review = _locked(review)
        if review.status == ReviewStatus.HIDDEN:
            raise DomainError(ReviewErrorCode.INVALID_STATUS, "This review is already hidden.", "review")
        now = timezone.now()
        review.status = ReviewStatus.HIDDEN
        review.hidden_by, review.hidden_at, review.hidden_reason = user, now, cleaned
        review.save(update_fields=["status", "hidden_by", "hidden_at", "hidden_reason"])
        review.reports.filter(status=ReportStatus.OPEN).update(
            status=ReportStatus.REVIEW_HIDDEN, decided_by=user, decided_at=now
        )
    return review


def review_unhide(*, review: Review, user: User) -> Review:
    """Platform staff show a hidden review again."""
    _require_staff(user)
    with transaction.atomic():
        review = _locked(review)
        if review.status != ReviewStatus.HIDDEN:
            raise DomainError(ReviewErrorCode.INVALID_STATUS, "This review is not hidden.", "review")
        review.status = ReviewStatus.VISIBLE
        review.hidden_by, review.hidden_at, review.hidden_reason = None, None, ""
        review.save(update_fields=["status", "hidden_by", "hidden_at", "hidden_reason"])
    return review


def review_report_dismiss(*, report: ReviewReport, user: User) -> ReviewReport:
    """Platform staff keep the review visible and close the stall's report."""
    _require_staff(user)
    with transaction.atomic():
        # Locked so a dismissal racing a hide of the same review decides the report once.
        report = ReviewReport.objects.select_for_update().get(pk=report.pk)
        if report.status != ReportStatus.OPEN:
            raise DomainError(ReviewErrorCode.INVALID_STATUS, "This report is already decided.", "report")
        report.status = ReportStatus.DISMISSED
        report.decided_by, report.decided_at = user, timezone.now()
        report.save(update_fields=["status", "decided_by", "decided_at"])
    return report
