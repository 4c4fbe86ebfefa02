"""GraphQL types for checkouts: lines grouped by stall, delivery methods per stall, money."""

import graphene

from backend.checkout import selectors
from backend.graphql.catalog.types import Warehouse
from backend.graphql.core.address import Address  # noqa: F401  (the one Address type; orders import it here)
from backend.graphql.core.money import Money, TaxedMoney, money, money_field, taxed_money
from backend.graphql.payments.transactions import PaymentGateway, payment_gateways_for
from backend.graphql.stalls.types import Stall


class DeliveryMethod(graphene.ObjectType):
    """One stall's delivery option as quoted for its lines (Nông Sàn's shape)."""

    class Meta:
        name = "StallDeliveryMethod"

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    kind = graphene.String(required=True, description="flat, weight or pickup")
    price = money_field("price", required=True)

    @staticmethod
    def resolve_id(quote, _info):
        return graphene.Node.to_global_id("DeliveryMethod", quote.method.pk)


class CheckoutLine(graphene.ObjectType):
    """A line inside its stall's group (Nông Sàn's shape; Saleor's is `Checkout.lines`)."""

    class Meta:
        name = "CheckoutStallLine"

    id = graphene.ID(required=True)
    variant_id = graphene.ID(required=True)
    sku = graphene.String(required=True)
    product_name = graphene.String(required=True)
    variant_name = graphene.String(required=True)
    quantity = graphene.Int(required=True)
    quantity_available = graphene.Int(required=True)
    is_available = graphene.Boolean(required=True, description="False once the variant is no longer sold.")
    unit_price = graphene.Field(Money)
    total_price = graphene.Field(Money, required=True)

    @staticmethod
    def resolve_id(line, _info):
        return graphene.Node.to_global_id("CheckoutLine", line.line.pk)

    @staticmethod
    def resolve_variant_id(line, _info):
        return graphene.Node.to_global_id("ProductVariant", line.variant.pk)

    @staticmethod
    def resolve_sku(line, _info):
        return line.variant.sku

    @staticmethod
    def resolve_product_name(line, _info):
        return line.variant.product.name

    @staticmethod
    def resolve_variant_name(line, _info):
        return line.variant.name

    @staticmethod
    def resolve_quantity(line, _info):
        return line.line.quantity

    @staticmethod
    def resolve_unit_price(line, _info):
        return money(line.unit_price, line.currency) if line.is_available else None

    @staticmethod
    def resolve_total_price(line, _info):
        return money(line.total, line.currency)


class ShippingMethod(graphene.ObjectType):
    """Saleor: a delivery option. Each stall's options are listed, named `<stall> — <method>`;
    choosing one sets that stall's delivery."""

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    price = graphene.Field(Money, required=True)
    minimum_delivery_days = graphene.Int()
    maximum_delivery_days = graphene.Int()
    active = graphene.Boolean(required=True)
    message = graphene.String()
    stall = graphene.Field(Stall, required=True, description="Nông Sàn: whose lines it carries.")

    @staticmethod
    def resolve_id(row, _info):
        return graphene.Node.to_global_id("ShippingMethod", row[1].method.pk)

    @staticmethod
    def resolve_name(row, _info):
        return f"{row[0].stall.name} — {row[1].name}"

    @staticmethod
    def resolve_price(row, _info):
        return money(row[1].price, row[0].currency)

    @staticmethod
    def resolve_minimum_delivery_days(row, _info):
        return row[1].method.min_days

    @staticmethod
    def resolve_maximum_delivery_days(row, _info):
        return row[1].method.max_days

    @staticmethod
    def resolve_active(_row, _info):
        return True

    @staticmethod
    def resolve_stall(row, _info):
        return row[0].stall


class SaleorDeliveryMethod(graphene.Union):
    """Saleor: a shipping method or a collection point. Pickup at a stall is one of its
    `shippingMethods` here, so a warehouse is never returned."""

    class Meta:
        name = "DeliveryMethod"
        types = (Warehouse, ShippingMethod)

    @classmethod
    def resolve_type(cls, _instance, _info):
        return ShippingMethod


class SaleorCheckoutLine(graphene.ObjectType):
    """Saleor: a line of the checkout, whatever its stall."""

    class Meta:
        name = "CheckoutLine"

    id = graphene.ID(required=True)
    quantity = graphene.Int(required=True)
    variant = graphene.Field("backend.graphql.catalog.types.ProductVariant", required=True)
    unit_price = graphene.Field(TaxedMoney, required=True)
    undiscounted_unit_price = graphene.Field(Money, required=True)
    total_price = graphene.Field(TaxedMoney, required=True)
    undiscounted_total_price = graphene.Field(Money, required=True)
    requires_shipping = graphene.Boolean(required=True)
    is_gift = graphene.Boolean(required=True)

    @staticmethod
    def resolve_id(line, _info):
        return graphene.Node.to_global_id("CheckoutLine", line.line.pk)

    @staticmethod
    def resolve_quantity(line, _info):
        return line.line.quantity

    @staticmethod
    def resolve_variant(line, _info):
        return line.variant

    @staticmethod
    def resolve_unit_price(line, _info):
        return taxed_money(line.unit_price or 0, line.currency)

    @staticmethod
    def resolve_undiscounted_unit_price(line, _info):
        return money(line.unit_price or 0, line.currency)

    @staticmethod
    def resolve_total_price(line, _info):
        return taxed_money(line.total, line.currency)

    @staticmethod
    def resolve_undiscounted_total_price(line, _info):
        return money(line.total, line.currency)

    @staticmethod
    def resolve_requires_shipping(_line, _info):
        return True

    @staticmethod
    def resolve_is_gift(_line, _info):
        return False


class CheckoutStallGroup(graphene.ObjectType):
    """The lines of one stall, their subtotal and how they can be delivered."""

    stall = graphene.Field(Stall, required=True)
    lines = graphene.List(graphene.NonNull(CheckoutLine), required=True)
    subtotal = money_field("subtotal", required=True)
    weight_grams = graphene.Int(required=True)
    delivery_methods = graphene.List(graphene.NonNull(DeliveryMethod), required=True)
    delivery_method = graphene.Field(DeliveryMethod, description="The buyer's choice for this stall.")
    shipping_price = money_field("shipping_price", required=True)
    discount = money_field("discount", required=True, description="This stall's share of the voucher.")
    total = money_field("total", required=True)

    @staticmethod
    def resolve_delivery_methods(group, _info):
        return group.quotes

    @staticmethod
    def resolve_delivery_method(group, _info):
        return group.selected


class Checkout(graphene.ObjectType):
    """A cart across stalls, addressed by its token (`id`)."""

    id = graphene.ID(required=True, description="The checkout token.")
    channel = graphene.String(required=True)
    email = graphene.String(required=True)
    shipping_address = graphene.Field(Address)
    billing_address = graphene.Field(Address, description="Saleor: the delivery address (not kept apart).")
    stalls = graphene.List(graphene.NonNull(CheckoutStallGroup), required=True)
    quantity = graphene.Int(required=True)
    subtotal = graphene.Field(Money, required=True)
    shipping_total = graphene.Field(Money, required=True)
    total = graphene.Field(Money, required=True)
    token = graphene.String(required=True, description="Saleor: the checkout's UUID token.")
    voucher_code = graphene.String(description="Saleor: the promo code on the checkout, if any.")
    discount = graphene.Field(Money, description="Saleor: what the voucher takes off the merchandise.")
    subtotal_price = graphene.Field(TaxedMoney, required=True, description="Saleor: the merchandise.")
    shipping_price = graphene.Field(TaxedMoney, required=True, description="Saleor: every stall's delivery.")
    total_price = graphene.Field(TaxedMoney, required=True, description="Saleor: what the buyer pays.")
    lines = graphene.List(
        graphene.NonNull(SaleorCheckoutLine), required=True, description="Saleor: every line."
    )
    shipping_methods = graphene.List(
        graphene.NonNull(ShippingMethod), required=True, description="Saleor: every stall's delivery options."
    )
    delivery_method = graphene.Field(
        SaleorDeliveryMethod,
        description="Saleor: the first stall's delivery (chosen or standing in); `stalls` has each.",
    )
    is_shipping_required = graphene.Boolean(required=True)
    available_payment_gateways = graphene.List(
        graphene.NonNull(PaymentGateway), required=True, description="Saleor: the ways to pay this checkout."
    )

    @staticmethod
    def _summary(checkout, info) -> selectors.CheckoutSummary:
        # Priced once per request and shared by every field that needs the numbers.
        cache = info.context.__dict__.setdefault("_checkout_summaries", {})
        if checkout.pk not in cache:
            cache[checkout.pk] = selectors.checkout_summary(checkout=checkout)
        return cache[checkout.pk]

    @staticmethod
    def resolve_id(checkout, _info):
        return str(checkout.token)

    @staticmethod
    def resolve_channel(checkout, _info):
        return checkout.channel.slug

    @staticmethod
    def resolve_shipping_address(checkout, _info):
        return checkout if checkout.has_address else None

    @staticmethod
    def resolve_stalls(checkout, info):
        return Checkout._summary(checkout, info).groups

    @staticmethod
    def resolve_quantity(checkout, info):
        return sum(line.line.quantity for g in Checkout._summary(checkout, info).groups for line in g.lines)

    @staticmethod
    def resolve_subtotal(checkout, info):
        summary = Checkout._summary(checkout, info)
        return money(summary.subtotal, summary.currency)

    @staticmethod
    def resolve_shipping_total(checkout, info):
        summary = Checkout._summary(checkout, info)
        return money(summary.shipping_total, summary.currency)

    @staticmethod
    def resolve_total(checkout, info):
        summary = Checkout._summary(checkout, info)
        return money(summary.total, summary.currency)

    @staticmethod
    def resolve_token(checkout, _info):
        return str(checkout.token)

    @staticmethod
    def resolve_voucher_code(checkout, info):
        summary = Checkout._summary(checkout, info)
        return summary.discount.voucher.code if summary.discount else None

    @staticmethod
    def resolve_discount(checkout, info):
        summary = Checkout._summary(checkout, info)
        return money(summary.discount_total, summary.currency)

    @staticmethod
    def resolve_subtotal_price(checkout, info):
        summary = Checkout._summary(checkout, info)
        return taxed_money(summary.subtotal, summary.currency)

    @staticmethod
    def resolve_shipping_price(checkout, info):
        summary = Checkout._summary(checkout, info)
        return taxed_money(summary.shipping_total, summary.currency)

    @staticmethod
    def resolve_total_price(checkout, info):
        summary = Checkout._summary(checkout, info)
        return taxed_money(summary.total, summary.currency)

    @staticmethod
    def resolve_billing_address(checkout, _info):
        return checkout if checkout.has_address else None

    @staticmethod
    def resolve_lines(checkout, info):
        return [line for group in Checkout._summary(checkout, info).groups for line in group.lines]

    @staticmethod
    def resolve_shipping_methods(checkout, info):
        return [
            (group, quote) for group in Checkout._summary(checkout, info).groups for quote in group.quotes
        ]

    @staticmethod
    def resolve_delivery_method(checkout, info):
        chosen = [g for g in Checkout._summary(checkout, info).groups if g.selected is not None]
        return (chosen[0], chosen[0].selected) if chosen else None

    @staticmethod
    def resolve_is_shipping_required(_checkout, _info):
        return True

    @staticmethod
    def resolve_available_payment_gateways(checkout, _info):
        return payment_gateways_for(currency=checkout.channel.currency_code)
