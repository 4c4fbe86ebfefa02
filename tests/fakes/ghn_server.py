"""A local stand-in for Giao Hàng Nhanh's public API (shiip/public-api), for the real GHN client.

Runs a threaded HTTP server on 127.0.0.1 with an ephemeral port and answers like GHN's documented
API: the `{code, message, data}` envelope, the `Token` header (401 "Token is not valid!" without
it), the `ShopId` header on shop endpoints, 400 `USER_ERR_COMMON`-style refusals for bad input.
Serves a small master-data subset (Hà Nội, HCMC, the demo's Vĩnh Long/Bến Tre and Bắc Ninh/Bắc
Giang areas, and one test province GHN-style that maps to nothing); ids are the fake's own.
Endpoints: GET master-data/province|district|ward, POST v2/shipping-order/available-services|fee|
leadtime|create|detail|detail-by-client-code, POST v2/switch-status/cancel, POST v2/a5/gen-token,
GET /a5/public-api/printA5|print80x80|print52x70?token=. `state.fail("429"|"500"|"timeout", times)`
makes the next requests fail that way; `state.advance(order_code, status)` moves an order and
POSTs GHN's callback to `state.callback_url`. Every request is recorded.
"""

import html
import itertools
import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

PREFIX = "/shiip/public-api"

# (ProvinceID, ProvinceName, Code, NameExtension) — GHN's pre-2025 provinces.
PROVINCES = [
    (201, "Hà Nội", "4", ["Hà Nội", "TP.Hà Nội", "TP. Hà Nội", "Ha Noi", "Hanoi"]),
    (202, "Hồ Chí Minh", "8", ["Hồ Chí Minh", "TP.Hồ Chí Minh", "TP.HCM", "HCM", "Ho Chi Minh"]),
    (248, "Bắc Giang", "240", ["Bắc Giang", "Tỉnh Bắc Giang"]),
    (249, "Bắc Ninh", "241", ["Bắc Ninh", "Tỉnh Bắc Ninh"]),
    (253, "Bến Tre", "750", ["Bến Tre", "Tỉnh Bến Tre"]),
    (254, "Vĩnh Long", "700", ["Vĩnh Long", "Tỉnh Vĩnh Long"]),
    (286, "Test - Alway Fail", "", None),
]
# (DistrictID, ProvinceID, DistrictName)
DISTRICTS = [
    (1489, 201, "Quận Hoàn Kiếm"),
    (1442, 202, "Quận 1"),
    (1643, 248, "Thành phố Bắc Giang"),
    (1966, 248, "Huyện Lục Ngạn"),
    (1729, 249, "Thành phố Từ Sơn"),
    (1560, 253, "Thành phố Bến Tre"),
    (1873, 253, "Huyện Mỏ Cày Nam"),
    (1561, 254, "Thành phố Vĩnh Long"),
    (3440, 286, "Test District"),
]
# (WardCode, DistrictID, WardName)
WARDS = [
    ("1A0105", 1489, "Phường Cửa Nam"),
    ("00070", 1489, "Phường Hàng Trống"),
    ("1A0117", 1489, "Phường Tràng Tiền"),
    ("20106", 1442, "Phường Tân Định"),
    ("20107", 1442, "Phường Bến Thành"),
    ("26740", 1442, "Phường Bến Nghé"),
    ("180110", 1643, "Phường Đa Mai"),
    ("180203", 1966, "Xã Kép"),
    ("180301", 1729, "Phường Đông Ngàn"),
    ("550107", 1560, "Phường Phú Khương"),
    ("550108", 1560, "Phường 7"),
    ("550302", 1873, "Thị trấn Mỏ Cày"),
    ("550310", 1873, "Xã Phước Mỹ Trung"),
    ("570101", 1561, "Phường 1"),
    ("900001", 3440, "Test Ward"),
]
# service_type_id 2: light parcels (e-commerce); 5: heavy / traditional, slower.
SERVICES = {2: (53320, "Hàng nhẹ"), 5: (100039, "Hàng nặng")}
CANCELLABLE = {"ready_to_pick", "picking", "money_collect_picking"}
MAX_WEIGHT_GRAMS = 50_000
MAX_COD = 50_000_000
MAX_INSURANCE = 5_000_000


@dataclass
class RecordedRequest:
    method: str
    path: str
    params: dict
    body: dict
    headers: dict[str, str]


@dataclass
class CallbackDelivery:
    body: bytes
    status: int


@dataclass
class FakeGhnState:
    token: str = "ghn-test-token"
    shop_id: int = 885
    requests: list[RecordedRequest] = field(default_factory=list)
    orders: dict[str, dict] = field(default_factory=dict)
    label_tokens: dict[str, list[str]] = field(default_factory=dict)
    # None, "429", "500" or "timeout"; `fail_times` requests fail that way (None: all of them).
    fail_mode: str | None = None
    fail_times: int | None = None
    retry_after: str = "0"
    timeout_seconds: float = 1.0
    callback_url: str | None = None
    callbacks: list[CallbackDelivery] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    counter: itertools.count = field(default_factory=lambda: itertools.count(1))

    def fail(self, mode: str | None, times: int | None = None) -> None:
        self.fail_mode, self.fail_times = mode, times

    def calls(self, path: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path == PREFIX + path or r.path == path]

    def _take_failure(self) -> str | None:
        with self.lock:
            if self.fail_mode is None:
                return None
            mode = self.fail_mode
            if self.fail_times is not None:
                self.fail_times -= 1
                if self.fail_times <= 0:
                    self.fail_mode, self.fail_times = None, None
            return mode

    def callback_body(self, order: dict, *, type_: str = "switch_status") -> bytes:
        """The JSON GHN POSTs to the shop's callback URL after a change."""
        return json.dumps(
            {
                "CODAmount": order["cod_amount"],
                "CODTransferDate": None,
                "ClientOrderCode": order["client_order_code"],
                "ConvertedWeight": order["weight"],
                "Description": "",
                "Fee": {"MainService": order["total_fee"], "Insurance": 0, "Return": 0},
                "Height": order["height"],
                "IsPartialReturn": False,
                "Length": order["length"],
                "OrderCode": order["order_code"],
                "PaymentType": order["payment_type_id"],
                "Reason": "",
                "ReasonCode": "",
                "ShopID": self.shop_id,
                "Status": order["status"],
                "Time": order["log"][-1]["updated_date"],
                "TotalFee": order["total_fee"],
                "Type": type_,
                "Warehouse": "Bưu cục giả lập",
                "Weight": order["weight"],
                "Width": order["width"],
            },
            ensure_ascii=False,
        ).encode()

    def post_callback(self, body: bytes) -> int:
        request = urllib.request.Request(
            self.callback_url or "", data=body, method="POST", headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        self.callbacks.append(CallbackDelivery(body, status))
        return status

    def advance(self, order_code: str, status: str, *, when: datetime | None = None) -> bytes:
        """Move an order to GHN's `status`, log it, and POST the callback when a URL is set.
        Returns the callback body (so a test can deliver it again or out of order)."""
        order = self.orders[order_code]
        order["status"] = status
        order["log"].append({"status": status, "updated_date": _iso(when or datetime.now(UTC))})
        body = self.callback_body(order)
        if self.callback_url:
            self.post_callback(body)
        return body


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _ok(data: object) -> tuple[int, dict]:
    return 200, {"code": 200, "message": "Success", "data": data}


def _bad(message: str, code_message: str = "USER_ERR_COMMON") -> tuple[int, dict]:
    return 400, {"code": 400, "message": message, "data": None, "code_message": code_message}


def _ward(code: str) -> tuple[str, int, str] | None:
    return next((w for w in WARDS if w[0] == code), None)


def _district(district_id: object) -> tuple[int, int, str] | None:
    try:
        wanted = int(district_id)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return next((d for d in DISTRICTS if d[0] == wanted), None)


def _same_region(a: int, b: int) -> bool:
    return _district(a)[1] == _district(b)[1]  # type: ignore[index]


def _fee(body: dict) -> int:
    weight = int(body.get("weight") or 0)
    volumetric = (
        int(body.get("length") or 0) * int(body.get("width") or 0) * int(body.get("height") or 0) // 5
    )
    charged = max(weight, volumetric)
    heavy = int(body.get("service_type_id") or 2) == 5
    base = (
        (18_000 if heavy else 22_000)
        if _same_region(body["from_district_id"], body["to_district_id"])
        else 30_000
    )
    extra = max(0, charged - 2_000 + 499) // 500 * (2_500 if heavy else 5_000)
    return base + extra


def _days(service_type_id: int, same_region: bool) -> int:
    if service_type_id == 5:
        return 5
    return 1 if same_region else 3


class _Handler(BaseHTTPRequestHandler):
    server_version = "FakeGHN/1.0"
    state: FakeGhnState

    def log_message(self, *_args) -> None:  # keep test output quiet
        return

    def _send(self, status: int, body: dict | str, headers: dict[str, str] | None = None) -> None:
        data = body.encode() if isinstance(body, str) else json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header(
            "Content-Type", "text/html; charset=utf-8" if isinstance(body, str) else "application/json"
        )
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _handle(self, method: str) -> None:
        parts = urlsplit(self.path)
        params = dict(parse_qsl(parts.query))
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else {}
        except json.JSONDecodeError:
            body = None
        self.state.requests.append(
            RecordedRequest(method, parts.path, params, body or {}, dict(self.headers))
        )
        failure = self.state._take_failure()
        if failure == "timeout":
            time.sleep(self.state.timeout_seconds)
            self._send(504, "gateway timeout")
            return
        if failure == "429":
            self._send(
                429,
                {"code": 429, "message": "Too Many Requests", "data": None},
                {"Retry-After": self.state.retry_after},
            )
            return
        if failure == "500":
            self._send(502, "<html><body>502 Bad Gateway</body></html>")
            return
        if parts.path.startswith("/a5/public-api/"):
            self._send(*self._print(parts.path.rsplit("/", 1)[-1], params.get("token", "")))
            return
        if self.headers.get("Token") != self.state.token:
            self._send(
                401,
                {
                    "code": 401,
                    "message": "Token is not valid!",
                    "data": None,
                    "code_message": "USER_ERR_TOKEN",
                },
            )
            return
        if body is None:
            self._send(*_bad("Dữ liệu gửi lên không đúng định dạng JSON"))
            return
        route = self._routes().get((method, parts.path.removeprefix(PREFIX)))
        if route is None:
            self._send(404, {"code": 404, "message": "Not Found", "data": None})
            return
        handler, needs_shop = route
        if needs_shop and self.headers.get("ShopId") != str(self.state.shop_id):
            self._send(*_bad("Shop không hợp lệ hoặc không thuộc tài khoản", "USER_ERR_SHOP"))
            return
        with self.state.lock:
            self._send(*handler({**params, **body}))

    def _routes(self) -> dict:
        return {
            ("GET", "/master-data/province"): (self._provinces, False),
            ("GET", "/master-data/district"): (self._districts, False),
            ("POST", "/master-data/district"): (self._districts, False),
            ("GET", "/master-data/ward"): (self._wards, False),
            ("POST", "/master-data/ward"): (self._wards, False),
            ("POST", "/v2/shipping-order/available-services"): (self._services, False),
            ("POST", "/v2/shipping-order/fee"): (self._fee, True),
            ("POST", "/v2/shipping-order/leadtime"): (self._leadtime, True),
            ("POST", "/v2/shipping-order/create"): (self._create, True),
            ("POST", "/v2/switch-status/cancel"): (self._cancel, True),
            ("POST", "/v2/a5/gen-token"): (self._gen_token, False),
            ("POST", "/v2/shipping-order/detail"): (self._detail, False),
            ("POST", "/v2/shipping-order/detail-by-client-code"): (self._detail_by_client, False),
        }

    # --- master data ---------------------------------------------------------------------------

    def _provinces(self, _data: dict) -> tuple[int, dict]:
        return _ok(
            [
                {
                    "ProvinceID": pid,
                    "ProvinceName": name,
                    "CountryID": 1,
                    "Code": code,
                    "NameExtension": ext,
                    "IsEnable": 1,
                    "RegionID": 1,
                    "CanUpdateCOD": False,
                    "Status": 1,
                }
                for pid, name, code, ext in PROVINCES
            ]
        )

    def _districts(self, data: dict) -> tuple[int, dict]:
        try:
            province_id = int(data.get("province_id"))
        except (TypeError, ValueError):
            return _bad("province_id không hợp lệ")
        return _ok(
            [
                {
                    "DistrictID": did,
                    "ProvinceID": pid,
                    "DistrictName": name,
                    "Code": str(did),
                    "Type": 3,
                    "SupportType": 3,
                    "NameExtension": [name],
                    "IsEnable": 1,
                    "Status": 1,
                }
                for did, pid, name in DISTRICTS
                if pid == province_id
            ]
        )

    def _wards(self, data: dict) -> tuple[int, dict]:
        if _district(data.get("district_id")) is None:
            return _bad("district_id không hợp lệ")
        wanted = int(data["district_id"])
        return _ok(
            [
                {
                    "WardCode": code,
                    "DistrictID": did,
                    "WardName": name,
                    "NameExtension": [name],
                    "CanUpdateCOD": False,
                    "SupportType": 3,
                    "Status": 1,
                }
                for code, did, name in WARDS
                if did == wanted
            ]
        )

    # --- quotes --------------------------------------------------------------------------------

    def _route_error(self, data: dict, *, from_key: str, to_key: str) -> tuple[int, dict] | None:
        if int(data.get("shop_id", self.state.shop_id) or 0) != self.state.shop_id:
            return _bad("Shop không hợp lệ", "USER_ERR_SHOP")
        if _district(data.get(from_key)) is None or _district(data.get(to_key)) is None:
            return _bad("Quận/huyện không hợp lệ", "USER_ERR_DISTRICT")
        return None

    def _services(self, data: dict) -> tuple[int, dict]:
        error = self._route_error(data, from_key="from_district", to_key="to_district")
        if error:
            return error
        return _ok(
            [
                {"service_id": sid, "short_name": name, "service_type_id": stype}
                for stype, (sid, name) in SERVICES.items()
            ]
        )

    def _parcel_error(self, data: dict) -> tuple[int, dict] | None:
        error = self._route_error(data, from_key="from_district_id", to_key="to_district_id")
        if error:
            return error
        for side in ("from", "to"):
            code = data.get(f"{side}_ward_code")
            if code is not None and (
                (ward := _ward(str(code))) is None or ward[1] != int(data[f"{side}_district_id"])
            ):
                return _bad(f"{side}_ward_code không thuộc quận/huyện", "USER_ERR_WARD")
        weight = data.get("weight")
        if not isinstance(weight, int) or not 0 < weight <= MAX_WEIGHT_GRAMS:
            return _bad(f"Khối lượng phải từ 1 đến {MAX_WEIGHT_GRAMS} gram", "USER_ERR_WEIGHT")
        if int(data.get("insurance_value") or 0) > MAX_INSURANCE:
            return _bad(f"Giá trị khai giá tối đa {MAX_INSURANCE}", "USER_ERR_INSURANCE")
        if int(data.get("cod_value", data.get("cod_amount")) or 0) > MAX_COD:
            return _bad(f"Tiền thu hộ tối đa {MAX_COD}", "USER_ERR_COD")
        if int(data.get("service_type_id") or 0) not in SERVICES and data.get("service_id") is None:
            return _bad("Dịch vụ không hợp lệ", "USER_ERR_SERVICE")
        return None

    def _fee(self, data: dict) -> tuple[int, dict]:
        error = self._parcel_error(data)
        if error:
            return error
        service_fee = _fee(data)
        insurance_fee = int(data.get("insurance_value") or 0) * 5 // 1000
        return _ok(
            {
                "total": service_fee + insurance_fee,
                "service_fee": service_fee,
                "insurance_fee": insurance_fee,
                "pick_station_fee": 0,
                "coupon_value": 0,
                "r2s_fee": 0,
                "return_again": 0,
                "document_return": 0,
                "double_check": 0,
                "cod_fee": 0,
                "pick_remote_areas_fee": 0,
                "deliver_remote_areas_fee": 0,
                "cod_failed_fee": 0,
            }
        )

    def _leadtime(self, data: dict) -> tuple[int, dict]:
        error = self._route_error(data, from_key="from_district_id", to_key="to_district_id")
        if error:
            return error
        stype = next((t for t, (sid, _n) in SERVICES.items() if sid == data.get("service_id")), None)
        if stype is None:
            return _bad("Dịch vụ không hợp lệ", "USER_ERR_SERVICE")
        now = int(time.time())
        days = _days(stype, _same_region(data["from_district_id"], data["to_district_id"]))
        return _ok({"leadtime": now + days * 86_400, "order_date": now})

    # --- orders --------------------------------------------------------------------------------

    def _create(self, data: dict) -> tuple[int, dict]:
        for name in (
            "to_name",
            "to_phone",
            "to_address",
            "to_ward_code",
            "to_district_id",
            "from_name",
            "from_phone",
            "from_address",
        ):
            if not data.get(name):
                return _bad(f"{name} là bắt buộc", "USER_ERR_REQUIRED")
        if data.get("required_note") not in {"CHOTHUHANG", "CHOXEMHANGKHONGTHU", "KHONGCHOXEMHANG"}:
            return _bad("required_note không hợp lệ")
        if data.get("payment_type_id") not in (1, 2):
            return _bad("payment_type_id không hợp lệ")
        client_code = data.get("client_order_code") or ""
        if client_code and any(o["client_order_code"] == client_code for o in self.state.orders.values()):
            return _bad("Mã đơn hàng của shop đã tồn tại", "USER_ERR_DUPLICATE_CLIENT_CODE")
        from_ward = next((w for w in WARDS if w[2] == data.get("from_ward_name")), None)
        route = {**data, "from_district_id": from_ward[1] if from_ward else None}
        error = self._parcel_error({k: v for k, v in route.items() if k != "from_ward_code"})
        if error:
            return error
        n = next(self.state.counter)
        order_code = f"GYF{n:05d}VN"
        fee = _fee(route)
        now = datetime.now(UTC)
        days = _days(
            int(data.get("service_type_id") or 2),
            _same_region(route["from_district_id"], data["to_district_id"]),
        )
        self.state.orders[order_code] = {
            "order_code": order_code,
            "client_order_code": client_code,
            "status": "ready_to_pick",
            "cod_amount": int(data.get("cod_amount") or 0),
            "insurance_value": int(data.get("insurance_value") or 0),
            "payment_type_id": data["payment_type_id"],
            "weight": data["weight"],
            "length": data.get("length", 0),
            "width": data.get("width", 0),
            "height": data.get("height", 0),
            "to_ward_code": data["to_ward_code"],
            "to_district_id": int(data["to_district_id"]),
            "total_fee": fee,
            "leadtime": _iso(now + timedelta(days=days)),
            "log": [{"status": "ready_to_pick", "updated_date": _iso(now)}],
        }
        return _ok(
            {
                "order_code": order_code,
                "sort_code": "19-40-01",
                "trans_type": "truck",
                "ward_encode": "",
                "district_encode": "",
                "fee": {
                    "main_service": fee,
                    "insurance": 0,
                    "station_do": 0,
                    "station_pu": 0,
                    "return": 0,
                    "r2s": 0,
                    "coupon": 0,
                },
                "total_fee": fee,
                "expected_delivery_time": _iso(now + timedelta(days=days)),
            }
        )

    def _cancel(self, data: dict) -> tuple[int, dict]:
        codes = data.get("order_codes")
        if not isinstance(codes, list) or not codes:
            return _bad("order_codes là bắt buộc")
        results = []
        for code in codes:
            order = self.state.orders.get(code)
            if order is None:
                results.append({"order_code": code, "result": False, "message": "Đơn hàng không tồn tại"})
            elif order["status"] not in CANCELLABLE:
                results.append(
                    {
                        "order_code": code,
                        "result": False,
                        "message": f"Không thể hủy đơn ở trạng thái {order['status']}",
                    }
                )
            else:
                order["status"] = "cancel"
                order["log"].append({"status": "cancel", "updated_date": _iso(datetime.now(UTC))})
                results.append({"order_code": code, "result": True, "message": "OK"})
        return _ok(results)

    def _gen_token(self, data: dict) -> tuple[int, dict]:
        codes = data.get("order_codes")
        if not isinstance(codes, list) or not codes or any(c not in self.state.orders for c in codes):
            return _bad("Đơn hàng không tồn tại")
        token = str(uuid.uuid4())
        self.state.label_tokens[token] = list(codes)
        return _ok({"token": token})

    def _detail_shape(self, order: dict) -> dict:
        return {
            "order_code": order["order_code"],
            "client_order_code": order["client_order_code"],
            "status": order["status"],
            "cod_amount": order["cod_amount"],
            "insurance_value": order["insurance_value"],
            "weight": order["weight"],
            "to_ward_code": order["to_ward_code"],
            "to_district_id": order["to_district_id"],
            "leadtime": order["leadtime"],
            "log": list(order["log"]),
        }

    def _detail(self, data: dict) -> tuple[int, dict]:
        order = self.state.orders.get(data.get("order_code") or "")
        if order is None:
            return _bad("Đơn hàng không tồn tại", "USER_ERR_ORDER_NOT_FOUND")
        return _ok(self._detail_shape(order))

    def _detail_by_client(self, data: dict) -> tuple[int, dict]:
        wanted = data.get("client_order_code") or ""
        order = next(
            (o for o in self.state.orders.values() if wanted and o["client_order_code"] == wanted), None
        )
        if order is None:
            return _bad("Đơn hàng không tồn tại", "USER_ERR_ORDER_NOT_FOUND")
        return _ok(self._detail_shape(order))

    def _print(self, page: str, token: str) -> tuple[int, str]:
        codes = self.state.label_tokens.get(token)
        if page not in {"printA5", "print80x80", "print52x70"} or codes is None:
            return 400, "<html><body>Token không hợp lệ</body></html>"
        rows = "".join(f"<li>{html.escape(c)}</li>" for c in codes)
        return 200, f"<html><body><h1>GHN {html.escape(page)}</h1><ul>{rows}</ul></body></html>"

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")


class FakeGhnServer:
    """Context manager: `with FakeGhnServer() as fake: GhnClient(base_url=fake.api_base, …)`."""

    def __init__(
        self, *, token: str = "ghn-test-token", shop_id: int = 885, callback_url: str | None = None
    ) -> None:
        self.state = FakeGhnState(token=token, shop_id=shop_id, callback_url=callback_url)
        handler = type("Handler", (_Handler,), {"state": self.state})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_base(self) -> str:
        return self.url + PREFIX

    def __enter__(self) -> "FakeGhnServer":
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
