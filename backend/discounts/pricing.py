"""What a voucher takes off a checkout: checks against the cart, and the split over its stalls."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from babel.numbers import get_currency_precision

from backend.accounts.models import User
from backend.catalog.models import Channel
from backend.core.errors import DomainError
from backend.core.money import format_money, quantize
from backend.discounts.error_codes import DiscountErrorCode as E
from backend.discounts.models import Voucher, VoucherKind
from backend.discounts.selectors import voucher_used_by

ZERO = Decimal(0)


@dataclass(frozen=True)
class VoucherDiscount:
    """A voucher's discount on one checkout: the total and each stall's share of it."""

    voucher: Voucher
    total: Decimal
    per_stall: dict[int, Decimal]


def voucher_check_usable(*, voucher: Voucher, email: str, user: User | None, now: datetime) -> None:
    """Refuse a voucher that is switched off, outside its dates, used up, or used by this customer."""
    if not voucher.is_active or now < voucher.starts_at or (voucher.ends_at and now >= voucher.ends_at):
        raise DomainError(E.VOUCHER_NOT_ACTIVE, "This promo code is not valid at this time.", "promoCode")
    if voucher.usage_limit is not None and voucher.used >= voucher.usage_limit:
        raise DomainError(E.VOUCHER_USAGE_LIMIT_REACHED, "This promo code has been used up.", "promoCode")
    if voucher.apply_once_per_customer and voucher_used_by(voucher=voucher, email=email, user=user):
        raise DomainError(E.VOUCHER_ALREADY_USED, "You have already used this promo code.", "promoCode")


def _split(total: Decimal, weights: Mapping[int, Decimal], currency: str) -> dict[int, Decimal]:
    """Share `total` over the keys pro rata to `weights`, in minor units by largest remainder."""
    unit = Decimal(1).scaleb(-get_currency_precision(currency))
    units = int(total / unit)
    base = sum(weights.values(), ZERO)
    exact = {key: units * weight / base for key, weight in weights.items()}
    shares = {key: int(value) for key, value in exact.items()}
    left = units - sum(shares.values())
    for key in sorted(exact, key=lambda k: (-(exact[k] - shares[k]), k))[:left]:
        shares[key] += 1
    return {key: share * unit for key, share in shares.items()}


def voucher_discount(
    *,
    voucher: Voucher,
    channel: Channel,
    subtotals: Mapping[int, Decimal],
    email: str,
    user: User | None,
    now: datetime,
) -> VoucherDiscount:
    """The discount `voucher` gives on merchandise subtotals per stall id, or a refusal.

    A stall's voucher counts that stall's lines only; a platform voucher counts every line. The
    minimum spend is measured on the lines that count. The discount never exceeds them.
    """
    voucher_check_usable(voucher=voucher, email=email, user=user, now=now)
    if voucher.channel_id != channel.pk:
        raise DomainError(E.VOUCHER_NOT_APPLICABLE, "This promo code is not valid in this shop.", "promoCode")
    counted = {
        stall_id: amount
        for stall_id, amount in subtotals.items()
        if amount > 0 and (voucher.stall_id is None or stall_id == voucher.stall_id)
    }
    base = sum(counted.values(), ZERO)
    if base <= 0:
        raise DomainError(
            E.VOUCHER_NOT_APPLICABLE, "This promo code does not apply to the items in your cart.", "promoCode"
        )
    currency = channel.currency_code
    if voucher.min_spend_amount is not None and base < voucher.min_spend_amount:
        least = format_money(voucher.min_spend_amount, currency, "en")
        raise DomainError(
            E.VOUCHER_MIN_SPEND_NOT_REACHED,
            f"This promo code needs a spend of at least {least}.",
            "promoCode",
        )
    if voucher.kind == VoucherKind.PERCENTAGE:
        total = quantize(base * voucher.value / 100, currency)
    else:
        total = quantize(voucher.value, currency)
    total = min(total, base)
    return VoucherDiscount(voucher=voucher, total=total, per_stall=_split(total, counted, currency))
