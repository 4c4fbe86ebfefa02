"""Shipped units are allocated to lots FIFO by expiry (through orders' real order_fulfill); a recall
lists the orders that received the lot, notifies their buyers, and only the right people may do it."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from backend.catalog.models import ProductVariant
from backend.orders.actions import order_fulfill
from backend.orders.models import Order
from tests.factories import make_official, make_stall, make_user
from tests.traceability.builders import make_confirmed_order, make_lot, make_variant
from traceability import actions
from traceability.error_codes import TraceabilityErrorCode
from traceability.models import LotAllocation, LotStatus

pytestmark = pytest.mark.django_db


def _confirmed_order(variant: ProductVariant, quantity: int, email: str = "buyer@example.vn") -> Order:
    return make_confirmed_order(variant, quantity, buyer={"email": email})


def _ship(order: Order) -> None:
    order_fulfill(order=order, actor=None, carrier="", tracking_number="")


def _allocated(order: Order) -> list[tuple[str, Decimal]]:
    return [(a.lot.code, a.quantity) for a in LotAllocation.objects.filter(order=order).select_related("lot")]


def test_fulfilment_allocates_oldest_expiry_first_across_lots():
    variant = make_variant(make_stall(make_user()))
    make_lot(variant, code="LATE", quantity="50", expiry_date=date(2027, 6, 1))
    make_lot(variant, code="EARLY", quantity="10", expiry_date=date(2027, 1, 1))
    make_lot(variant, code="DRAFT", quantity="50", expiry_date=date(2026, 12, 1), status=LotStatus.DRAFT)
    first = _confirmed_order(variant, 8)
    _ship(first)
    assert _allocated(first) == [("EARLY", Decimal(8))]
    second = _confirmed_order(variant, 5)
    _ship(second)
    assert _allocated(second) == [("EARLY", Decimal(2)), ("LATE", Decimal(3))]


def test_units_no_lot_can_take_stay_unallocated():
    variant = make_variant(make_stall(make_user()))
    make_lot(variant, code="ONLY", quantity="2")
    order = _confirmed_order(variant, 3)
    _ship(order)
    assert _allocated(order) == [("ONLY", Decimal(2))]


def _shipped_lot():
    owner = make_user()
    variant = make_variant(make_stall(owner, province_code=86))
    lot = make_lot(variant, code="RC1", quantity="100")
    orders = [_confirmed_order(variant, 2, email=f"b{n}@example.vn") for n in range(2)]
    for order in orders:
        _ship(order)
    return owner, lot, orders


def test_recall_changes_status_at_once_lists_orders_and_emails_buyers(django_capture_on_commit_callbacks):
    owner, lot, orders = _shipped_lot()
    with django_capture_on_commit_callbacks(execute=True):
        result = actions.lot_recall(lot=lot, actor=owner, notice="Phát hiện dư lượng vượt ngưỡng.")
    lot.refresh_from_db()
    assert lot.status == LotStatus.RECALLED and lot.recalled_at is not None
    assert lot.recall_notice == "Phát hiện dư lượng vượt ngưỡng."
    assert result.orders == orders
    assert sorted(m.to[0] for m in mail.outbox) == ["b0@example.vn", "b1@example.vn"]
    assert "RC1" in mail.outbox[0].subject and "dư lượng" in mail.outbox[0].body


def test_an_official_of_the_province_may_hold_or_recall():
    _owner, lot, _orders = _shipped_lot()
    official = make_official([86])
    actions.lot_hold(lot=lot, actor=official, notice="Tạm dừng chờ kiểm nghiệm.")
    assert lot.status == LotStatus.ON_HOLD
    actions.lot_recall(lot=lot, actor=official, notice="Thu hồi.")
    assert lot.status == LotStatus.RECALLED


@pytest.mark.parametrize("who", ["other_official", "other_member", "consumer"])
def test_others_may_not_recall(who):
    _owner, lot, _orders = _shipped_lot()
    actor = {
        "other_official": lambda: make_official([1]),
        "other_member": lambda: make_stall(make_user()).members.get().user,
        "consumer": make_user,
    }[who]()
    with pytest.raises(actions.DomainError) as exc:
        actions.lot_recall(lot=lot, actor=actor, notice="x")
    assert exc.value.code == TraceabilityErrorCode.PERMISSION_DENIED
    lot.refresh_from_db()
    assert lot.status == LotStatus.RELEASED


def test_recall_needs_a_notice_and_is_final():
    owner, lot, _orders = _shipped_lot()
    with pytest.raises(actions.DomainError) as exc:
        actions.lot_recall(lot=lot, actor=owner, notice="  ")
    assert exc.value.code == TraceabilityErrorCode.NOTICE_REQUIRED
    actions.lot_recall(lot=lot, actor=owner, notice="Thu hồi.")
    with pytest.raises(actions.DomainError) as exc:
        actions.lot_release(lot=lot, actor=owner)
    assert exc.value.code == TraceabilityErrorCode.INVALID_STATUS


def test_a_hold_can_be_lifted_by_releasing_again():
    owner, lot, _orders = _shipped_lot()
    first_release = lot.released_at
    actions.lot_hold(lot=lot, actor=owner, notice="Tạm dừng.")
    actions.lot_release(lot=lot, actor=owner)
    assert lot.status == LotStatus.RELEASED and lot.recall_notice == "" and lot.released_at == first_release
