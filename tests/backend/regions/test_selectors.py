"""Regions: facts from shared/reference/vietnam.md about the 2025 administrative units."""

import pytest

from backend.core.errors import DomainError
from backend.regions import selectors
from backend.regions.error_codes import RegionErrorCode
from backend.regions.legacy import LEGACY_PROVINCES


def test_there_are_34_provinces_and_3321_communes():
    assert len(selectors.provinces()) == 34
    assert sum(len(selectors.communes_in(p.code)) for p in selectors.provinces()) == 3321


def test_old_ben_tre_is_now_vinh_long():
    assert selectors.province_from_legacy(83).code == 86
    assert selectors.province_by_code(86).name == "Vĩnh Long"


def test_old_ba_ria_vung_tau_is_now_ho_chi_minh_city():
    assert selectors.province_from_legacy(77).code == 79
    assert "Hồ Chí Minh" in selectors.province_by_code(79).name


def test_code_24_now_means_bac_ninh():
    assert selectors.province_by_code(24).name == "Bắc Ninh"
    assert selectors.province_from_legacy(24).code == 24  # old Bắc Giang merged into it
    assert selectors.province_from_legacy(27).code == 24  # old Bắc Ninh too


def test_retired_code_is_not_a_current_province():
    assert selectors.province_by_code(27) is None


def test_search_by_name_ignores_accents_and_prefixes():
    assert [p.code for p in selectors.province_search("dak lak")] == [66]
    assert [p.code for p in selectors.province_search("Thành phố Hồ Chí Minh")] == [79]
    assert selectors.commune_search("an hoi", province_code=86)[0].name == "Phường An Hội"


def test_all_63_legacy_provinces_map_onto_the_34_current_ones():
    targets = {selectors.province_from_legacy(code).code for code in LEGACY_PROVINCES}
    assert len(LEGACY_PROVINCES) == 63
    assert targets == {p.code for p in selectors.provinces()}


def test_a_surviving_old_commune_code_converts_to_itself():
    commune = selectors.commune_from_legacy(28777)
    assert (commune.code, commune.province_code) == (28777, 86)


def test_a_merged_away_commune_code_is_refused_with_a_clear_message():
    with pytest.raises(DomainError) as caught:
        selectors.commune_from_legacy(28759)  # old Bến Tre ward, merged into 28756
    assert caught.value.code is RegionErrorCode.LEGACY_CODE_UNCONVERTIBLE
    assert "1 July 2025" in caught.value.message


def test_address_commune_must_belong_to_province():
    with pytest.raises(DomainError) as caught:
        selectors.address_area_validate(province_code=79, commune_code=28777)
    assert caught.value.code is RegionErrorCode.COMMUNE_NOT_IN_PROVINCE


def test_address_with_pre_2025_province_code_names_the_new_province():
    with pytest.raises(DomainError) as caught:
        selectors.address_area_validate(province_code=83, commune_code=28777)
    assert caught.value.code is RegionErrorCode.UNKNOWN_PROVINCE
    assert "Vĩnh Long (86)" in caught.value.message


def test_valid_address_returns_names():
    province, commune = selectors.address_area_validate(province_code=86, commune_code=28777)
    assert (province.name, commune.name) == ("Vĩnh Long", "Phường An Hội")
