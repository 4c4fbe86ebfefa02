"""Payment reads, always scoped: a buyer sees their own group's payment, platform staff the review
list and the refunds owed by bank transfer."""

import uuid

from django.db.models import QuerySet

from backend.accounts.models import User
from backend.accounts.roles import is_platform_staff
from backend.payments.models import Payment, PaymentMethod, PaymentRefund, RefundStatus, TransferReview


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


def payment_for_transaction(*, token: str | uuid.UUID) -> Payment | None:
    """The payment behind its random token (the API's TransactionItem id): holding it is the right
    to read it, as a checkout's token is for its checkout."""
    try:
        token = uuid.UUID(str(token))
    except ValueError:
        return None
    return Payment.objects.select_related("group").filter(token=token).first()


def payment_for_checkout(*, checkout_token: str | uuid.UUID) -> Payment | None:
    """The payment a checkout began and has not completed into a group yet (None if none). The caller
    has already found the checkout through the checkout's own scoped selector."""
    return Payment.objects.filter(checkout_token=checkout_token, group__isnull=True).first()


def payment_methods_for_currency(*, currency: str) -> list[str]:
    """The methods a checkout in `currency` may pay by: cash and VietQR settle in đồng only."""
    return [m for m in PaymentMethod.values if m == PaymentMethod.STRIPE or currency == "VND"]
