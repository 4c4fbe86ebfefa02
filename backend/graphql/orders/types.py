"""GraphQL types for order groups, orders per stall, lines, events and the payout ledger."""

import graphene

from backend.graphql.checkout.types import Address
from backend.graphql.core.connection import CountableConnection
from backend.graphql.core.money import Money, money, money_field
from backend.graphql.stalls.types import Stall
from backend.orders.models import OrderStatus as OrderStatusChoices

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


class Order(graphene.ObjectType):
    """The part of an order group one stall fulfils."""

    id = graphene.ID(required=True)
    number = graphene.String(required=True)
    status = graphene.Field(OrderStatusEnum, required=True)
    stall = graphene.Field(Stall, required=True)
    lines = graphene.List(graphene.NonNull(OrderLine), required=True)
    delivery_method_name = graphene.String(required=True)
    delivery_kind = graphene.String(required=True)
    carrier = graphene.String(required=True)
    tracking_number = graphene.String(required=True)
    merchandise_total = money_field("merchandise_total", required=True)
    shipping_total = money_field("shipping_total", required=True)
    total = money_field("total", required=True)
    refunded_amount = money_field("refunded_amount", required=True)
    cancel_reason = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)
    events = graphene.List(graphene.NonNull(OrderEvent), required=True)
    group = graphene.Field(lambda: OrderGroup, required=True)

    @staticmethod
    def resolve_id(order, _info):
        return graphene.Node.to_global_id("Order", order.pk)

    @staticmethod
    def resolve_status(order, _info):
        return OrderStatusChoices(order.status)

    @staticmethod
    def resolve_lines(order, _info):
        return order.lines.all()

    @staticmethod
    def resolve_events(order, _info):
        return order.events.all()


class OrderGroup(graphene.ObjectType):
    """What the buyer placed in one checkout: address, totals, the one payment, one order per stall."""

    id = graphene.ID(required=True)
    number = graphene.String(required=True)
    token = graphene.UUID(required=True, description="Lets a guest read the group's orders.")
    email = graphene.String(required=True)
    payment_method = graphene.String(required=True)
    shipping_address = graphene.Field(Address, required=True)
    subtotal = money_field("subtotal", required=True)
    shipping_total = money_field("shipping_total", required=True)
    total = money_field("total", required=True)
    created_at = graphene.DateTime(required=True)
    orders = graphene.List(graphene.NonNull(Order), required=True)

    @staticmethod
    def resolve_id(group, _info):
        return graphene.Node.to_global_id("OrderGroup", group.pk)

    @staticmethod
    def resolve_shipping_address(group, _info):
        return group

    @staticmethod
    def resolve_orders(group, _info):
        return group.orders.select_related("stall").order_by("number")


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
