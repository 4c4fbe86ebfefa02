"""Order lifecycle mutations for stalls (confirm, fulfil, deliver, cancel, refund), buyers (cancel)
and staff (payouts)."""

import graphene

from backend.graphql.core.permissions import is_staff
from backend.graphql.core.types import BaseMutation, error_type, errors_field
from backend.graphql.orders.scope import order_group_grant
from backend.graphql.orders.types import LedgerEntry, Order
from backend.orders import actions, selectors
from backend.orders.error_codes import OrderErrorCode
from backend.orders.selectors import GroupAccess
from backend.stalls.models import Stall

OrderError = error_type("OrderError", OrderErrorCode)


class OrderMutation(BaseMutation):
    class Meta:
        abstract = True

    error_type_class = OrderError
    order = graphene.Field(Order)

    @classmethod
    def managed_order(cls, info, global_id: str):
        """An order the caller may manage: a member of its stall, or platform staff. The payload shows
        the group as far as that role may read it."""
        user = info.context.user
        order_id = cls.pk_from_global_id(global_id, "Order")
        order = selectors.order_for_member(user=user, order_id=order_id)
        if order is not None:
            order_group_grant(info, order.group, GroupAccess.STALL)
            return order
        order = selectors.order_for_staff(user=user, order_id=order_id)
        if order is None:
            raise cls.not_found("No order with this ID.")
        return order


class OrderConfirm(OrderMutation):
    class Arguments:
        id = graphene.ID(required=True)

    errors = errors_field(OrderError)

    @classmethod
    def perform_mutation(cls, _root, info, id):
        return cls(order=actions.order_confirm(order=cls.managed_order(info, id), actor=info.context.user))


class OrderFulfill(OrderMutation):
    """Ship the order: stock leaves the warehouse, the buyer gets the carrier and tracking number."""

    class Arguments:
        id = graphene.ID(required=True)
        carrier = graphene.String()
        tracking_number = graphene.String()

    errors = errors_field(OrderError)

    @classmethod
    def perform_mutation(cls, _root, info, id, carrier="", tracking_number=""):
        order = cls.managed_order(info, id)
        actions.order_fulfill(
            order=order, actor=info.context.user, carrier=carrier or "", tracking_number=tracking_number or ""
        )
        order.refresh_from_db()
        return cls(order=order)


class OrderMarkDelivered(OrderMutation):
    class Arguments:
        id = graphene.ID(required=True)

    errors = errors_field(OrderError)

    @classmethod
    def perform_mutation(cls, _root, info, id):
        order = actions.order_mark_delivered(order=cls.managed_order(info, id), actor=info.context.user)
        return cls(order=order)


class OrderCancel(OrderMutation):
    """Cancel: the stall's members with a reason until shipping; the buyer (or a guest with the group
    token) until packing."""

    class Arguments:
        id = graphene.ID(required=True)
        reason = graphene.String()
        token = graphene.UUID(description="The order group token, for guests: cancels as the buyer.")

    errors = errors_field(OrderError)

    @classmethod
    def perform_mutation(cls, _root, info, id, reason="", token=None):
        user = info.context.user
        order_id = cls.pk_from_global_id(id, "Order")
        if token is not None:
            # The token is the buyer's secret: whoever shows it acts as the buyer, never as a stall.
            order = selectors.order_for_buyer(user=user, order_id=order_id, token=token)
            by_stall, access = False, GroupAccess.BUYER
        else:
            order = selectors.order_for_member(user=user, order_id=order_id)
            by_stall, access = order is not None, GroupAccess.STALL
            if order is None:
                order = selectors.order_for_buyer(user=user, order_id=order_id)
                access = GroupAccess.BUYER
        if order is None:
            raise cls.not_found("No order with this ID.")
        order_group_grant(info, order.group, access)
        signed_in_as_the_buyer = user.is_authenticated and order.group.user_id == user.pk
        actor = user if by_stall or signed_in_as_the_buyer else None
        return cls(
            order=actions.order_cancel(order=order, actor=actor, reason=reason or "", by_stall=by_stall)
        )


class OrderRefund(OrderMutation):
    class Arguments:
        id = graphene.ID(required=True)
        amount = graphene.Decimal(required=True)
        reason = graphene.String()

    errors = errors_field(OrderError)

    @classmethod
    def perform_mutation(cls, _root, info, id, amount, reason=""):
        order = actions.order_refund(
            order=cls.managed_order(info, id), amount=amount, actor=info.context.user, reason=reason or ""
        )
        return cls(order=order)


class PayoutRecord(BaseMutation):
    """Staff record a bank transfer paid out to a stall (at most its balance)."""

    class Arguments:
        stall = graphene.String(required=True, description="Stall slug.")
        amount = graphene.Decimal(required=True)
        currency = graphene.String(default_value="VND")
        reference = graphene.String(description="The bank transfer reference.")

    permission = is_staff
    error_type_class = OrderError
    entry = graphene.Field(LedgerEntry)
    balance = graphene.Decimal()
    errors = errors_field(OrderError)

    @classmethod
    def perform_mutation(cls, _root, info, stall, amount, currency="VND", reference=""):
        # Staff act on every stall: this is the one unscoped stall read, behind the staff permission.
        target = Stall.objects.filter(slug=stall).first()
        if target is None:
            raise cls.not_found("No stall with this slug.", "stall")
        entry = actions.payout_record(
            stall=target, amount=amount, currency=currency, reference=reference or "", actor=info.context.user
        )
        return cls(entry=entry, balance=selectors.stall_balance(stall=target, currency=currency))


class OrderMutations(graphene.ObjectType):
    order_confirm = OrderConfirm.Field()
    order_fulfill = OrderFulfill.Field()
    order_mark_delivered = OrderMarkDelivered.Field()
    order_cancel = OrderCancel.Field()
    order_refund = OrderRefund.Field()
    payout_record = PayoutRecord.Field()
