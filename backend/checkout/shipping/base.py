"""The carrier provider interface and its registry."""

from abc import ABC, abstractmethod
from dataclasses import dataclass
from decimal import Decimal

from backend.checkout.models import ShippingMethod


@dataclass(frozen=True)
class Parcel:
    """What one stall ships for one checkout: weight, merchandise subtotal and destination."""

    weight_grams: int
    subtotal: Decimal
    currency: str
    province_code: int | None = None
    commune_code: int | None = None


@dataclass(frozen=True)
class DeliveryQuote:
    method: ShippingMethod
    price: Decimal
    currency: str

    @property
    def name(self) -> str:
        return self.method.name

    @property
    def kind(self) -> str:
        return self.method.kind


class CarrierProvider(ABC):
    """Prices a stall's shipping method for a parcel, or answers None when it cannot carry it.

    A carrier with an HTTP API (GHN's `/shiip/public-api/v2/shipping-order/fee`, GHTK's
    `/services/shipment/fee`) would call it here with the stall's pickup address and the parcel, under a
    short timeout, and cache the answer per (method, weight band, destination).
    """

    key: str

    @abstractmethod
    def quote(self, *, method: ShippingMethod, parcel: Parcel) -> DeliveryQuote | None: ...


_PROVIDERS: dict[str, CarrierProvider] = {}


def register(provider: CarrierProvider) -> None:
    _PROVIDERS[provider.key] = provider


def provider_for(key: str) -> CarrierProvider | None:
    return _PROVIDERS.get(key)
