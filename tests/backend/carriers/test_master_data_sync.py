"""`carrier_sync_master_data --carrier ghn` maps the fake's pre-2025 tree onto the 2025 units."""

import pytest
from django.core.management import CommandError, call_command

from backend.carriers.actions import carrier_master_data_sync
from backend.carriers.errors import CarrierUnavailable
from backend.carriers.models import CarrierDistrict, CarrierProvince, CarrierWard, MappedBy
from backend.carriers.selectors import carrier_unmapped_wards, carrier_ward_for_commune
from tests.fakes import ghn_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def ghn_settings(settings, ghn_fake):
    settings.GHN_API_BASE = ghn_fake.api_base
    settings.GHN_TOKEN = ghn_fake.state.token
    settings.GHN_SHOP_ID = str(ghn_fake.state.shop_id)
    settings.GHN_MAX_RETRIES = 0
    return settings


def _province(carrier_id: int) -> CarrierProvince:
    return CarrierProvince.objects.get(carrier="ghn", carrier_id=carrier_id)


def _ward(code: str) -> CarrierWard:
    return CarrierWard.objects.get(carrier="ghn", code=code)


def test_provinces_map_by_current_and_pre_2025_names(ghn):
    carrier_master_data_sync(carrier="ghn", client=ghn)
    assert (_province(201).province_code, _province(201).mapped_by) == (1, MappedBy.NAME)
    assert (_province(202).province_code, _province(202).mapped_by) == (79, MappedBy.NAME)  # "Hồ Chí Minh"
    assert (_province(249).province_code, _province(249).mapped_by) == (24, MappedBy.NAME)
    # Bắc Giang merged into Bắc Ninh (24), Bến Tre into Vĩnh Long (86) on 1 July 2025.
    assert (_province(248).province_code, _province(248).mapped_by) == (24, MappedBy.LEGACY_NAME)
    assert (_province(253).province_code, _province(253).mapped_by) == (86, MappedBy.LEGACY_NAME)
    assert _province(286).province_code is None
    assert CarrierDistrict.objects.get(carrier="ghn", carrier_id=1873).province_code == 86


def test_wards_map_onto_2025_communes_by_name_then_code(ghn):
    carrier_master_data_sync(carrier="ghn", client=ghn)
    by_name = {
        "1A0105": 73,  # Phường Cửa Nam
        "20106": 26737,  # Phường Tân Định
        "550107": 28756,  # Phường Phú Khương
        "550310": 28915,  # Xã Phước Mỹ Trung
        "550302": 28903,  # Thị trấn Mỏ Cày → Xã Mỏ Cày (bare name, one candidate)
        "180203": 7399,  # Xã Kép, Bắc Giang → Bắc Ninh
    }
    for code, commune in by_name.items():
        assert (_ward(code).commune_code, _ward(code).mapped_by) == (commune, MappedBy.NAME), code
    # Merged away by name, but the statistics office kept the host ward's code for the new one.
    assert (_ward("26740").commune_code, _ward("26740").mapped_by) == (
        26740,
        MappedBy.CODE,
    )  # Bến Nghé → Sài Gòn
    assert (_ward("00070").commune_code, _ward("00070").mapped_by) == (
        70,
        MappedBy.CODE,
    )  # Hàng Trống → Hoàn Kiếm
    for code in ("1A0117", "550108", "570101", "900001"):
        assert _ward(code).commune_code is None, code
    assert _ward("550107").province_code == 86


def test_the_report_lists_what_stayed_unmapped(ghn):
    report = carrier_master_data_sync(carrier="ghn", client=ghn)
    assert (report.provinces, report.districts, report.wards) == (7, 9, 15)
    assert report.unmapped_provinces == ["286 Test - Alway Fail"]
    assert "550108 Phường 7, Thành phố Bến Tre, Bến Tre" in report.unmapped_wards
    assert len(report.unmapped_wards) == 5
    assert {w.code for w in carrier_unmapped_wards(carrier="ghn")} == {
        "1A0117",
        "180301",
        "550108",
        "570101",
        "900001",
    }


def test_sync_is_idempotent(ghn):
    first = carrier_master_data_sync(carrier="ghn", client=ghn)
    ids = dict(CarrierWard.objects.values_list("code", "pk"))
    second = carrier_master_data_sync(carrier="ghn", client=ghn)
    assert first.created == 31 and second.created == 0 and second.updated == 31
    assert dict(CarrierWard.objects.values_list("code", "pk")) == ids
    assert (
        CarrierProvince.objects.count(),
        CarrierDistrict.objects.count(),
        CarrierWard.objects.count(),
    ) == (7, 9, 15)


def test_rows_the_carrier_dropped_are_deactivated_not_deleted(ghn, monkeypatch):
    carrier_master_data_sync(carrier="ghn", client=ghn)
    monkeypatch.setattr(ghn_server, "WARDS", [w for w in ghn_server.WARDS if w[0] != "550107"])
    report = carrier_master_data_sync(carrier="ghn", client=ghn)
    assert report.deactivated == 1
    assert _ward("550107").is_active is False
    assert carrier_ward_for_commune(carrier="ghn", commune_code=28756) is None


def test_a_carrier_failing_half_way_writes_nothing(ghn, ghn_fake):
    carrier_master_data_sync(carrier="ghn", client=ghn)
    CarrierWard.objects.filter(code="550107").update(name="stale")
    ghn_fake.state.requests.clear()

    calls = {"n": 0}
    real_wards = ghn.wards

    def wards_then_outage(*, district_id):
        calls["n"] += 1
        if calls["n"] == 4:
            ghn_fake.state.fail("500")
        return real_wards(district_id=district_id)

    ghn.wards = wards_then_outage
    with pytest.raises(CarrierUnavailable, match="HTTP 502"):
        carrier_master_data_sync(carrier="ghn", client=ghn)
    assert _ward("550107").name == "stale"


def test_rate_limits_are_waited_out(ghn, ghn_fake):
    waits = []
    ghn_fake.state.retry_after = "2"
    ghn_fake.state.fail("429", times=2)
    report = carrier_master_data_sync(carrier="ghn", client=ghn, sleep=waits.append)
    assert waits == [2.0, 2.0]
    assert report.wards == 15


def test_selector_prefers_the_host_ward_and_brings_its_district(ghn, ghn_fake):
    carrier_master_data_sync(carrier="ghn", client=ghn)
    ward = carrier_ward_for_commune(carrier="ghn", commune_code=26740)
    assert (
        ward.code == "26740" and ward.district.carrier_id == 1442 and ward.district.province.carrier_id == 202
    )
    assert carrier_ward_for_commune(carrier="ghn", commune_code=28756).code == "550107"
    assert carrier_ward_for_commune(carrier="ghn", commune_code=4) is None  # Ba Đình: not in the fake


def test_command_loads_and_reports(ghn_settings, capsys):
    call_command("carrier_sync_master_data", "--carrier", "ghn", "--show-unmapped")
    out = capsys.readouterr().out
    assert "ghn: 7 provinces, 9 districts, 15 wards (31 new, 0 updated, 0 deactivated)" in out
    assert "unmapped: 1 provinces, 5 wards" in out
    assert "unmapped ward: 570101 Phường 1, Thành phố Vĩnh Long, Vĩnh Long" in out
    assert "ghn-test-token" not in out
    call_command("carrier_sync_master_data", "--carrier", "ghn")
    assert "(0 new, 31 updated, 0 deactivated)" in capsys.readouterr().out


def test_command_says_nothing_changed_when_the_carrier_refuses(ghn_settings):
    ghn_settings.GHN_TOKEN = "wrong"
    with pytest.raises(CommandError, match="Token is not valid!.*nothing was changed"):
        call_command("carrier_sync_master_data", "--carrier", "ghn")
    assert CarrierWard.objects.count() == 0
