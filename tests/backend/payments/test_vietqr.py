"""VietQR payloads: the reference test vector, the CRC, a group's payload and its QR images."""

from decimal import Decimal

import pytest

from backend.payments.gateways.vietqr import payload_for, reference_for
from backend.payments.vietqr import build_payload, crc16_ccitt_false, qr_png_data_uri, qr_svg
from tests.backend.payments.conftest import make_group, start_payment

# /work/shared/reference/vietnam.md: 120,000 ₫, reference DH2025000123, CRC 5442.
TEST_VECTOR = (
    "00020101021238570010A00000072701270006970436011300110041234560208QRIBFTTA53037045406120000"
    "5802VN62370112DH20250001230817OCOP DH202500012363045442"
)


def _fields(payload: str) -> dict[str, str]:
    fields, i = {}, 0
    while i < len(payload):
        tag, length = payload[i : i + 2], int(payload[i + 2 : i + 4])
        fields[tag] = payload[i + 4 : i + 4 + length]
        i += 4 + length
    return fields


def test_it_reproduces_the_reference_test_vector_exactly():
    payload = build_payload(
        bank_bin="970436",
        account_number="0011004123456",
        amount=Decimal("120000"),
        bill_number="DH2025000123",
        purpose="OCOP DH2025000123",
    )
    assert payload == TEST_VECTOR
    assert payload.endswith("63045442")


def test_crc_is_ccitt_false_over_everything_before_it():
    assert crc16_ccitt_false(b"123456789") == 0x29B1  # the catalogue check value of CRC-16/CCITT-FALSE
    assert f"{crc16_ccitt_false(TEST_VECTOR[:-4].encode()):04X}" == "5442"


def test_without_amount_the_code_is_static_and_has_no_field_54():
    fields = _fields(build_payload(bank_bin="970436", account_number="0011004123456"))
    assert fields["01"] == "11"
    assert "54" not in fields
    assert "62" not in fields


@pytest.mark.parametrize(
    "kwargs",
    [
        {"bank_bin": "97043", "account_number": "1"},
        {"bank_bin": "970436", "account_number": "1" * 20},
        {"bank_bin": "970436", "account_number": "1", "amount": Decimal("1.5")},
        {"bank_bin": "970436", "account_number": "1", "amount": 0},
        {"bank_bin": "970436", "account_number": "1", "purpose": "Mua kẹo dừa"},
        {"bank_bin": "970436", "account_number": "1", "purpose": "X" * 26},
    ],
)
def test_it_refuses_values_banks_would_reject(kwargs):
    with pytest.raises(ValueError):
        build_payload(**kwargs)


def test_reference_is_ns_plus_the_group_number_digits_and_fits_19_ascii_chars():
    assert reference_for("NS20260042") == "NS20260042"
    long_reference = reference_for("X-" + "9" * 30)
    assert len(long_reference) == 19
    assert long_reference.isascii()


@pytest.mark.django_db
def test_a_groups_payload_pays_the_platform_account_the_exact_total_with_the_reference():
    payment = start_payment(make_group(total=245000))
    fields = _fields(payload_for(payment))
    assert fields["00"] == "01"
    assert fields["01"] == "12"
    assert fields["38"] == "0010A000000727" + "01270006970436" + "0113" + "0011004123456" + "0208QRIBFTTA"
    assert fields["53"] == "704"
    assert fields["54"] == "245000"
    assert fields["58"] == "VN"
    additional = _fields(fields["62"])
    assert additional == {"01": payment.reference, "08": f"OCOP {payment.reference}"}
    body = payload_for(payment)[:-4]
    assert fields["63"] == f"{crc16_ccitt_false(body.encode()):04X}"


def test_qr_images_render_as_svg_and_png_data_uri():
    svg = qr_svg(TEST_VECTOR)
    assert svg.startswith("<svg") and "</svg>" in svg
    assert qr_png_data_uri(TEST_VECTOR).startswith("data:image/png;base64,iVBOR")
