"""Order lifecycle per stall: confirm, fulfil (stock leaves, signal sent), deliver, cancel, emails."""

import pytest
from django.core import mail

from backend.catalog.models import Stock
from backend.core.errors import DomainError
from backend.orders import actions
from backend.orders.error_codes import OrderErrorCode
from backend.orders.models import OrderEvent, OrderStatus
from backend.orders.signals import order_fulfilled
from backend.payments.models import Payment
from tests.backend.checkout.builders import make_shipping, make_variant, place
from tests.factories import make_stall, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def coop():
    owner = make_user("coop@example.vn")
    stall = make_stall(owner)
    make_shipping(stall, price=30_000)
    return stall, owner


def _events(order):
    return list(OrderEvent.objects.filter(order=order).values_list("type", flat=True))


def test_fulfil_ships_the_stock_and_sends_order_fulfilled(coop):
    stall, owner = coop
    variant = make_variant(stall, stock=5)
    order = place([(variant, 2)]).orders.get()
    received = []

    def receiver(sender, order, fulfillment, **kwargs):
        received.append(
            (order.pk, [(line.order_line.sku, line.quantity) for line in fulfillment.lines.all()])
        )

    order_fulfilled.connect(receiver)
    try:
        actions.order_fulfill(order=order, actor=owner, carrier="GHN", tracking_number="GHN123")
    finally:
        order_fulfilled.disconnect(receiver)
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED and order.tracking_number == "GHN123"
    stock = Stock.objects.get(variant=variant)
    assert (stock.quantity, stock.quantity_allocated) == (3, 0)
    assert received == [(order.pk, [(variant.sku, 2)])]
    assert _events(order) == ["placed", "confirmed", "packed", "shipped"]


def test_fulfil_needs_carrier_and_tracking_unless_pickup(coop):
    stall, owner = coop
    order = place([(make_variant(stall), 1)]).orders.get()
    with pytest.raises(DomainError) as exc:
        actions.order_fulfill(order=order, actor=owner, carrier="", tracking_number="")
    assert exc.value.code is OrderErrorCode.TRACKING_REQUIRED


def test_unpaid_prepaid_order_cannot_be_shipped(coop):
    stall, owner = coop
    order = place([(make_variant(stall), 1)], payment_method="vietqr").orders.get()
    with pytest.raises(DomainError) as exc:
        actions.order_fulfill(order=order, actor=owner, carrier="GHN", tracking_number="1")
    assert exc.value.code is OrderErrorCode.INVALID_STATUS


def test_buyer_cancel_releases_stock(coop):
    stall, _owner = coop
    variant = make_variant(stall, stock=5)
    order = place([(variant, 2)]).orders.get()
    actions.order_cancel(order=order, actor=None, reason="", by_stall=False)
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert Stock.objects.get(variant=variant).quantity_allocated == 0


def test_buyer_cannot_cancel_after_packing(coop):
    stall, owner = coop
    order = place([(make_variant(stall), 1)]).orders.get()
    actions.order_pack(order=order, actor=owner)
    with pytest.raises(DomainError) as exc:
        actions.order_cancel(order=order, actor=None, reason="changed my mind", by_stall=False)
    assert exc.value.code is OrderErrorCode.CANNOT_CANCEL


def test_stall_cancel_needs_a_reason(coop):
    stall, owner = coop
    order = place([(make_variant(stall), 1)]).orders.get()
    with pytest.raises(DomainError) as exc:
        actions.order_cancel(order=order, actor=owner, reason=" ", by_stall=True)
    assert exc.value.code is OrderErrorCode.REASON_REQUIRED
    actions.order_cancel(order=order, actor=owner, reason="Hết hàng do mưa bão", by_stall=True)
    order.refresh_from_db()
    assert order.cancel_reason == "Hết hàng do mưa bão"


def test_shipped_order_cannot_be_cancelled(coop):
    stall, owner = coop
    order = place([(make_variant(stall), 1)]).orders.get()
    actions.order_fulfill(order=order, actor=owner, carrier="GHTK", tracking_number="T1")
    with pytest.raises(DomainError):
        actions.order_cancel(order=order, actor=owner, reason="late", by_stall=True)


def test_delivering_a_cash_order_captures_its_total(coop):
    stall, owner = coop
    group = place([(make_variant(stall, price=100_000), 1)])
    order = group.orders.get()
    actions.order_fulfill(order=order, actor=owner, carrier="GHN", tracking_number="X")
    actions.order_mark_delivered(order=order, actor=owner)
    payment = Payment.objects.get(group=group)
    assert payment.captured_amount == order.total == 130_000
    assert payment.status == "paid"


def test_group_paid_confirms_every_order_once(coop):
    stall, _owner = coop
    other = make_stall()
    make_shipping(other)
    group = place([(make_variant(stall), 1), (make_variant(other), 1)], payment_method="vietqr")
    actions.order_group_mark_paid(group=group)
    actions.order_group_mark_paid(group=group)
    for order in group.orders.all():
        assert order.status == OrderStatus.CONFIRMED
        assert _events(order) == ["placed", "paid", "confirmed"]


def test_unpaid_group_cancel_releases_stock(coop):
    stall, _owner = coop
    variant = make_variant(stall, stock=4)
    group = place([(variant, 3)], payment_method="vietqr")
    actions.order_group_cancel_unpaid(group=group, reason="Payment expired")
    assert group.orders.get().status == OrderStatus.CANCELLED
    assert Stock.objects.get(variant=variant).quantity_allocated == 0


def test_cancelling_a_paid_prepaid_order_refunds_it(coop):
    stall, owner = coop
    group = place([(make_variant(stall), 1)], payment_method="vietqr")
    Payment.objects.filter(group=group).update(captured_amount=group.total, status="paid")
    actions.order_group_mark_paid(group=group)
    order = group.orders.get()
    actions.order_cancel(order=order, actor=owner, reason="Hết hàng", by_stall=True)
    order.refresh_from_db()
    assert order.refunded_amount == order.total
    assert Payment.objects.get(group=group).refunded_amount == order.total


def test_placing_emails_the_buyer_and_the_stall(coop, django_capture_on_commit_callbacks):
    stall, _owner = coop
    with django_capture_on_commit_callbacks(execute=True):
        place([(make_variant(stall), 1)], email="mai@example.vn")
    recipients = sorted(r for m in mail.outbox for r in m.to)
    assert recipients.count("mai@example.vn") == 2  # placed, confirmed (cash on delivery)
    assert recipients.count("coop@example.vn") == 2


def _two_stall_cash_group(coop):
    stall, owner = coop
    other = make_stall()
    make_shipping(other, price=30_000)
    group = place([(make_variant(stall, price=100_000), 1), (make_variant(other, price=50_000), 1)])
    mine = group.orders.get(stall=stall)
    theirs = group.orders.get(stall=other)
    return group, mine, theirs, owner


def test_delivering_the_rest_after_one_cash_order_is_cancelled_captures_the_payment(coop):
    group, mine, theirs, owner = _two_stall_cash_group(coop)
    actions.order_cancel(order=theirs, actor=None, reason="Đổi ý", by_stall=False)
    actions.order_fulfill(order=mine, actor=owner, carrier="GHN", tracking_number="X")
    actions.order_mark_delivered(order=mine, actor=owner)
    payment = Payment.objects.get(group=group)
    assert payment.captured_amount == mine.total == 130_000
    assert payment.status == "paid"
    assert payment.paid_at is not None


def test_cancelling_the_last_undelivered_cash_order_completes_the_payment(coop):
    group, mine, theirs, owner = _two_stall_cash_group(coop)
    actions.order_fulfill(order=mine, actor=owner, carrier="GHN", tracking_number="X")
    actions.order_mark_delivered(order=mine, actor=owner)
    assert Payment.objects.get(group=group).status == "partially_paid"
    actions.order_cancel(order=theirs, actor=None, reason="Đổi ý", by_stall=False)
    payment = Payment.objects.get(group=group)
    assert (payment.status, payment.captured_amount) == ("paid", 130_000)


def test_a_cash_group_with_every_order_cancelled_is_not_paid(coop):
    group, mine, theirs, _owner = _two_stall_cash_group(coop)
    actions.order_cancel(order=mine, actor=None, reason="Đổi ý", by_stall=False)
    actions.order_cancel(order=theirs, actor=None, reason="Đổi ý", by_stall=False)
    payment = Payment.objects.get(group=group)
    assert (payment.status, payment.captured_amount, payment.paid_at) == ("pending", 0, None)
