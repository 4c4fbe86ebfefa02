"""fold(): the one accent-insensitive key for every search."""

import pytest

from backend.core.text import fold


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Kẹo dừa Bến Tre", "keo dua ben tre"),
        ("Đắk Lắk", "dak lak"),
        ("VẢI THIỀU Lục Ngạn", "vai thieu luc ngan"),
        ("  Bưởi   da xanh ", "buoi da xanh"),
        ("", ""),
    ],
)
def test_it_folds_vietnamese(raw, folded):
    assert fold(raw) == folded


def test_decomposed_input_folds_like_composed():
    decomposed = "Ke\u0323o du\u031b\u0300a"  # "Kẹo dừa" typed with combining marks
    assert fold(decomposed) == "keo dua"


def test_stroke_d_is_mapped_not_dropped():
    assert fold("đường Đồng Khởi") == "duong dong khoi"
