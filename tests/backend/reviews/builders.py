"""Builders for review tests: a buyer's delivered (or not yet delivered) purchase of a product."""

from backend.orders import actions as order_actions
from backend.orders.models import Order
from backend.stalls.models import Stall
from tests.backend.checkout.builders import make_shipping, make_variant, place
from tests.factories import make_stall, make_user


def seller(**fields) -> tuple[Stall, object]:
    """An approved stall with a flat delivery rate and its owner."""
    owner = make_user(full_name="Trần Văn Chủ")
    stall = make_stall(owner, **fields)
    make_shipping(stall)
    return stall, owner


def purchase(buyer, *, stall: Stall | None = None, variant=None, delivered: bool = True) -> Order:
    """`buyer` orders one unit (cash on delivery) through checkout; the stall ships and delivers it."""
    if variant is None:
        stall = stall or seller()[0]
        variant = make_variant(stall)
    owner = variant.stall.members.first().user
    order = place([(variant, 1)], user=buyer, email=buyer.email).orders.get()
    if delivered:
        order_actions.order_fulfill(order=order, actor=owner, carrier="GHN", tracking_number="T1")
        order_actions.order_mark_delivered(order=order, actor=owner)
    return order


def delivered_product(buyer, **kwargs):
    """The product of a delivered purchase by `buyer`."""
    return purchase(buyer, **kwargs).lines.get().variant.product
