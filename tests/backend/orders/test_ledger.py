"""Commission and payout ledger: earned on delivery less commission and refunds, payouts by staff."""

from decimal import Decimal

import pytest

from backend.core.errors import DomainError
from backend.orders import actions, selectors
from backend.orders.error_codes import OrderErrorCode
from backend.orders.models import LedgerKind, PayoutLedgerEntry
from tests.backend.checkout.builders import make_shipping, make_variant, place
from tests.factories import make_stall, make_user

pytestmark = pytest.mark.django_db


def _delivered(stall, owner, price, quantity=1):
    order = place([(make_variant(stall, price=price), quantity)]).orders.get()
    actions.order_fulfill(order=order, actor=owner, carrier="GHN", tracking_number="T")
    return actions.order_mark_delivered(order=order, actor=owner)


@pytest.fixture
def coop():
    owner = make_user()
    stall = make_stall(owner, commission_rate=Decimal("0.08"))
    make_shipping(stall, price=20_000)
    return stall, owner


def test_commission_is_frozen_at_order_time(coop):
    stall, owner = coop
    order = place([(make_variant(stall, price=100_000), 2)]).orders.get()
    stall.commission_rate = Decimal("0.5")
    stall.save()
    actions.order_fulfill(order=order, actor=owner, carrier="GHN", tracking_number="T")
    actions.order_mark_delivered(order=order, actor=owner)
    assert order.commission.rate == Decimal("0.08")
    assert PayoutLedgerEntry.objects.get(order=order, kind=LedgerKind.COMMISSION).amount == -16_000


def test_balance_is_earned_less_commission_refunds_and_payouts(coop):
    stall, owner = coop
    staff = make_user(is_staff=True)
    first = _delivered(stall, owner, 100_000)  # 120,000 earned, 8,000 commission
    _delivered(stall, owner, 50_000, quantity=2)  # 120,000 earned, 8,000 commission
    actions.order_refund(order=first, amount=Decimal(30_000), actor=owner, reason="Dập hỏng")
    assert selectors.stall_balance(stall=stall) == 240_000 - 16_000 - 30_000
    actions.payout_record(
        stall=stall, amount=Decimal(150_000), currency="VND", reference="VCB 001", actor=staff
    )
    assert selectors.stall_balance(stall=stall) == 44_000
    # Reconciliation: per-kind totals add up to the balance, and to the orders' own numbers.
    by_kind = {row["stall"]: row for row in selectors.stall_balances()}[stall]
    assert by_kind["earned"] + by_kind["commission"] + by_kind["refund"] + by_kind["payout"] == 44_000
    orders = stall.orders.all()
    assert by_kind["earned"] == sum(o.total for o in orders)
    assert -by_kind["commission"] == sum(o.commission.amount for o in orders)
    assert -by_kind["refund"] == sum(o.refunded_amount for o in orders)


def test_payout_above_balance_is_refused(coop):
    stall, owner = coop
    _delivered(stall, owner, 100_000)
    with pytest.raises(DomainError) as exc:
        actions.payout_record(
            stall=stall, amount=Decimal(200_000), currency="VND", reference="", actor=make_user(is_staff=True)
        )
    assert exc.value.code is OrderErrorCode.PAYOUT_EXCEEDS_BALANCE


def test_refund_above_what_is_left_is_refused(coop):
    stall, owner = coop
    order = _delivered(stall, owner, 100_000)
    actions.order_refund(order=order, amount=Decimal(100_000), actor=owner, reason="")
    with pytest.raises(DomainError) as exc:
        actions.order_refund(order=order, amount=Decimal(20_001), actor=owner, reason="")
    assert exc.value.code is OrderErrorCode.REFUND_EXCEEDS_PAID


def test_undelivered_order_earns_nothing(coop):
    stall, _owner = coop
    place([(make_variant(stall), 1)])
    assert selectors.stall_balance(stall=stall) == 0
