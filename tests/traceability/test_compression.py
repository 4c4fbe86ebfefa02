"""Decompressing GS1 Digital Links: round trips with an independent compressor's output, and refusals.

The compressed forms come from digital-link.js (GS1's compression toolkit), saved in
data/digital-link-js-compressed.json; this project has no compressor of its own.
"""

import json
from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.traceability.epcis_schema import DATA
from traceability.compression import CompressionError, digital_link_decompress

FIXTURES = json.loads((DATA / "digital-link-js-compressed.json").read_text())["links"]
GTIN_ONLY = "ARA-7iCtsg"  # /01/08931234567897


def _split(uri: str) -> tuple[str, dict]:
    parts = urlsplit(uri)
    return parts.path, dict(parse_qsl(parts.query))


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f"{f['compressed']}")
def test_links_compressed_by_digital_link_js_decompress_to_their_uncompressed_form(fixture):
    link = digital_link_decompress(fixture["compressed"])
    assert (link.path, dict(link.query)) == _split(fixture["uncompressed"])
    assert _split(link.uri_path) == _split(fixture["uncompressed"])
    assert link.compressed == fixture["compressed"]


def test_fixtures_cover_gtin_lot_serial_attributes_and_optimised_codes():
    paths = {f["uncompressed"] for f in FIXTURES}
    assert "/01/08931234567897" in paths
    assert "/01/08931234567897/10/LOT2406" in paths
    assert "/01/08931234567897/10/LOT2406/21/K65Z8D5BTGDF" in paths
    assert {f["optimised"] for f in FIXTURES} == {False, True}
    # The optimised forms really use a sequence code (their first byte is not a two-digit AI).
    optimised = [f["compressed"] for f in FIXTURES if f["optimised"] and "/10/" in f["uncompressed"]]
    assert optimised and not any(c.startswith("ARA") for c in optimised)


def test_an_all_digit_lot_keeps_its_leading_zeros():
    link = next(f for f in FIXTURES if f["uncompressed"].endswith("/10/007") and f["optimised"])
    assert digital_link_decompress(link["compressed"]).path == "/01/08931234567897/10/007"


def test_a_percent_encoded_slash_in_a_serial_stays_encoded_in_the_path():
    link = next(f for f in FIXTURES if "A%2FB" in f["uncompressed"])
    assert digital_link_decompress(link["compressed"]).path.endswith("/21/A%2FB")


def test_data_attributes_and_other_pairs_become_the_query():
    link = next(f for f in FIXTURES if "3103" in f["uncompressed"] and not f["optimised"])
    decoded = digital_link_decompress(link["compressed"])
    assert decoded.path == "/01/08931234567897/10/LOT2406"
    assert dict(decoded.query) == {"17": "270101", "3103": "000500", "foo": "bar"}


@pytest.mark.parametrize(
    "text",
    [
        GTIN_ONLY[:-1],  # too short to hold a GTIN
        GTIN_ONLY[:-1] + "h",  # padding after the GTIN is not zero
        GTIN_ONLY + "A",  # a trailing character that starts no AI
        "ARA-7iCtsiDOWcntxp0QthXXLPgfIKYwY",  # lot + serial cut inside the serial
        "AAAAAAAAAAAA",  # decodes as an SSCC (00): not a GTIN link
        "_" + GTIN_ONLY[1:],  # first hex digit F: a non-GS1 pair whose key runs off the end
        "search-results",  # storefront-looking words
        "categories",
        "manifestwebmanifest",
        "ARA-7iCtsg.json",  # outside the URI-safe base64 alphabet
        "ARA+7iCtsg",
        "A" * 401,
    ],
)
def test_malformed_compressed_links_are_refused(text):
    with pytest.raises(CompressionError):
        digital_link_decompress(text)


def test_refusal_is_a_value_error_so_url_converters_fall_through():
    assert issubclass(CompressionError, ValueError)
