"""Builders for checkout and order tests: sellable variants with stock, stall rates, placed orders."""

import itertools
from decimal import Decimal

from backend.catalog.models import (
    Category,
    Channel,
    Product,
    ProductVariant,
    Stock,
    VariantChannelListing,
    Warehouse,
)
from backend.checkout import actions
from backend.checkout.complete import checkout_complete
from backend.checkout.models import Checkout, ShippingMethod, ShippingWeightTier
from backend.orders.models import DeliveryKind, OrderGroup
from backend.stalls.models import Stall

_seq = itertools.count(1)

# Phường An Hội Tây, TP Hồ Chí Minh (2025 codes).
ADDRESS = {
    "full_name": "Nguyễn Thị Mai",
    "phone": "0912 345 678",
    "street": "12 Lê Lợi",
    "province_code": 79,
    "commune_code": 26882,
}


def channel(slug: str = "vn") -> Channel:
    # get_or_create: transactional tests flush the rows the catalog's data migration made.
    currency = "VND" if slug == "vn" else "USD"
    return Channel.objects.get_or_create(slug=slug, defaults={"name": slug, "currency_code": currency})[0]


def _category() -> Category:
    return Category.objects.order_by("pk").first() or Category.objects.create(name="Đặc sản", slug="dac-san")


def make_variant(
    stall: Stall, *, price: int | str = 100_000, stock: int = 10, weight: int = 500, channel_slug: str = "vn"
) -> ProductVariant:
    n = next(_seq)
    product = Product.objects.create(
        stall=stall,
        category=_category(),
        name=f"Kẹo dừa {n}",
        slug=f"keo-dua-{n}",
    )
    variant = ProductVariant.objects.create(
        product=product, stall=stall, sku=f"SKU-{n}", name=f"Hộp {n}", weight_grams=weight
    )
    ch = channel(channel_slug)
    VariantChannelListing.objects.create(
        variant=variant, channel=ch, price_amount=Decimal(price), currency=ch.currency_code
    )
    warehouse, _ = Warehouse.objects.get_or_create(
        stall=stall,
        name="Kho chính",
        defaults={"province_code": stall.province_code, "commune_code": stall.commune_code},
    )
    Stock.objects.create(variant=variant, warehouse=warehouse, quantity=stock)
    return variant


def make_shipping(
    stall: Stall,
    *,
    kind: str = DeliveryKind.FLAT,
    price: int | str = 30_000,
    free_above: int | str | None = None,
    tiers: tuple[tuple[int, int], ...] = (),
    channel_slug: str = "vn",
    name: str | None = None,
) -> ShippingMethod:
    method = ShippingMethod.objects.create(
        stall=stall,
        channel=channel(channel_slug),
        name=name or f"{kind} {next(_seq)}",
        kind=kind,
        price_amount=Decimal(price),
        free_above_amount=Decimal(free_above) if free_above is not None else None,
    )
    for max_grams, tier_price in tiers:
        ShippingWeightTier.objects.create(
            method=method, max_weight_grams=max_grams, price_amount=Decimal(tier_price)
        )
    return method


def ready_checkout(
    lines, *, email: str = "buyer@example.vn", user=None, address: dict | None = None
) -> Checkout:
    """A checkout with lines, an address and the first delivery method of each stall chosen."""
    from django.contrib.auth.models import AnonymousUser

    checkout = actions.checkout_create(
        channel_slug="vn",
        email=email,
        lines=[actions.LineInput(variant_id=v.pk, quantity=q) for v, q in lines],
        user=user or AnonymousUser(),
    )
    actions.checkout_shipping_address_update(checkout=checkout, **(address or ADDRESS))
    for stall_id in {v.stall_id for v, _ in lines}:
        method = ShippingMethod.objects.filter(stall_id=stall_id).order_by("pk").first()
        actions.checkout_delivery_method_update(checkout=checkout, shipping_method_id=method.pk)
    return checkout


def place(lines, *, payment_method: str = "cod", user=None, email: str = "buyer@example.vn") -> OrderGroup:
    from django.contrib.auth.models import AnonymousUser

    checkout = ready_checkout(lines, email=email, user=user)
    return checkout_complete(checkout=checkout, payment_method=payment_method, user=user or AnonymousUser())
