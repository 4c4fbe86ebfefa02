"""The orders side of vouchers: what the stall earns and what refunds charge it, per funder."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Sum

from backend.checkout.complete import checkout_complete
from backend.orders import actions
from backend.orders.models import LedgerKind, PayoutLedgerEntry
from tests.backend.checkout.builders import make_shipping, make_variant, ready_checkout
from tests.backend.discounts.builders import make_voucher, with_code
from tests.factories import make_stall, make_user

pytestmark = pytest.mark.django_db


def _delivered_with(code, stall, owner):
    checkout = with_code(ready_checkout([(make_variant(stall, price=100_000), 3)]), code)
    order = checkout_complete(checkout=checkout, payment_method="cod", user=AnonymousUser()).orders.get()
    actions.order_fulfill(order=order, actor=owner, carrier="GHN", tracking_number="T")
    return actions.order_mark_delivered(order=order, actor=owner)


@pytest.fixture
def coop():
    owner = make_user()
    stall = make_stall(owner, commission_rate=Decimal("0.10"))
    make_shipping(stall, price=20_000)
    return stall, owner


def _ledger(order) -> dict:
    rows = PayoutLedgerEntry.objects.filter(order=order).values("kind").annotate(total=Sum("amount"))
    return {row["kind"]: row["total"] for row in rows}


def test_stall_funded_discount_is_borne_by_the_stall(coop):
    stall, owner = coop
    make_voucher("AN", stall=stall, kind="fixed", value="30000")
    order = _delivered_with("AN", stall, owner)
    # Paid 300.000 − 30.000 + 20.000; commission 10 % of 270.000.
    assert order.total == Decimal(290_000)
    assert _ledger(order) == {LedgerKind.EARNED: Decimal(290_000), LedgerKind.COMMISSION: Decimal(-27_000)}


def test_platform_funded_discount_is_earned_back_by_the_stall(coop):
    stall, owner = coop
    make_voucher("SAN", kind="fixed", value="30000")
    order = _delivered_with("SAN", stall, owner)
    assert order.total == Decimal(290_000)
    assert _ledger(order) == {LedgerKind.EARNED: Decimal(320_000), LedgerKind.COMMISSION: Decimal(-27_000)}


def test_refunds_give_back_the_platform_discount_pro_rata_and_add_up_to_all_of_it(coop):
    stall, owner = coop
    make_voucher("SAN", kind="fixed", value="30001")
    order = _delivered_with("SAN", stall, owner)
    paid = order.total  # 289.999
    actions.order_refund(order=order, amount=Decimal(100_000), actor=owner, reason="một hộp dập")
    first = PayoutLedgerEntry.objects.get(order=order, kind=LedgerKind.REFUND)
    # 100.000 back to the buyer, and 30.001 × 100.000 / 289.999 = 10.345 of the platform's discount.
    assert first.amount == Decimal(-110_345)
    actions.order_refund(order=order, amount=paid - Decimal(100_000), actor=owner, reason="cả đơn")
    refunds = PayoutLedgerEntry.objects.filter(order=order, kind=LedgerKind.REFUND)
    assert sum(r.amount for r in refunds) == -(paid + Decimal(30_001))
    assert order.events.filter(type="refunded").first().data["platform_discount_returned"] == "10345"
