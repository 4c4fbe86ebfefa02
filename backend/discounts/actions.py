"""Voucher writes: a stall or staff creates one; completing a checkout redeems it under a lock."""

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone

from backend.accounts.models import User
from backend.catalog.models import Channel
from backend.core.errors import DomainError
from backend.discounts.error_codes import DiscountErrorCode as E
from backend.discounts.models import Voucher, VoucherKind, VoucherRedemption
from backend.discounts.pricing import voucher_check_usable
from backend.discounts.selectors import code_normalize
from backend.orders.models import OrderGroup
from backend.stalls.models import Stall

MAX_CODE_LENGTH = 32


def voucher_create(
    *,
    stall: Stall | None,
    channel: Channel,
    code: str,
    kind: str,
    value: Decimal | str,
    name: str = "",
    min_spend_amount: Decimal | str | None = None,
    usage_limit: int | None = None,
    apply_once_per_customer: bool = False,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
) -> Voucher:
    """A new voucher funded by `stall` (None: the platform), refused with a code when malformed."""
    code = code_normalize(code)
    if not code or len(code) > MAX_CODE_LENGTH or not code.replace("-", "").replace("_", "").isalnum():
        raise DomainError(E.INVALID, f"A code is 1 to {MAX_CODE_LENGTH} letters, digits, '-' or '_'.", "code")
    if kind not in VoucherKind.values:
        raise DomainError(E.INVALID_VALUE, "Choose a percentage or a fixed amount.", "kind")
    try:
        value = Decimal(str(value))
        min_spend = Decimal(str(min_spend_amount)) if min_spend_amount not in (None, "") else None
    except InvalidOperation as exc:
        raise DomainError(E.INVALID_VALUE, "Enter a number.", "value") from exc
    if value <= 0 or (kind == VoucherKind.PERCENTAGE and value > 100) or value >= Decimal(10) ** 12:
        raise DomainError(
            E.INVALID_VALUE, "A percentage is above 0 and at most 100; an amount is above 0.", "value"
        )
    if min_spend is not None and (min_spend < 0 or min_spend >= Decimal(10) ** 12):
        raise DomainError(E.INVALID_VALUE, "The minimum spend cannot be negative.", "minSpend")
    if usage_limit is not None and usage_limit < 1:
        raise DomainError(E.INVALID_VALUE, "A usage limit is at least 1.", "usageLimit")
    starts_at = starts_at or timezone.now()
    if ends_at is not None and ends_at <= starts_at:
        raise DomainError(E.INVALID_DATES, "The end must come after the start.", "endDate")
    try:
        with transaction.atomic():
            return Voucher.objects.create(
                stall=stall,
                channel=channel,
                code=code,
                name=(name or "").strip()[:128],
                kind=kind,
                value=value,
                min_spend_amount=min_spend,
                usage_limit=usage_limit,
                apply_once_per_customer=apply_once_per_customer,
                starts_at=starts_at,
                ends_at=ends_at,
            )
    except IntegrityError as exc:
        raise DomainError(E.DUPLICATED_CODE, "This code is already taken.", "code") from exc


def voucher_set_active(*, voucher: Voucher, is_active: bool) -> Voucher:
    voucher.is_active = is_active
    voucher.save(update_fields=["is_active"])
    return voucher


def voucher_redeem(
    *, voucher: Voucher, group: OrderGroup, amount: Decimal, user: User | None, email: str
) -> VoucherRedemption:
    """Count one use of the voucher for a group being placed, refusing it if it became unusable.

    Called inside the placing transaction (after the checkout and the stock are locked).
    """
    # Lock the voucher row: two checkouts completing at once would both read `used` below the limit
    # and together use the code more often than it allows. The second waits here, then sees the
    # first's use (or its rollback) and is refused when the limit is reached.
    locked = Voucher.objects.select_for_update().get(pk=voucher.pk)
    voucher_check_usable(voucher=locked, email=email, user=user, now=timezone.now())
    locked.used += 1
    locked.save(update_fields=["used"])
    return VoucherRedemption.objects.create(
        voucher=locked, group=group, user=user, email=email, amount=amount
    )
