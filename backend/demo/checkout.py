"""Demo delivery rates: every selling stall offers a flat rate, weight tiers and pickup (VND), and a
flat international rate in the export channel."""

from decimal import Decimal

from backend.catalog.models import Channel
from backend.checkout.models import ShippingMethod, ShippingWeightTier
from backend.orders.models import DeliveryKind
from backend.stalls.models import Stall, StallStatus

# name, kind, price, free above, tiers (max grams, price), stated days (min, max) or None
VN_RATES = (
    ("Giao hàng tiêu chuẩn", DeliveryKind.FLAT, 30_000, 500_000, (), (2, 4)),
    (
        "Giao theo cân nặng",
        DeliveryKind.WEIGHT,
        0,
        None,
        ((1000, 22_000), (3000, 35_000), (10_000, 60_000)),
        (3, 5),
    ),
    ("Nhận tại cửa hàng", DeliveryKind.PICKUP, 0, None, (), None),
)
EXPORT_RATES = (("International shipping", DeliveryKind.FLAT, 25, 200, (), (7, 14)),)


def seed() -> None:
    channels = {c.slug: c for c in Channel.objects.filter(slug__in=["vn", "export"])}
    for stall in Stall.objects.filter(status=StallStatus.APPROVED):
        for slug, rates in (("vn", VN_RATES), ("export", EXPORT_RATES)):
            if slug not in channels:
                continue
            for order, (name, kind, price, free_above, tiers, days) in enumerate(rates):
                method, created = ShippingMethod.objects.get_or_create(
                    stall=stall,
                    channel=channels[slug],
                    name=name,
                    defaults={
                        "kind": kind,
                        "price_amount": Decimal(price),
                        "free_above_amount": Decimal(free_above) if free_above is not None else None,
                        "sort_order": order,
                    },
                )
                if days is not None and method.min_days is None:
                    method.min_days, method.max_days = days
                    method.save(update_fields=["min_days", "max_days"])
                if created:
                    ShippingWeightTier.objects.bulk_create(
                        ShippingWeightTier(method=method, max_weight_grams=grams, price_amount=Decimal(p))
                        for grams, p in tiers
                    )


def info(base_url: str) -> list[str]:
    return [f"  {ShippingMethod.objects.count()} delivery methods (flat, weight tiers, pickup) across stalls"]
