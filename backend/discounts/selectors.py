"""Voucher reads: by code for a checkout, a stall's own list for its dashboard, per-customer use."""

from django.db.models import Q, QuerySet

from backend.accounts.models import User
from backend.discounts.models import Voucher, VoucherRedemption
from backend.stalls.models import Stall


def code_normalize(code: str) -> str:
    """Codes compare case-insensitively: stored and looked up upper-case, without spaces around."""
    return (code or "").strip().upper()


def voucher_for_code(*, code: str) -> Voucher | None:
    code = code_normalize(code)
    if not code:
        return None
    return Voucher.objects.select_related("stall", "channel").filter(code=code).first()


def vouchers_for_stall(*, stall: Stall) -> QuerySet[Voucher]:
    """The stall's own vouchers, newest first; another stall's or the platform's never appear."""
    return Voucher.objects.filter(stall=stall).select_related("channel")


def voucher_used_by(*, voucher: Voucher, email: str, user: User | None) -> bool:
    """Whether this customer (by account, or by email for guests) already completed an order with it."""
    who = Q(email__iexact=email) if email else Q(pk__in=[])
    if user is not None:
        who |= Q(user=user)
    return VoucherRedemption.objects.filter(who, voucher=voucher).exists()
