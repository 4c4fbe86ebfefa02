"""Checkout mutations: create, lines add/update/delete, email, address, delivery per stall, complete."""

import graphene

from backend.checkout import actions, selectors
from backend.checkout.complete import checkout_complete
from backend.checkout.error_codes import CheckoutErrorCode
from backend.core.errors import DomainError, DomainErrors
from backend.graphql.checkout.schema import checkout_token_of
from backend.graphql.checkout.types import Checkout
from backend.graphql.core.address import AddressInput, address_error, address_fields
from backend.graphql.core.connection import decode_id
from backend.graphql.core.types import (
    BaseMutation,
    PermissionDenied,
    error_type,
    errors_field,
    require_list_bound,
)
from backend.graphql.orders.scope import order_group_grant
from backend.graphql.payments.types import Payment, PaymentMethodEnum
from backend.orders.selectors import GroupAccess, order_group_for_checkout
from backend.payments.models import Payment as PaymentModel

CheckoutError = error_type("CheckoutError", CheckoutErrorCode)


class CheckoutLineInput(graphene.InputObjectType):
    variant_id = graphene.ID(required=True)
    quantity = graphene.Int(required=True)


class CheckoutLineUpdateInput(graphene.InputObjectType):
    """Saleor: a line to change, by `lineId` (or by `variantId`); quantity 0 removes it."""

    line_id = graphene.ID()
    variant_id = graphene.ID()
    quantity = graphene.Int()
    force_new_line = graphene.Boolean(description="Saleor: not used here (one line per variant).")


class CheckoutCreateInput(graphene.InputObjectType):
    channel = graphene.String(description="Channel slug; `vn` when omitted.")
    email = graphene.String()
    lines = graphene.List(graphene.NonNull(CheckoutLineInput), required=True)
    shipping_address = graphene.InputField(
        "backend.graphql.core.address.AddressInput", description="Saleor: the delivery address."
    )
    billing_address = graphene.InputField(
        "backend.graphql.core.address.AddressInput", description="Saleor: checked, not kept apart."
    )
    language_code = graphene.String(description="Saleor: not used here (the buyer's language is theirs).")


class ShippingAddressInput(graphene.InputObjectType):
    full_name = graphene.String(required=True)
    phone = graphene.String(required=True)
    street = graphene.String(required=True)
    province_code = graphene.Int(required=True, description="2025 province code (34 provinces).")
    commune_code = graphene.Int(required=True, description="2025 commune code; must be in the province.")


class CheckoutMutation(BaseMutation):
    class Meta:
        abstract = True

    error_type_class = CheckoutError
    checkout = graphene.Field(Checkout)

    @classmethod
    def held_checkout(cls, info, token: str):
        """The checkout behind its token (the checkout's ID in this API, or a `Checkout` global ID of
        it), as far as the caller holds it."""
        checkout = selectors.checkout_for_token(token=checkout_token_of(token), user=info.context.user)
        if checkout is None:
            raise cls.not_found("No checkout with this ID.")
        return checkout

    @classmethod
    def delivery_method_pk(cls, value: str) -> int:
        """A delivery method's key from our `DeliveryMethod:` or Saleor's `ShippingMethod:` global ID."""
        pk = decode_id(value, "ShippingMethod")
        return (
            pk if pk is not None else cls.pk_from_global_id(value, "DeliveryMethod", field="deliveryMethodId")
        )

    @classmethod
    def line_inputs(cls, lines) -> list[actions.LineInput]:
        """The lines with variant IDs as primary keys; the action finds each variant in the channel."""
        require_list_bound(lines, "lines")
        return [
            actions.LineInput(
                variant_id=cls.pk_from_global_id(line.variant_id, "ProductVariant", field="variantId"),
                quantity=line.quantity,
            )
            for line in lines
        ]


class CheckoutCreate(CheckoutMutation):
    """Start a checkout for a guest (email) or the signed-in buyer; lines may span several stalls."""

    class Arguments:
        input = CheckoutCreateInput(required=True)

    errors = errors_field(CheckoutError)

    @classmethod
    def perform_mutation(cls, _root, info, input):
        # Addresses are checked before anything is written: a refused one leaves no checkout behind.
        address = (
            SaleorAddressMutation.address(input["shipping_address"])
            if input.get("shipping_address")
            else None
        )
        if input.get("billing_address"):
            SaleorAddressMutation.address(input["billing_address"])
        checkout = actions.checkout_create(
            channel_slug=input.get("channel") or "vn",
            email=input.get("email") or "",
            lines=cls.line_inputs(input["lines"]),
            user=info.context.user,
        )
        if address is not None:
            checkout = actions.checkout_shipping_address_update(checkout=checkout, **address)
        return cls(checkout=checkout)


class CheckoutLinesAdd(CheckoutMutation):
    """Add quantities of variants (added to what the checkout already holds)."""

    class Arguments:
        id = graphene.ID(required=True, description="The checkout token.")
        lines = graphene.List(graphene.NonNull(CheckoutLineInput), required=True)

    errors = errors_field(CheckoutError)

    @classmethod
    def perform_mutation(cls, _root, info, id, lines):
        checkout = actions.checkout_lines_add(
            checkout=cls.held_checkout(info, id), lines=cls.line_inputs(lines)
        )
        return cls(checkout=checkout)


class CheckoutLinesUpdate(CheckoutMutation):
    """Set quantities of variants; 0 removes the line."""

    class Arguments:
        id = graphene.ID(required=True)
        lines = graphene.List(graphene.NonNull(CheckoutLineUpdateInput), required=True)

    errors = errors_field(CheckoutError)

    @classmethod
    def perform_mutation(cls, _root, info, id, lines):
        require_list_bound(lines, "lines")
        checkout = cls.held_checkout(info, id)
        variant_of_line = dict(checkout.lines.values_list("pk", "variant_id"))
        inputs = []
        for line in lines:
            if line.get("line_id"):
                pk = cls.pk_from_global_id(line["line_id"], "CheckoutLine", field="lineId")
                if pk not in variant_of_line:
                    raise cls.not_found("This line is not in the checkout.", "lineId")
                variant_id = variant_of_line[pk]
            elif line.get("variant_id"):
                variant_id = cls.pk_from_global_id(line["variant_id"], "ProductVariant", field="variantId")
            else:
                raise DomainError(CheckoutErrorCode.REQUIRED, "Give a lineId or a variantId.", "lineId")
            inputs.append(actions.LineInput(variant_id=variant_id, quantity=line.get("quantity") or 0))
        return cls(checkout=actions.checkout_lines_update(checkout=checkout, lines=inputs))


class CheckoutLinesDelete(CheckoutMutation):
    class Arguments:
        id = graphene.ID(required=True)
        lines_ids = graphene.List(graphene.NonNull(graphene.ID), required=True)

    errors = errors_field(CheckoutError)

    @classmethod
    def perform_mutation(cls, _root, info, id, lines_ids):
        require_list_bound(lines_ids, "linesIds")
        checkout = cls.held_checkout(info, id)
        line_ids = [cls.pk_from_global_id(line_id, "CheckoutLine", field="linesIds") for line_id in lines_ids]
        return cls(checkout=actions.checkout_lines_delete(checkout=checkout, line_ids=line_ids))


class CheckoutLineDelete(CheckoutMutation):
    """Saleor: remove one line."""

    class Arguments:
        id = graphene.ID(required=True)
        line_id = graphene.ID(required=True)

    errors = errors_field(CheckoutError)

    @classmethod
    def perform_mutation(cls, _root, info, id, line_id):
        checkout = cls.held_checkout(info, id)
        pk = cls.pk_from_global_id(line_id, "CheckoutLine", field="lineId")
        return cls(checkout=actions.checkout_lines_delete(checkout=checkout, line_ids=[pk]))


class CheckoutCustomerAttach(CheckoutMutation):
    """Saleor: the signed-in buyer takes a guest checkout (a signed-in caller only; `customerId` is
    for staff apps in Saleor and is not taken here)."""

    class Arguments:
        id = graphene.ID(required=True)

    errors = errors_field(CheckoutError)

    @classmethod
    def perform_mutation(cls, _root, info, id):
        user = info.context.user
        if not user.is_authenticated:
            raise PermissionDenied("Sign in to attach the checkout to your account.")
        checkout = actions.checkout_user_attach(checkout=cls.held_checkout(info, id), user=user)
        return cls(checkout=checkout)


class CheckoutCustomerDetach(CheckoutMutation):
    """Saleor: the buyer lets go of their checkout; it becomes a guest checkout kept by its token."""

    class Arguments:
        id = graphene.ID(required=True)

    errors = errors_field(CheckoutError)

    @classmethod
    def perform_mutation(cls, _root, info, id):
        user = info.context.user
        if not user.is_authenticated:
            raise PermissionDenied("Sign in to detach the checkout from your account.")
        return cls(checkout=actions.checkout_user_detach(checkout=cls.held_checkout(info, id)))


class CheckoutEmailUpdate(CheckoutMutation):
    class Arguments:
        id = graphene.ID(required=True)
        email = graphene.String(required=True)

    errors = errors_field(CheckoutError)

    @classmethod
    def perform_mutation(cls, _root, info, id, email):
        return cls(checkout=actions.checkout_email_update(checkout=cls.held_checkout(info, id), email=email))


class CheckoutDeliveryAddressUpdate(CheckoutMutation):
    """Set the delivery address (2025 province and commune codes; pre-2025 codes are refused).

    Nông Sàn's own shape, formerly `checkoutShippingAddressUpdate` (now Saleor's, with AddressInput).
    """

    class Arguments:
        id = graphene.ID(required=True)
        shipping_address = ShippingAddressInput(required=True)

    errors = errors_field(CheckoutError)

    @classmethod
    def perform_mutation(cls, _root, info, id, shipping_address):
        checkout = actions.checkout_shipping_address_update(
            checkout=cls.held_checkout(info, id),
            full_name=shipping_address.full_name,
            phone=shipping_address.phone,
            street=shipping_address.street,
            province_code=shipping_address.province_code,
            commune_code=shipping_address.commune_code,
        )
        return cls(checkout=checkout)


class SaleorAddressMutation(CheckoutMutation):
    """Saleor's address mutations: the checkout by `id` (or the older `checkoutId`/`token`) and an
    AddressInput mapped onto the 2025 units; refusals on the AddressInput's fields."""

    class Meta:
        abstract = True

    @classmethod
    def address(cls, data) -> dict:
        try:
            fields = address_fields(data)
            return actions.address_clean(**fields)
        except (DomainError, DomainErrors) as exc:
            raise address_error(exc, CheckoutErrorCode) from exc

    @classmethod
    def checkout_of(cls, info, ids: dict):
        reference = ids.get("id") or ids.get("checkout_id") or ids.get("token")
        if not reference:
            raise DomainError(CheckoutErrorCode.REQUIRED, "Give the checkout's ID.", "id")
        return cls.held_checkout(info, reference)


class CheckoutShippingAddressUpdate(SaleorAddressMutation):
    """Saleor: set the delivery address from an AddressInput (province in `countryArea`, commune in
    `city`, by 2025 code or accent-insensitive name)."""

    class Arguments:
        id = graphene.ID(description="The checkout token.")
        checkout_id = graphene.ID(description="Saleor's older name for `id`.")
        token = graphene.ID(description="Saleor's older name for `id`.")
        shipping_address = AddressInput(required=True)

    errors = errors_field(CheckoutError)

    @classmethod
    def perform_mutation(cls, _root, info, shipping_address, **ids):
        checkout = cls.checkout_of(info, ids)
        return cls(
            checkout=actions.checkout_shipping_address_update(
                checkout=checkout, **cls.address(shipping_address)
            )
        )


class CheckoutBillingAddressUpdate(SaleorAddressMutation):
    """Saleor: the billing address. Checked like a delivery address but not stored: invoices here
    go to the delivery address, which `billingAddress` reads."""

    class Arguments:
        id = graphene.ID(description="The checkout token.")
        checkout_id = graphene.ID(description="Saleor's older name for `id`.")
        token = graphene.ID(description="Saleor's older name for `id`.")
        billing_address = AddressInput(required=True)

    errors = errors_field(CheckoutError)

    @classmethod
    def perform_mutation(cls, _root, info, billing_address, **ids):
        checkout = cls.checkout_of(info, ids)
        cls.address(billing_address)
        return cls(checkout=checkout)


class CheckoutDeliveryMethodUpdate(CheckoutMutation):
    """Choose the delivery method for one stall's lines (the method names its stall)."""

    class Arguments:
        id = graphene.ID(required=True)
        delivery_method_id = graphene.ID(required=True)

    errors = errors_field(CheckoutError)

    @classmethod
    def perform_mutation(cls, _root, info, id, delivery_method_id):
        checkout = actions.checkout_delivery_method_update(
            checkout=cls.held_checkout(info, id),
            shipping_method_id=cls.delivery_method_pk(delivery_method_id),
        )
        return cls(checkout=checkout)


class CheckoutAddPromoCode(CheckoutMutation):
    """Saleor: put a voucher's code on the checkout; refused with a code when it does not apply."""

    class Arguments:
        id = graphene.ID(required=True, description="The checkout token.")
        promo_code = graphene.String(required=True)

    errors = errors_field(CheckoutError)

    @classmethod
    def perform_mutation(cls, _root, info, id, promo_code):
        checkout = actions.checkout_promo_code_add(
            checkout=cls.held_checkout(info, id), promo_code=promo_code, user=info.context.user
        )
        return cls(checkout=checkout)


class CheckoutRemovePromoCode(CheckoutMutation):
    """Saleor: take the voucher off (only if it is `promoCode`, when given)."""

    class Arguments:
        id = graphene.ID(required=True, description="The checkout token.")
        promo_code = graphene.String()

    errors = errors_field(CheckoutError)

    @classmethod
    def perform_mutation(cls, _root, info, id, promo_code=None):
        checkout = actions.checkout_promo_code_remove(
            checkout=cls.held_checkout(info, id), promo_code=promo_code or ""
        )
        return cls(checkout=checkout)


class CheckoutComplete(BaseMutation):
    """Place the order: one order group, one order per stall, the payment started. Retries are safe.

    The first answer is the buyer's whole group (token, email, address). A retry returns the same
    group: whole to its signed-in buyer; for a guest's checkout, only the order numbers, their
    statuses and the payment, since anyone who later finds the checkout token may send it.

    Saleor's shape: `order` is the group's first order (the group is `order.group`), and
    `paymentMethod` may be left out when the checkout began a payment (`transactionInitialize`).
    """

    class Arguments:
        id = graphene.ID(description="The checkout token.")
        checkout_id = graphene.ID(description="Saleor's older name for `id`.")
        token = graphene.ID(description="Saleor's older name for `id`.")
        payment_method = PaymentMethodEnum(
            description="Nông Sàn: how to pay, unless the checkout began a payment already."
        )
        payment_data = graphene.JSONString(description="Saleor: not used here.")
        redirect_url = graphene.String(description="Saleor: not used here.")
        store_source = graphene.Boolean(description="Saleor: not used here.")

    error_type_class = CheckoutError
    order = graphene.Field(
        "backend.graphql.orders.types.Order",
        description="Saleor: the first order; `order.group` has them all.",
    )
    confirmation_needed = graphene.Boolean(required=True, description="Saleor: always false here.")
    confirmation_data = graphene.JSONString(description="Saleor: not used here.")
    order_group = graphene.Field("backend.graphql.orders.types.OrderGroup")
    payment = graphene.Field(
        Payment, description="How to pay: the VietQR transfer or Stripe's client secret."
    )
    errors = errors_field(CheckoutError)

    @classmethod
    def perform_mutation(cls, _root, info, payment_method=None, **ids):
        user = info.context.user
        id = ids.get("id") or ids.get("checkout_id") or ids.get("token")
        if not id:
            raise DomainError(CheckoutErrorCode.REQUIRED, "Give the checkout's ID.", "id")
        id = checkout_token_of(id)
        checkout = selectors.checkout_for_token(token=id, user=user)
        if checkout is not None:
            method = getattr(payment_method, "value", payment_method)
            group = checkout_complete(checkout=checkout, payment_method=method, user=user)
            if not getattr(group, "replayed", False):
                return cls(order_group=order_group_grant(info, group, GroupAccess.BUYER))
        # A retry after success, or a double submit that waited for the first: the checkout is gone,
        # its group remembers the token. A signed-in buyer still reads it whole (by who they are).
        group = order_group_for_checkout(checkout_token=id, user=user)
        if group is None:
            raise cls.not_found("No checkout with this ID.")
        return cls(order_group=order_group_grant(info, group, GroupAccess.RECEIPT))

    @staticmethod
    def resolve_payment(root, _info):
        return PaymentModel.objects.filter(group=root.order_group).first()

    @staticmethod
    def resolve_order(root, _info):
        return root.order_group.orders.order_by("pk").first() if root.order_group else None

    @staticmethod
    def resolve_confirmation_needed(_root, _info):
        return False


class CheckoutMutations(graphene.ObjectType):
    checkout_create = CheckoutCreate.Field()
    checkout_lines_add = CheckoutLinesAdd.Field()
    checkout_lines_update = CheckoutLinesUpdate.Field()
    checkout_lines_delete = CheckoutLinesDelete.Field()
    checkout_line_delete = CheckoutLineDelete.Field()
    checkout_customer_attach = CheckoutCustomerAttach.Field()
    checkout_customer_detach = CheckoutCustomerDetach.Field()
    checkout_email_update = CheckoutEmailUpdate.Field()
    checkout_shipping_address_update = CheckoutShippingAddressUpdate.Field()
    checkout_billing_address_update = CheckoutBillingAddressUpdate.Field()
    checkout_delivery_address_update = CheckoutDeliveryAddressUpdate.Field()
    checkout_delivery_method_update = CheckoutDeliveryMethodUpdate.Field()
    checkout_complete = CheckoutComplete.Field()
    checkout_add_promo_code = CheckoutAddPromoCode.Field()
    checkout_remove_promo_code = CheckoutRemovePromoCode.Field()
