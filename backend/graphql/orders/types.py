"""GraphQL types for order groups, orders per stall, lines, events and the payout ledger.

Orders and groups answer through the caller's access to the group (`scope.group_access`): a stall
reads its own orders and the delivery address, never the buyer's token, email or other stalls'
orders; someone replaying a guest's checkout reads numbers and statuses only. Hidden fields are null.
"""

import graphene

from backend.graphql.checkout.types import Address
from backend.graphql.core.connection import CountableConnection
from backend.graphql.core.money import Money, money, money_field
from backend.graphql.orders.scope import group_access
from backend.graphql.stalls.types import Stall
from backend.orders import selectors
from backend.orders.models import OrderStatus as OrderStatusChoices
from backend.orders.selectors import GroupAccess

OrderStatusEnum = graphene.Enum.from_enum(OrderStatusChoices, name="OrderStatusEnum")


class OrderLine(graphene.ObjectType):
    id = graphene.ID(required=True)
    product_name = graphene.String(required=True)
    variant_name = graphene.String(required=True)
    sku = graphene.String(required=True)
    quantity = graphene.Int(required=True)
    quantity_fulfilled = graphene.Int(required=True)
    unit_price = graphene.Field(Money, required=True)
    total_price = graphene.Field(Money, required=True)

    @staticmethod
    def resolve_id(line, _info):
        return graphene.Node.to_global_id("OrderLine", line.pk)

    @staticmethod
    def resolve_unit_price(line, _info):
        return money(line.unit_price, line.order.currency)

    @staticmethod
    def resolve_total_price(line, _info):
        return money(line.total, line.order.currency)


class OrderEvent(graphene.ObjectType):
    type = graphene.String(required=True)
    message = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)


_CONTENTS = "Null unless you placed the order or your stall fulfils it."
_BUYERS = "Null unless you placed the order (or are platform staff)."


def _contents_visible(order, info) -> bool:
    # STALL access reaches only the stall's own orders (`orders_of_group` filters the others out).
    return group_access(info, order.group) >= GroupAccess.STALL


class Order(graphene.ObjectType):
    """The part of an order group one stall fulfils."""

    id = graphene.ID(required=True)
    number = graphene.String(required=True)
    status = graphene.Field(OrderStatusEnum, required=True)
    stall = graphene.Field(Stall, required=True)
    lines = graphene.List(graphene.NonNull(OrderLine), description=_CONTENTS)
    delivery_method_name = graphene.String(required=True)
    delivery_kind = graphene.String(required=True)
    carrier = graphene.String(description=_CONTENTS)
    tracking_number = graphene.String(description=_CONTENTS)
    merchandise_total = money_field("merchandise_total", required=True)
    shipping_total = money_field("shipping_total", required=True)
    discount_amount = money_field(
        "discount_amount", required=True, description="This order's share of the voucher discount."
    )
    total = money_field("total", required=True)
    refunded_amount = money_field("refunded_amount", required=True)
    cancel_reason = graphene.String(description=_CONTENTS)
    created_at = graphene.DateTime(required=True)
    events = graphene.List(graphene.NonNull(OrderEvent), description=_CONTENTS)
    group = graphene.Field(
        lambda: OrderGroup, required=True, description="The buyer's group, as far as you may read it."
    )

    @staticmethod
    def resolve_id(order, _info):
        return graphene.Node.to_global_id("Order", order.pk)

    @staticmethod
    def resolve_status(order, _info):
        return OrderStatusChoices(order.status)

    @staticmethod
    def resolve_lines(order, info):
        return order.lines.all() if _contents_visible(order, info) else None

    @staticmethod
    def resolve_carrier(order, info):
        return order.carrier if _contents_visible(order, info) else None

    @staticmethod
    def resolve_tracking_number(order, info):
        return order.tracking_number if _contents_visible(order, info) else None

    @staticmethod
    def resolve_cancel_reason(order, info):
        return order.cancel_reason if _contents_visible(order, info) else None

    @staticmethod
    def resolve_events(order, info):
        return order.events.all() if _contents_visible(order, info) else None


def _group_money(attribute: str) -> graphene.Field:
    """A group total: the buyer's money across stalls, so a stall reads null."""

    def resolve(group, info) -> Money | None:
        if group_access(info, group) < GroupAccess.STAFF:
            return None
        return money(getattr(group, attribute), group.currency)

    return graphene.Field(Money, resolver=resolve, description=_BUYERS)


class OrderGroup(graphene.ObjectType):
    """What the buyer placed in one checkout: address, totals, the one payment, one order per stall."""

    id = graphene.ID(required=True)
    number = graphene.String(required=True)
    token = graphene.UUID(
        description="The buyer's key to read and cancel the group's orders as a guest; null for anyone else."
    )
    email = graphene.String(description=_BUYERS)
    payment_method = graphene.String(required=True)
    shipping_address = graphene.Field(
        Address, description="Null unless you placed the order or one of your stalls delivers it."
    )
    subtotal = _group_money("subtotal")
    shipping_total = _group_money("shipping_total")
    discount_total = _group_money("discount_total")
    voucher_code = graphene.String(description="The promo code used, if any.")
    total = _group_money("total")
    created_at = graphene.DateTime(required=True)
    orders = graphene.List(
        graphene.NonNull(Order), required=True, description="A stall sees only its own orders of the group."
    )

    @staticmethod
    def resolve_id(group, _info):
        return graphene.Node.to_global_id("OrderGroup", group.pk)

    @staticmethod
    def resolve_token(group, info):
        return group.token if group_access(info, group) == GroupAccess.BUYER else None

    @staticmethod
    def resolve_email(group, info):
        return group.email if group_access(info, group) >= GroupAccess.STAFF else None

    @staticmethod
    def resolve_shipping_address(group, info):
        return group if group_access(info, group) >= GroupAccess.STALL else None

    @staticmethod
    def resolve_orders(group, info):
        return selectors.orders_of_group(
            group=group, user=info.context.user, access=group_access(info, group)
        )


class OrderCountableConnection(CountableConnection):
    class Meta:
        node = Order


class LedgerEntry(graphene.ObjectType):
    kind = graphene.String(required=True)
    amount = money_field("amount", required=True)
    order_number = graphene.String()
    reference = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)

    @staticmethod
    def resolve_order_number(entry, _info):
        return entry.order.number if entry.order_id else None
