"""Payment reads, always scoped: a buyer sees their own group's payment, platform staff the review
list and the refunds owed by bank transfer."""

import uuid

from django.db.models import QuerySet

from backend.accounts.models import User
from backend.accounts.roles import is_platform_staff
from backend.payments.models import Payment, PaymentRefund, RefundStatus, TransferReview


def payment_for_buyer(
    *, user: User, group_id: int | None = None, group_token: str | uuid.UUID | None = None
) -> Payment | None:
    """The payment of a group the signed-in user placed, or of the guest group whose token is given."""
    payments = Payment.objects.select_related("group")
    if group_token:
        try:
            return payments.filter(group__token=uuid.UUID(str(group_token))).first()
        except ValueError:
            return None
    if group_id is None or not user.is_authenticated:
        return None
    return payments.filter(group_id=group_id, group__user=user).first()


def transfer_reviews_for_staff(*, user: User, status: str | None = None) -> QuerySet[TransferReview]:
    if not is_platform_staff(user):
        return TransferReview.objects.none()
    reviews = TransferReview.objects.select_related("payment__group", "event", "resolved_by")
    return reviews.filter(status=status) if status else reviews


def transfer_review_for_staff(*, user: User, review_id: int) -> TransferReview | None:
    return transfer_reviews_for_staff(user=user).filter(pk=review_id).first()


def payment_for_staff(*, user: User, reference: str) -> Payment | None:
    """A transfer payment by its reference, for staff matching money by hand."""
    if not is_platform_staff(user) or not reference:
        return None
    return Payment.objects.select_related("group").filter(reference=reference.strip().upper()).first()


def refunds_owed_for_staff(*, user: User) -> QuerySet[PaymentRefund]:
    """Refunds staff still have to pay by bank transfer (cash and VietQR payments)."""
    if not is_platform_staff(user):
        return PaymentRefund.objects.none()
    return PaymentRefund.objects.filter(status=RefundStatus.MANUAL_PENDING).select_related("payment__group")


def refund_owed_for_staff(*, user: User, refund_id: int) -> PaymentRefund | None:
    return refunds_owed_for_staff(user=user).filter(pk=refund_id).first()
