"""Delivery per stall: carrier providers quote the stall's shipping methods for a parcel.

`base.py` holds the provider interface and the registry; `stall_rates.py` implements the stall's own
flat, weight-tiered and pickup rates. Carriers with HTTP rate APIs (GHN, GHTK, Viettel Post) plug in
as further providers: a class with a `key` and `quote()`, registered with `register()`, selected by
`ShippingMethod.provider`. They are not implemented yet; the stall's own rates come first.
"""

from backend.checkout.shipping.base import (
    CarrierProvider,
    DeliveryQuote,
    Parcel,
    provider_for,
    register,
)
from backend.checkout.shipping.stall_rates import StallRatesProvider

register(StallRatesProvider())

__all__ = ["CarrierProvider", "DeliveryQuote", "Parcel", "StallRatesProvider", "provider_for", "register"]
