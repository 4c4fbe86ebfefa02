"""The stall's own rates: flat, weight-tiered, pickup at the stall, with a free-shipping threshold."""

from decimal import Decimal

from backend.checkout.models import ShippingMethod
from backend.checkout.shipping.base import CarrierProvider, DeliveryQuote, Parcel
from backend.orders.models import DeliveryKind


class StallRatesProvider(CarrierProvider):
    key = "stall"

    def quote(self, *, method: ShippingMethod, parcel: Parcel) -> DeliveryQuote | None:
        price = self._base_price(method=method, parcel=parcel)
        if price is None:
            return None
        if method.free_above_amount is not None and parcel.subtotal >= method.free_above_amount:
            price = Decimal(0)
        return DeliveryQuote(method=method, price=price, currency=parcel.currency)

    @staticmethod
    def _base_price(*, method: ShippingMethod, parcel: Parcel) -> Decimal | None:
        if method.kind == DeliveryKind.PICKUP:
            return Decimal(0)
        if method.kind == DeliveryKind.FLAT:
            return method.price_amount
        # Weight tiers: the first tier whose ceiling holds the parcel; heavier parcels are refused.
        for tier in method.tiers.all():
            if parcel.weight_grams <= tier.max_weight_grams:
                return tier.price_amount
        return None
