"""Money formatting and rounding per currency."""

from decimal import Decimal

from backend.core.money import format_money, quantize


def test_vnd_is_shown_with_dot_groups_and_dong_sign_after():
    assert format_money(120000, "VND") == "120.000\u00a0₫"


def test_vnd_has_no_minor_unit():
    assert quantize("120000.6", "VND") == Decimal("120001")


def test_usd_keeps_cents_and_formats_in_english():
    assert quantize("12.345", "USD") == Decimal("12.35")
    assert format_money("12.5", "USD", "en") == "$12.50"
