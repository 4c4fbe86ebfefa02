"""Order queries: `order(id)` for its buyer (guests with the group token), `orderGroup(token)` and
Saleor's `orderByToken`,
stall-scoped `stallOrders` and `stallBalance`. Each records how the caller reached the group
(`scope.order_group_grant`), which is all the nested fields will show."""

import graphene

from backend.graphql.core.connection import connection_args, connection_page, decode_id
from backend.graphql.core.types import PermissionDenied
from backend.graphql.orders.scope import order_group_grant
from backend.graphql.orders.types import Order, OrderCountableConnection, OrderGroup, OrderStatusEnum
from backend.orders import selectors
from backend.orders.selectors import GroupAccess
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
        OrderGroup,
        token=graphene.UUID(required=True),
        description="The buyer's order group by its token (from the order email).",
    )
    order_by_token = graphene.Field(
        Order,
        token=graphene.UUID(required=True),
        description="Saleor's order by token: the first order of the group the token names (one order "
        "per stall; the others are in `group.orders`).",
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
        order = selectors.order_for_buyer(user=info.context.user, order_id=order_id, token=token)
        if order is not None and token:
            order_group_grant(info, order.group, GroupAccess.BUYER)
        return order

    @staticmethod
    def resolve_order_group(_root, info, token):
        group = selectors.order_group_for_token(token=token)
        return order_group_grant(info, group, GroupAccess.BUYER) if group is not None else None

    @staticmethod
    def resolve_order_by_token(_root, info, token):
        group = selectors.order_group_for_token(token=token)
        if group is None:
            return None
        order_group_grant(info, group, GroupAccess.BUYER)
        return selectors.orders_of_group(
            group=group, user=info.context.user, access=GroupAccess.BUYER
        ).first()

    @staticmethod
    def resolve_stall_orders(_root, info, stall, status=None, **page):
        status = getattr(status, "value", status)
        orders = selectors.orders_for_stall(stall=_member_stall(info, stall), status=status)

        def reached_by_the_stall(page_orders: list) -> list:
            for order in page_orders:
                order_group_grant(info, order.group, GroupAccess.STALL)
            return page_orders

        return connection_page(
            orders.prefetch_related("lines"), OrderCountableConnection, prepare=reached_by_the_stall, **page
        )

    @staticmethod
    def resolve_stall_balance(_root, info, stall, currency="VND"):
        return selectors.stall_balance(stall=_member_stall(info, stall), currency=currency)
