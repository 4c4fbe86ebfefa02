"""GTIN check digits and the 14-digit stored form."""

import pytest

from backend.catalog.gtin import gtin_check_digit, gtin_is_valid, gtin_normalize


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("8934563138165", "08934563138165"),  # GTIN-13, Vietnamese 893 prefix
        ("0 8934563 138165", "08934563138165"),
        ("96385074", "00000096385074"),  # GTIN-8
        ("036000291452", "00036000291452"),  # GTIN-12 (UPC-A)
        ("18934563138162", "18934563138162"),  # GTIN-14 with packaging indicator
    ],
)
def test_valid_gtins_normalise_to_14_digits(raw, normalized):
    assert gtin_normalize(raw) == normalized
    assert gtin_is_valid(raw)


@pytest.mark.parametrize("raw", ["8934563138166", "893456313816", "89345631381650", "abc", "", "8934-56x"])
def test_wrong_check_digit_or_length_is_refused(raw):
    with pytest.raises(ValueError):
        gtin_normalize(raw)
    assert not gtin_is_valid(raw)


def test_check_digit_completes_a_body():
    assert gtin_check_digit("893456313816") == 5
