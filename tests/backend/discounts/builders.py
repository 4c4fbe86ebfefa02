"""Builders for voucher tests: vouchers through the real action, checkouts carrying a promo code."""

from backend.checkout import actions
from backend.discounts.actions import voucher_create
from backend.discounts.models import Voucher
from tests.backend.checkout.builders import channel


def make_voucher(
    code: str = "TET10", *, stall=None, kind: str = "percentage", value="10", **fields
) -> Voucher:
    return voucher_create(stall=stall, channel=channel("vn"), code=code, kind=kind, value=value, **fields)


def with_code(checkout, code: str, user=None):
    from django.contrib.auth.models import AnonymousUser

    return actions.checkout_promo_code_add(checkout=checkout, promo_code=code, user=user or AnonymousUser())
