"""The real GHN client against the local fake: every call, every error shape, bounded retries."""

import httpx
import pytest

from backend.carriers.errors import CarrierRateLimited, CarrierRefused, CarrierUnavailable
from backend.carriers.ghn.client import GhnClient
from backend.carriers.ghn.models import GhnOrderItem, GhnOrderRequest

# Bến Tre city → Hoàn Kiếm: a coop's parcel to a Hà Nội buyer.
FROM_DISTRICT, FROM_WARD = 1560, "550107"
TO_DISTRICT, TO_WARD = 1489, "1A0105"


def _order(**overrides) -> GhnOrderRequest:
    values = {
        "client_order_code": "NS-1001-1",
        "service_type_id": 2,
        "from_name": "HTX Dừa Bến Tre",
        "from_phone": "0909123456",
        "from_address": "12 Đồng Khởi",
        "from_ward_name": "Phường Phú Khương",
        "from_district_name": "Thành phố Bến Tre",
        "from_province_name": "Bến Tre",
        "to_name": "Nguyễn Văn An",
        "to_phone": "0912345678",
        "to_address": "5 Tràng Tiền",
        "to_ward_code": TO_WARD,
        "to_district_id": TO_DISTRICT,
        "cod_amount": 240_000,
        "insurance_value": 240_000,
        "weight": 1_200,
        "length": 20,
        "width": 15,
        "height": 10,
        "content": "Kẹo dừa",
        "items": [GhnOrderItem(name="Kẹo dừa sáp", code="KD-500", quantity=2, price=120_000, weight=600)],
    }
    values.update(overrides)
    return GhnOrderRequest(**values)


def _quote(ghn: GhnClient, **overrides):
    values = {
        "service_type_id": 2,
        "from_district_id": FROM_DISTRICT,
        "from_ward_code": FROM_WARD,
        "to_district_id": TO_DISTRICT,
        "to_ward_code": TO_WARD,
        "weight_grams": 1_200,
        "length_cm": 20,
        "width_cm": 15,
        "height_cm": 10,
        "insurance_value": 240_000,
        "cod_value": 240_000,
    }
    values.update(overrides)
    return ghn.fee_quote(**values)


def test_master_data_is_parsed_into_models(ghn):
    provinces = ghn.provinces()
    by_id = {p.province_id: p for p in provinces}
    assert by_id[253].name == "Bến Tre"
    assert "TP.HCM" in by_id[202].name_extensions
    assert by_id[286].name_extensions == []  # GHN's null list reads as empty

    districts = ghn.districts(province_id=253)
    assert {d.name for d in districts} == {"Thành phố Bến Tre", "Huyện Mỏ Cày Nam"}
    assert all(d.province_id == 253 for d in districts)

    wards = ghn.wards(district_id=1873)
    assert [(w.ward_code, w.name) for w in wards] == [
        ("550302", "Thị trấn Mỏ Cày"),
        ("550310", "Xã Phước Mỹ Trung"),
    ]


def test_master_data_sends_the_token_header_and_query(ghn, ghn_fake):
    ghn.wards(district_id=1489)
    request = ghn_fake.state.calls("/master-data/ward")[0]
    assert request.headers["Token"] == "ghn-test-token"
    assert request.params == {"district_id": "1489"}


def test_services_for_a_route(ghn, ghn_fake):
    services = ghn.services(from_district_id=FROM_DISTRICT, to_district_id=TO_DISTRICT)
    assert {(s.service_type_id, s.service_id) for s in services} == {(2, 53320), (5, 100039)}
    body = ghn_fake.state.calls("/v2/shipping-order/available-services")[0].body
    assert body == {"shop_id": 885, "from_district": FROM_DISTRICT, "to_district": TO_DISTRICT}


def test_fee_quote_charges_weight_and_insurance(ghn, ghn_fake):
    fee = _quote(ghn)
    assert (fee.service_fee, fee.insurance_fee, fee.total) == (30_000, 1_200, 31_200)
    request = ghn_fake.state.calls("/v2/shipping-order/fee")[0]
    assert request.headers["ShopId"] == "885"
    assert request.body["cod_value"] == 240_000 and request.body["weight"] == 1_200

    heavier = _quote(ghn, weight_grams=3_100)
    assert heavier.service_fee == 30_000 + 3 * 5_000  # three started half-kilos past 2 kg


def test_fee_quote_uses_volumetric_weight(ghn):
    bulky = _quote(ghn, weight_grams=500, length_cm=40, width_cm=40, height_cm=30)  # 9.6 kg volumetric
    assert bulky.service_fee == 30_000 + 16 * 5_000


def test_leadtime_is_later_for_the_heavy_service(ghn):
    route = {
        "from_district_id": FROM_DISTRICT,
        "from_ward_code": FROM_WARD,
        "to_district_id": TO_DISTRICT,
        "to_ward_code": TO_WARD,
    }
    light = ghn.leadtime(service_id=53320, **route)
    heavy = ghn.leadtime(service_id=100039, **route)
    assert (heavy.leadtime - light.leadtime).days == 2


def test_create_detail_label_and_cancel(ghn, ghn_fake):
    created = ghn.order_create(_order())
    assert created.order_code.startswith("GYF") and created.total_fee == 30_000
    assert created.expected_delivery_time is not None
    sent = ghn_fake.state.calls("/v2/shipping-order/create")[0].body
    assert sent["cod_amount"] == 240_000 and sent["items"][0]["code"] == "KD-500"
    assert "service_id" not in sent  # None is left out, not sent as null

    detail = ghn.order_detail(order_code=created.order_code)
    assert (detail.status, detail.cod_amount, detail.client_order_code) == (
        "ready_to_pick",
        240_000,
        "NS-1001-1",
    )
    assert [entry.status for entry in detail.log] == ["ready_to_pick"]
    assert ghn.order_detail_by_client_code(client_order_code="NS-1001-1").order_code == created.order_code

    token = ghn.label_token(order_codes=[created.order_code])
    url = ghn.label_url(token=token, size="80x80")
    assert url.startswith(f"{ghn_fake.url}/a5/public-api/print80x80?token=")
    page = httpx.get(url)
    assert page.status_code == 200 and created.order_code in page.text

    [result] = ghn.order_cancel(order_codes=[created.order_code])
    assert result.result is True
    assert ghn.order_detail(order_code=created.order_code).status == "cancel"


def test_cancel_after_pickup_reports_per_order(ghn, ghn_fake):
    created = ghn.order_create(_order())
    ghn_fake.state.advance(created.order_code, "picked")
    [result] = ghn.order_cancel(order_codes=[created.order_code])
    assert result.result is False and "picked" in result.message


def test_a_bad_token_is_refused_with_ghn_code(ghn_fake):
    wrong = GhnClient(base_url=ghn_fake.api_base, token="wrong", shop_id=885, sleep=lambda _s: None)
    with wrong as client, pytest.raises(CarrierRefused) as refused:
        client.provinces()
    assert refused.value.code == 401
    assert refused.value.message == "Token is not valid!"
    assert "wrong" not in str(refused.value)


def test_token_never_appears_in_repr_or_errors(ghn, ghn_fake):
    assert "ghn-test-token" not in repr(ghn)
    ghn_fake.state.fail("500")
    with pytest.raises(CarrierUnavailable) as unavailable:
        ghn.provinces()
    assert "ghn-test-token" not in str(unavailable.value)


def test_bad_input_is_a_typed_refusal(ghn):
    with pytest.raises(CarrierRefused) as refused:
        _quote(ghn, weight_grams=60_000)
    assert (refused.value.code, refused.value.reason) == (400, "USER_ERR_WEIGHT")
    with pytest.raises(CarrierRefused) as wrong_ward:
        _quote(ghn, to_ward_code=FROM_WARD)
    assert wrong_ward.value.reason == "USER_ERR_WARD"


def test_wrong_shop_is_refused(ghn_fake):
    with (
        GhnClient(
            base_url=ghn_fake.api_base, token="ghn-test-token", shop_id=1, sleep=lambda _s: None
        ) as other,
        pytest.raises(CarrierRefused) as refused,
    ):
        _quote(other)
    assert refused.value.reason == "USER_ERR_SHOP"


def test_a_duplicate_client_order_code_is_refused(ghn):
    ghn.order_create(_order())
    with pytest.raises(CarrierRefused) as refused:
        ghn.order_create(_order())
    assert refused.value.reason == "USER_ERR_DUPLICATE_CLIENT_CODE"


def test_unknown_order_is_refused(ghn):
    with pytest.raises(CarrierRefused) as refused:
        ghn.order_detail(order_code="GYF99999VN")
    assert refused.value.reason == "USER_ERR_ORDER_NOT_FOUND"


def test_rate_limit_is_typed_with_retry_after_and_not_retried(ghn, ghn_fake):
    ghn_fake.state.retry_after = "7"
    ghn_fake.state.fail("429")
    with pytest.raises(CarrierRateLimited) as limited:
        ghn.provinces()
    assert limited.value.retry_after == 7.0
    assert len(ghn_fake.state.requests) == 1


def test_server_errors_are_retried_a_bounded_number_of_times(ghn, ghn_fake):
    ghn_fake.state.fail("500")
    with pytest.raises(CarrierUnavailable, match="HTTP 502"):
        ghn.provinces()
    assert len(ghn_fake.state.requests) == 3  # the call and max_retries=2 retries, no more


def test_a_passing_5xx_is_ridden_out(ghn, ghn_fake):
    ghn_fake.state.fail("500", times=2)
    assert len(ghn.provinces()) == 7
    assert len(ghn_fake.state.requests) == 3


def test_timeouts_are_retried_then_unavailable(ghn, ghn_fake):
    ghn_fake.state.timeout_seconds = 0.6
    ghn_fake.state.fail("timeout")
    with pytest.raises(CarrierUnavailable, match="ReadTimeout"):
        ghn.provinces()
    assert len(ghn_fake.state.requests) == 3


def test_writes_are_not_retried_after_the_request_left(ghn, ghn_fake):
    ghn_fake.state.fail("500", times=1)
    with pytest.raises(CarrierUnavailable):
        ghn.order_create(_order())
    assert len(ghn_fake.state.calls("/v2/shipping-order/create")) == 1


def test_an_unreachable_carrier_is_unavailable_after_bounded_retries():
    attempts = []

    def refuse(request: httpx.Request) -> httpx.Response:
        attempts.append(request)
        raise httpx.ConnectError("connection refused", request=request)

    with (
        GhnClient(
            base_url="http://127.0.0.1:9/shiip/public-api",
            token="t",
            shop_id=1,
            max_retries=2,
            transport=httpx.MockTransport(refuse),
            sleep=lambda _s: None,
        ) as client,
        pytest.raises(CarrierUnavailable, match="unreachable"),
    ):
        client.order_create(_order())
    assert len(attempts) == 3  # never sent, so even a write may be tried again


def test_an_answer_outside_the_documented_shape_is_unavailable():
    def odd(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"code": 200, "message": "Success", "data": [{"ProvinceID": "x"}]})

    with (
        GhnClient(
            base_url="http://ghn.test/shiip/public-api",
            token="t",
            shop_id=1,
            transport=httpx.MockTransport(odd),
        ) as client,
        pytest.raises(CarrierUnavailable, match="documented shape"),
    ):
        client.provinces()


def test_an_envelope_with_an_error_code_under_http_200_is_refused():
    def soft_error(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"code": 400, "message": "Số điện thoại không hợp lệ", "data": None})

    with (
        GhnClient(
            base_url="http://ghn.test/shiip/public-api",
            token="t",
            shop_id=1,
            transport=httpx.MockTransport(soft_error),
        ) as client,
        pytest.raises(CarrierRefused) as refused,
    ):
        client.provinces()
    assert (refused.value.code, refused.value.message) == (400, "Số điện thoại không hợp lệ")


def test_from_settings_reads_the_environment_settings(settings, ghn_fake):
    settings.GHN_API_BASE = ghn_fake.api_base
    settings.GHN_TOKEN = ghn_fake.state.token
    settings.GHN_SHOP_ID = "885"
    with GhnClient.from_settings() as client:
        assert client.shop_id == 885
        assert len(client.provinces()) == 7
