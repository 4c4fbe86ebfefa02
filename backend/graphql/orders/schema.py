"""Order queries: `order(id)` for its buyer (guests with the group token), `orderGroup(token)`,
stall-scoped `stallOrders` and `stallBalance`."""

import graphene

from backend.graphql.core.connection import connection_args, connection_page, decode_id
from backend.graphql.core.types import PermissionDenied
from backend.graphql.orders.types import Order, OrderCountableConnection, OrderGroup, OrderStatusEnum
from backend.orders import selectors
from backend.stalls.selectors import stalls_for_member


def _member_stall(info, slug: str):
    stall = stalls_for_member(user=info.context.user).filter(slug=slug).first()
    if stall is None:
        raise PermissionDenied("You are not a member of this stall.")
    return stall


class OrderQueries(graphene.ObjectType):
    order = graphene.Field(
        Order,
        id=graphene.ID(required=True),
        token=graphene.UUID(description="The order group token, for guests."),
        description="An order of the signed-in buyer, or of a guest holding the group token.",
    )
    order_group = graphene.Field(
        OrderGroup, token=graphene.UUID(required=True), description="A guest's order group by its token."
    )
    stall_orders = graphene.Field(
        OrderCountableConnection,
        stall=graphene.String(required=True, description="Slug of a stall you belong to."),
        status=OrderStatusEnum(),
        **connection_args(),
    )
    stall_balance = graphene.Decimal(
        stall=graphene.String(required=True),
        currency=graphene.String(default_value="VND"),
        description="What the platform owes the stall (earned less commission, refunds and payouts).",
    )

    @staticmethod
    def resolve_order(_root, info, id, token=None):
        order_id = decode_id(id, "Order")
        if order_id is None:
            return None
        return selectors.order_for_buyer(user=info.context.user, order_id=order_id, token=token)

    @staticmethod
    def resolve_order_group(_root, _info, token):
        return selectors.order_group_for_token(token=token)

    @staticmethod
    def resolve_stall_orders(_root, info, stall, status=None, **page):
        status = getattr(status, "value", status)
        orders = selectors.orders_for_stall(stall=_member_stall(info, stall), status=status)
        return connection_page(orders.prefetch_related("lines"), OrderCountableConnection, **page)

    @staticmethod
    def resolve_stall_balance(_root, info, stall, currency="VND"):
        return selectors.stall_balance(stall=_member_stall(info, stall), currency=currency)
