"""Our own carrier tracking states, and GHN's status strings mapped onto them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Carrier(models.TextChoices):
    GHN = "ghn", "Giao Hàng Nhanh"


class CarrierStatus(models.TextChoices):
    READY_TO_PICK = "ready_to_pick", _("Waiting for pickup")
    PICKING = "picking", _("Courier on the way to pick up")
    PICKED_UP = "picked_up", _("Picked up")
    IN_TRANSIT = "in_transit", _("In transit")
    OUT_FOR_DELIVERY = "out_for_delivery", _("Out for delivery")
    DELIVERED = "delivered", _("Delivered")
    DELIVERY_FAILED = "delivery_failed", _("Delivery attempt failed")
    RETURNING = "returning", _("Returning to the stall")
    RETURNED = "returned", _("Returned to the stall")
    CANCELLED = "cancelled", _("Cancelled")
    EXCEPTION = "exception", _("Problem with the parcel")
    LOST = "lost", _("Lost")
    UNKNOWN = "unknown", _("Unknown carrier status")


# States after which the carrier sends nothing that changes the parcel's outcome.
FINAL_STATUSES = frozenset(
    {CarrierStatus.DELIVERED, CarrierStatus.RETURNED, CarrierStatus.CANCELLED, CarrierStatus.LOST}
)

# GHN's order statuses as its API documents them (order detail `status`, callback `Status`).
GHN_STATUSES: dict[str, CarrierStatus] = {
    "ready_to_pick": CarrierStatus.READY_TO_PICK,
    "picking": CarrierStatus.PICKING,
    "money_collect_picking": CarrierStatus.PICKING,
    "picked": CarrierStatus.PICKED_UP,
    "storing": CarrierStatus.IN_TRANSIT,
    "transporting": CarrierStatus.IN_TRANSIT,
    "sorting": CarrierStatus.IN_TRANSIT,
    "delivering": CarrierStatus.OUT_FOR_DELIVERY,
    "money_collect_delivering": CarrierStatus.OUT_FOR_DELIVERY,
    "delivered": CarrierStatus.DELIVERED,
    "delivery_fail": CarrierStatus.DELIVERY_FAILED,
    "waiting_to_return": CarrierStatus.RETURNING,
    "return": CarrierStatus.RETURNING,
    "return_transporting": CarrierStatus.RETURNING,
    "return_sorting": CarrierStatus.RETURNING,
    "returning": CarrierStatus.RETURNING,
    "return_fail": CarrierStatus.RETURNING,
    "returned": CarrierStatus.RETURNED,
    "cancel": CarrierStatus.CANCELLED,
    "exception": CarrierStatus.EXCEPTION,
    "damage": CarrierStatus.EXCEPTION,
    "lost": CarrierStatus.LOST,
}


def ghn_status_to_carrier_status(status: str) -> CarrierStatus:
    """Our state for a GHN status string; a string GHN adds later is UNKNOWN, never an error."""
    return GHN_STATUSES.get((status or "").strip().lower(), CarrierStatus.UNKNOWN)
