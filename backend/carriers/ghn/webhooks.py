"""GHN's status callbacks: checking that one came from GHN, and parsing its body.

GHN documents no signature on its callbacks: the shop registers one callback URL in GHN's
dashboard and GHN POSTs JSON to it. So the URL we register carries a long random secret
(`GHN_WEBHOOK_TOKEN`, e.g. `/webhooks/ghn/?token=<secret>`), compared here in constant time; an
empty configured secret refuses every callback. GHN sends no event id either, so `event_key` is
built from the fields that make one status change unique, for storing each event once.
"""

import hashlib
import hmac
from datetime import datetime

from django.conf import settings
from pydantic import BaseModel, ConfigDict, Field

from backend.carriers.status import CarrierStatus, ghn_status_to_carrier_status


def ghn_callback_token_valid(*, token: str | None, expected: str | None = None) -> bool:
    """True when `token` (from the callback URL) is the configured secret; constant time."""
    secret = settings.GHN_WEBHOOK_TOKEN if expected is None else expected
    if not secret or not token:
        return False
    return hmac.compare_digest(token.encode(), secret.encode())


class GhnCallback(BaseModel):
    """One GHN callback. `type` is "create", "switch_status", "update_weight", "update_cod" or
    "update_fee"; `status` is GHN's status string."""

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)

    order_code: str = Field(alias="OrderCode", min_length=1)
    client_order_code: str = Field(default="", alias="ClientOrderCode")
    shop_id: int = Field(default=0, alias="ShopID")
    type: str = Field(default="", alias="Type")
    status: str = Field(alias="Status")
    time: datetime = Field(alias="Time")
    cod_amount: int = Field(default=0, alias="CODAmount")
    cod_transfer_date: datetime | None = Field(default=None, alias="CODTransferDate")
    description: str = Field(default="", alias="Description")
    reason: str = Field(default="", alias="Reason")
    reason_code: str = Field(default="", alias="ReasonCode")
    total_fee: int = Field(default=0, alias="TotalFee")

    @property
    def carrier_status(self) -> CarrierStatus:
        return ghn_status_to_carrier_status(self.status)

    @property
    def event_key(self) -> str:
        """Stable across GHN's redeliveries of the same change, different for any other change."""
        raw = "|".join(
            [
                self.order_code,
                self.type.lower(),
                self.status.lower(),
                self.time.isoformat(),
                str(self.cod_amount),
            ]
        )
        return hashlib.sha256(raw.encode()).hexdigest()


def ghn_callback_parse(body: bytes) -> GhnCallback:
    """Parse a callback body; raises pydantic.ValidationError on anything else."""
    return GhnCallback.model_validate_json(body)
