"""GS1 Digital Link parsing: check digits, the 82-character set, qualifier order, data attributes."""

import pytest

from traceability.gs1 import (
    DigitalLinkError,
    digital_link_build,
    digital_link_parse,
    gtin14,
    short_link_path,
    short_serial_parse,
)

GTIN = "08931234567897"  # Vietnam prefix 893, check digit 7


def test_gs1_example_gtin_is_valid():
    assert gtin14("09506000134352") == "09506000134352"


def test_short_gtins_are_padded_to_14_digits():
    assert gtin14("8931234567897") == GTIN
    assert gtin14("96385074") == "00000096385074"


@pytest.mark.parametrize("gtin", ["08931234567894", "0893123456789X", "123", "０８９３１２３４５６７８９７"])
def test_invalid_gtins_are_refused(gtin):
    with pytest.raises(DigitalLinkError):
        gtin14(gtin)


def test_full_path_parses_into_typed_parts():
    link = digital_link_parse(f"/01/{GTIN}/10/LOT2406/21/K7Q2M9XH", {"17": "260731", "s": "x"})
    assert (link.gtin, link.variant, link.lot, link.serial) == (GTIN, None, "LOT2406", "K7Q2M9XH")
    assert link.attributes == {"17": "260731"}


def test_trailing_slash_is_tolerated():
    assert digital_link_parse(f"/01/{GTIN}/10/LOT1/") == digital_link_parse(f"/01/{GTIN}/10/LOT1")


def test_variant_lot_and_serial_in_order_parse():
    link = digital_link_parse(f"/01/{GTIN}/22/V1/10/L1/21/S1")
    assert (link.variant, link.lot, link.serial) == ("V1", "L1", "S1")


def test_serial_without_lot_is_allowed():
    assert digital_link_parse(f"/01/{GTIN}/21/S1").serial == "S1"


def test_bad_check_digit_is_an_error_with_its_own_code():
    with pytest.raises(DigitalLinkError) as caught:
        digital_link_parse("/01/08931234567894/10/LOT1")
    assert caught.value.code == "gtin_check_digit"


@pytest.mark.parametrize(
    "path",
    [
        f"/01/{GTIN}/21/S1/10/L1",  # serial before lot
        f"/01/{GTIN}/10/L1/22/V1",  # variant after lot
        f"/01/{GTIN}/10/L1/10/L2",  # lot twice
    ],
)
def test_qualifiers_out_of_order_are_refused(path):
    with pytest.raises(DigitalLinkError) as caught:
        digital_link_parse(path)
    assert caught.value.code == "qualifier_order"


@pytest.mark.parametrize(
    "raw",
    ["L%C3%B4", "A%20B", "%5B1%5D", "A~B", "A" * 21, "%FF", "%7E"],
    ids=["accented", "space", "brackets", "tilde", "too-long", "not-utf8", "encoded-tilde"],
)
def test_characters_outside_gs1_set_are_refused(raw):
    with pytest.raises(DigitalLinkError) as caught:
        digital_link_parse(f"/01/{GTIN}/10/{raw}")
    assert caught.value.code == "qualifier_syntax"


def test_percent_encoded_gs1_characters_are_decoded():
    link = digital_link_parse(f"/01/{GTIN}/10/A%2FB%25%22/21/X%3F1")
    assert (link.lot, link.serial) == ('A/B%"', "X?1")


def test_path_round_trips_with_percent_encoding():
    link = digital_link_build(gtin=GTIN, lot='A/B%"', serial="X?1")
    assert link.path == f"/01/{GTIN}/10/A%2FB%25%22/21/X%3F1"
    assert digital_link_parse(link.path) == link


@pytest.mark.parametrize("path", ["/01", f"/01/{GTIN}/10", f"/01/{GTIN}/99/X", "/02/1234"])
def test_incomplete_or_unknown_paths_are_refused(path):
    with pytest.raises(DigitalLinkError):
        digital_link_parse(path)


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ({"17": "261332"}, "attribute_syntax"),
        ({"7007": "2406"}, "attribute_syntax"),
        ({"8030": "ab"}, "attribute_context"),
    ],
)
def test_malformed_data_attributes_are_refused(query, code):
    with pytest.raises(DigitalLinkError) as caught:
        digital_link_parse(f"/01/{GTIN}/10/L1", query)
    assert caught.value.code == code


def test_harvest_range_day_zero_and_signature_attributes_are_accepted():
    query = {"7007": "240601240615", "15": "260700", "422": "704", "8030": "abc-_123"}
    assert digital_link_parse(f"/01/{GTIN}/21/S1", query).attributes == query


def test_walk_up_goes_serial_lot_variant_gtin():
    link = digital_link_parse(f"/01/{GTIN}/22/V/10/L/21/S", {"17": "260731"})
    assert [level.path for level in link.levels()] == [
        f"/01/{GTIN}/22/V/10/L/21/S",
        f"/01/{GTIN}/22/V/10/L",
        f"/01/{GTIN}/22/V",
        f"/01/{GTIN}",
    ]


def test_short_serial_path_round_trips():
    assert short_serial_parse("K7Q2M9XH/") == "K7Q2M9XH"
    assert short_link_path("K7Q2M9XH") == "/t/K7Q2M9XH"
    with pytest.raises(DigitalLinkError):
        short_serial_parse("bad serial")
