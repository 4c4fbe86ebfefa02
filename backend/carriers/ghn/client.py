"""A small typed client for Giao Hàng Nhanh's public API (shiip/public-api): master data, services,
fee and lead-time quotes, shipping orders, cancelling, labels and order detail.

Every answer is GHN's envelope `{code, message, data}` parsed into the pydantic models of
`ghn.models`; failures become `CarrierUnavailable` (unreachable, 5xx, malformed), `CarrierRefused`
(GHN's own error code and message, including a bad token) or `CarrierRateLimited` (HTTP 429).
Reads and quotes are retried a bounded number of times on timeouts and 5xx; writes (create,
cancel) only when the connection failed before the request left, so a retry never books twice
(after an ambiguous failure, look the order up by `order_detail_by_client_code`). The token is
sent in the `Token` header only and never appears in a message, a log line or `repr`.
"""

import logging
import time
from collections.abc import Callable
from typing import Any, Literal, TypeVar
from urllib.parse import urlencode, urlsplit

import httpx
from django.conf import settings
from pydantic import BaseModel, TypeAdapter, ValidationError

from backend.carriers.errors import CarrierRateLimited, CarrierRefused, CarrierUnavailable
from backend.carriers.ghn.models import (
    GhnCancelResult,
    GhnCreatedOrder,
    GhnDistrict,
    GhnEnvelope,
    GhnFee,
    GhnLabelToken,
    GhnLeadtime,
    GhnOrderDetail,
    GhnOrderRequest,
    GhnProvince,
    GhnService,
    GhnWard,
)

logger = logging.getLogger(__name__)

T = TypeVar("T")
LabelSize = Literal["A5", "80x80", "52x70"]
_LABEL_PATHS: dict[str, str] = {"A5": "printA5", "80x80": "print80x80", "52x70": "print52x70"}
# Failures where the request may have reached GHN: retried for reads only.
_AMBIGUOUS = (httpx.ReadTimeout, httpx.WriteTimeout, httpx.RemoteProtocolError, httpx.ReadError)
# Failures before the request left: safe to retry for any call.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class GhnClient:
    """One GHN account (token + shop). Use as a context manager or call `close()`."""

    def __init__(
        self,
        *,
        base_url: str,
        token: str,
        shop_id: int | str,
        timeout: float = 10.0,
        max_retries: int = 2,
        backoff_seconds: float = 0.5,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.shop_id = int(shop_id) if str(shop_id).strip() else 0
        self.max_retries = max(0, int(max_retries))
        self.backoff_seconds = backoff_seconds
        self._sleep = sleep
        self._http = httpx.Client(
            base_url=self.base_url,
            headers={"Token": token, "Content-Type": "application/json", "Accept": "application/json"},
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            transport=transport,
        )

    @classmethod
    def from_settings(cls, **overrides: Any) -> "GhnClient":
        """The platform's GHN account from `GHN_API_BASE`, `GHN_TOKEN`, `GHN_SHOP_ID`."""
        options: dict[str, Any] = {
            "base_url": settings.GHN_API_BASE,
            "token": settings.GHN_TOKEN,
            "shop_id": settings.GHN_SHOP_ID,
            "timeout": settings.GHN_TIMEOUT_SECONDS,
            "max_retries": settings.GHN_MAX_RETRIES,
        }
        options.update(overrides)
        return cls(**options)

    def __repr__(self) -> str:
        return f"GhnClient(base_url={self.base_url!r}, shop_id={self.shop_id})"

    def __enter__(self) -> "GhnClient":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # --- master data -------------------------------------------------------------------------

    def provinces(self) -> list[GhnProvince]:
        return self._call("GET", "/master-data/province", list[GhnProvince])

    def districts(self, *, province_id: int) -> list[GhnDistrict]:
        return self._call(
            "GET", "/master-data/district", list[GhnDistrict], params={"province_id": province_id}
        )

    def wards(self, *, district_id: int) -> list[GhnWard]:
        return self._call("GET", "/master-data/ward", list[GhnWard], params={"district_id": district_id})

    # --- quotes ------------------------------------------------------------------------------

    def services(self, *, from_district_id: int, to_district_id: int) -> list[GhnService]:
        """The services GHN runs on a route (district to district)."""
        body = {"shop_id": self.shop_id, "from_district": from_district_id, "to_district": to_district_id}
        return self._call("POST", "/v2/shipping-order/available-services", list[GhnService], json=body)

    def fee_quote(
        self,
        *,
        service_type_id: int,
        from_district_id: int,
        from_ward_code: str,
        to_district_id: int,
        to_ward_code: str,
        weight_grams: int,
        length_cm: int,
        width_cm: int,
        height_cm: int,
        insurance_value: int = 0,
        cod_value: int = 0,
        service_id: int | None = None,
    ) -> GhnFee:
        """GHN's fee for one parcel; GHN charges by the larger of real and volumetric weight."""
        body: dict[str, Any] = {
            "service_type_id": service_type_id,
            "from_district_id": from_district_id,
            "from_ward_code": from_ward_code,
            "to_district_id": to_district_id,
            "to_ward_code": to_ward_code,
            "weight": weight_grams,
            "length": length_cm,
            "width": width_cm,
            "height": height_cm,
            "insurance_value": insurance_value,
            "cod_value": cod_value,
        }
        if service_id is not None:
            body["service_id"] = service_id
        return self._call("POST", "/v2/shipping-order/fee", GhnFee, json=body, shop=True)

    def leadtime(
        self,
        *,
        service_id: int,
        from_district_id: int,
        from_ward_code: str,
        to_district_id: int,
        to_ward_code: str,
    ) -> GhnLeadtime:
        """When GHN expects a parcel sent now to arrive on that route and service."""
        body = {
            "service_id": service_id,
            "from_district_id": from_district_id,
            "from_ward_code": from_ward_code,
            "to_district_id": to_district_id,
            "to_ward_code": to_ward_code,
        }
        return self._call("POST", "/v2/shipping-order/leadtime", GhnLeadtime, json=body, shop=True)

    # --- shipping orders ---------------------------------------------------------------------

    def order_create(self, order: GhnOrderRequest) -> GhnCreatedOrder:
        body = order.model_dump(exclude_none=True)
        return self._call(
            "POST", "/v2/shipping-order/create", GhnCreatedOrder, json=body, shop=True, idempotent=False
        )

    def order_cancel(self, *, order_codes: list[str]) -> list[GhnCancelResult]:
        body = {"order_codes": list(order_codes)}
        return self._call(
            "POST", "/v2/switch-status/cancel", list[GhnCancelResult], json=body, shop=True, idempotent=False
        )

    def order_detail(self, *, order_code: str) -> GhnOrderDetail:
        return self._call(
            "POST", "/v2/shipping-order/detail", GhnOrderDetail, json={"order_code": order_code}
        )

    def order_detail_by_client_code(self, *, client_order_code: str) -> GhnOrderDetail:
        body = {"client_order_code": client_order_code}
        return self._call("POST", "/v2/shipping-order/detail-by-client-code", GhnOrderDetail, json=body)

    # --- labels ------------------------------------------------------------------------------

    def label_token(self, *, order_codes: list[str]) -> str:
        """A short-lived token GHN's print pages accept for these orders' labels."""
        answer = self._call(
            "POST", "/v2/a5/gen-token", GhnLabelToken, json={"order_codes": list(order_codes)}
        )
        return answer.token

    def label_url(self, *, token: str, size: LabelSize = "A5") -> str:
        """The page that prints the labels: A5 sheets, or 80×80 / 52×70 mm thermal rolls. The print
        pages live on the gateway's root (`/a5/public-api/…`), beside `/shiip/public-api`."""
        parts = urlsplit(self.base_url)
        query = urlencode({"token": token})
        return f"{parts.scheme}://{parts.netloc}/a5/public-api/{_LABEL_PATHS[size]}?{query}"

    # --- transport ---------------------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        shape: type[T] | Any,
        *,
        params: dict[str, Any] | None = None,
        json: dict[str, Any] | None = None,
        shop: bool = False,
        idempotent: bool = True,
    ) -> T:
        headers = {"ShopId": str(self.shop_id)} if shop else None
        attempt = 0
        while True:
            attempt += 1
            last = attempt > self.max_retries
            try:
                response = self._http.request(method, path, params=params, json=json, headers=headers)
            except _NOT_SENT as exc:
                if last:
                    raise CarrierUnavailable(f"GHN unreachable ({type(exc).__name__}) on {path}") from None
            except (*_AMBIGUOUS, httpx.TimeoutException) as exc:
                if last or not idempotent:
                    raise CarrierUnavailable(f"GHN did not answer ({type(exc).__name__}) on {path}") from None
            except httpx.HTTPError as exc:
                raise CarrierUnavailable(f"GHN transport error ({type(exc).__name__}) on {path}") from None
            else:
                if response.status_code < 500:
                    return self._parse(response, path, shape)
                if last or not idempotent:
                    raise CarrierUnavailable(f"GHN answered HTTP {response.status_code} on {path}")
            logger.warning("GHN %s %s failed (attempt %d), retrying", method, path, attempt)
            self._sleep(self.backoff_seconds * attempt)

    @staticmethod
    def _parse(response: httpx.Response, path: str, shape: type[T] | Any) -> T:
        if response.status_code == 429:
            raise CarrierRateLimited(_retry_after(response.headers.get("Retry-After")))
        try:
            envelope = GhnEnvelope.model_validate_json(response.content)
        except ValidationError:
            if response.status_code >= 400:
                raise CarrierRefused(response.status_code, f"HTTP {response.status_code} on {path}") from None
            raise CarrierUnavailable(f"GHN answered a body that is not its envelope on {path}") from None
        if response.status_code >= 400 or envelope.code != 200:
            code = envelope.code or response.status_code
            raise CarrierRefused(
                code, envelope.message or f"HTTP {response.status_code}", reason=envelope.code_message
            )
        try:
            if isinstance(shape, type) and issubclass(shape, BaseModel):
                return shape.model_validate(envelope.data)
            return TypeAdapter(shape).validate_python(envelope.data or [])
        except ValidationError as exc:
            raise CarrierUnavailable(
                f"GHN's answer on {path} does not have the documented shape ({exc.error_count()} errors)"
            ) from None


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None
