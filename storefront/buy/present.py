"""Checkout summaries as template rows: money formatted for the shop, one block per stall."""

from dataclasses import dataclass

from backend.checkout.selectors import CheckoutSummary, DeliveryEstimate
from storefront.channel import format_price


@dataclass(frozen=True)
class DeliveryRow:
    id: int
    name: str
    kind: str
    price: str
    estimate: DeliveryEstimate | None
    selected: bool


@dataclass(frozen=True)
class LineRow:
    id: int
    product_name: str
    product_slug: str
    variant_name: str
    quantity: int
    quantity_available: int
    unit_price: str
    total: str
    is_available: bool


@dataclass(frozen=True)
class StallRow:
    stall_id: int
    stall_name: str
    lines: list[LineRow]
    deliveries: list[DeliveryRow]
    subtotal: str
    shipping: str
    total: str
    has_delivery: bool


def method_estimate(method) -> DeliveryEstimate | None:
    if method.min_days is None or method.max_days is None:
        return None
    return DeliveryEstimate(min_days=method.min_days, max_days=method.max_days)


def summary_rows(summary: CheckoutSummary) -> dict:
    """Everything the cart and checkout pages show of a summary, formatted."""
    currency = summary.currency
    stalls = []
    for group in summary.groups:
        selected_id = group.selected.method.pk if group.selected else None
        stalls.append(
            StallRow(
                stall_id=group.stall.pk,
                stall_name=group.stall.name,
                lines=[
                    LineRow(
                        id=line.line.pk,
                        product_name=line.variant.product.name,
                        product_slug=line.variant.product.slug,
                        variant_name=line.variant.name or line.variant.sku,
                        quantity=line.line.quantity,
                        quantity_available=line.quantity_available,
                        unit_price=format_price(line.unit_price, currency) if line.is_available else "",
                        total=format_price(line.total, currency),
                        is_available=line.is_available,
                    )
                    for line in group.lines
                ],
                deliveries=[
                    DeliveryRow(
                        id=quote.method.pk,
                        name=quote.name,
                        kind=quote.kind,
                        price=format_price(quote.price, currency),
                        estimate=method_estimate(quote.method),
                        selected=quote.method.pk == selected_id,
                    )
                    for quote in group.quotes
                ],
                subtotal=format_price(group.subtotal, currency),
                shipping=format_price(group.shipping_price, currency),
                total=format_price(group.total, currency),
                has_delivery=group.selected is not None,
            )
        )
    return {
        "stalls": stalls,
        "units": sum(line.line.quantity for group in summary.groups for line in group.lines),
        "subtotal": format_price(summary.subtotal, currency),
        "shipping_total": format_price(summary.shipping_total, currency),
        "total": format_price(summary.total, currency),
        "currency": currency,
    }
