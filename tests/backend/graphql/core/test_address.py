"""Saleor's AddressInput onto the 2025 province and commune, Address back out, addressValidationRules."""

import pytest

from backend.core.errors import DomainError
from backend.graphql.core.address import address_fields
from backend.graphql.core.money import taxed_money
from backend.regions.error_codes import RegionErrorCode
from tests.graphql_client import gql

BA_DINH = {"country": "VN", "countryArea": "Hà Nội", "city": "Ba Đình"}


def _input(**overrides) -> dict:
    data = {
        "first_name": "Văn An",
        "last_name": "Nguyễn",
        "street_address_1": "12 Phố Huế",
        "city": "ba dinh",
        "country_area": "ha noi",
        "phone": "0912345678",
        "country": "VN",
    }
    data.update(overrides)
    return data


def test_names_accents_ignored_map_to_the_2025_codes_and_the_full_name_is_family_name_first():
    fields = address_fields(_input(company_name="HTX Sen", street_address_2="Tầng 2", city_area="Quận cũ"))
    assert fields == {
        "full_name": "Nguyễn Văn An",
        "phone": "0912345678",
        "street": "HTX Sen, 12 Phố Huế, Tầng 2, Quận cũ",
        "province_code": 1,
        "commune_code": 4,
    }


def test_codes_work_as_well_as_names():
    fields = address_fields(_input(country_area="01", city="4"))
    assert (fields["province_code"], fields["commune_code"]) == (1, 4)
    assert address_fields(_input(country_area="Thành phố Hà Nội", city="Phường Ba Đình"))["commune_code"] == 4


@pytest.mark.parametrize(
    ("overrides", "code", "field", "words"),
    [
        ({"country": "US"}, RegionErrorCode.INVALID, "country", "VN"),
        ({"country_area": "Gotham"}, RegionErrorCode.UNKNOWN_PROVINCE, "countryArea", "Gotham"),
        ({"country_area": "Hà Giang"}, RegionErrorCode.UNKNOWN_PROVINCE, "countryArea", "Tuyên Quang"),
        ({"city": "Bến Nghé"}, RegionErrorCode.UNKNOWN_COMMUNE, "city", "Hà Nội"),
        ({"city": ""}, RegionErrorCode.REQUIRED, "city", "commune"),
        ({"country_area": None}, RegionErrorCode.REQUIRED, "countryArea", "province"),
        ({"postal_code": "1000"}, RegionErrorCode.INVALID, "postalCode", "5 digits"),
        ({"street_address_1": "x" * 256}, RegionErrorCode.INVALID, "streetAddress1", "255"),
    ],
)
def test_what_does_not_match_is_refused_on_the_field_the_client_filled(overrides, code, field, words):
    with pytest.raises(DomainError) as refused:
        address_fields(_input(**overrides))
    assert (refused.value.code, refused.value.field) == (code, field)
    assert words in refused.value.message


def test_taxed_money_has_net_equal_to_gross_and_a_zero_tax():
    price = taxed_money("120000.4", "VND")
    assert (price.gross.amount, price.net.amount, price.tax.amount) == (120000.0, 120000.0, 0.0)
    assert price.currency == "VND"


RULES = """
query($area: String) {
  addressValidationRules(countryCode: VN, countryArea: $area) {
    countryCode countryName requiredFields allowedFields upperFields countryAreaType
    countryAreaChoices { raw verbose } cityChoices { raw verbose } postalCodeMatchers
  }
}"""


@pytest.mark.django_db
def test_address_validation_rules_list_the_provinces_and_then_the_communes_of_one(client):
    rules = gql(client, RULES)["data"]["addressValidationRules"]
    assert rules["countryCode"] == "VN"
    assert len(rules["countryAreaChoices"]) == 34
    assert {"raw": "Thành phố Hà Nội", "verbose": "Thành phố Hà Nội"} in rules["countryAreaChoices"]
    assert rules["cityChoices"] == []
    assert {"name", "streetAddress1", "city", "countryArea"} <= set(rules["requiredFields"])
    communes = gql(client, RULES, {"area": "ha noi"})["data"]["addressValidationRules"]["cityChoices"]
    assert {"raw": "Phường Ba Đình", "verbose": "Phường Ba Đình"} in communes
    assert all(c["raw"] for c in communes) and len(communes) > 50


@pytest.mark.django_db
def test_address_validation_rules_are_null_where_nothing_is_delivered(client):
    data = gql(client, "{ addressValidationRules(countryCode: US) { countryCode } }")
    assert data["data"]["addressValidationRules"] is None
    assert "errors" not in data
