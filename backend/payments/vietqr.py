"""VietQR (NAPAS 247) bank-transfer QR codes: the EMVCo merchant-presented payload and its images.

Each field is ID (2 digits) + length (2 digits) + value; the payload ends with field 63, a
CRC-16/CCITT-FALSE over everything before it including "6304".
"""

import io
from decimal import Decimal

import segno

NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"
SERVICE_TO_CARD = "QRIBFTTC"
CURRENCY_VND = "704"
COUNTRY_VN = "VN"
MAX_REFERENCE_LENGTH = 19
MAX_ADDITIONAL_LENGTH = 25


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def _field(field_id: str, value: str) -> str:
    if not value.isascii():
        raise ValueError(f"VietQR field {field_id} must be ASCII: {value!r}")
    if len(value) > 99:
        raise ValueError(f"VietQR field {field_id} is longer than 99 characters")
    return f"{field_id}{len(value):02d}{value}"


def build_payload(
    *,
    bank_bin: str,
    account_number: str,
    amount: Decimal | int | None = None,
    bill_number: str = "",
    purpose: str = "",
    service: str = SERVICE_TO_ACCOUNT,
) -> str:
    """The EMVCo payload a banking app scans: one-time (01=12) when an amount is set, else static."""
    if not (len(bank_bin) == 6 and bank_bin.isdigit()):
        raise ValueError("bank BIN must be 6 digits")
    if not account_number or len(account_number) > MAX_REFERENCE_LENGTH:
        raise ValueError("account number must have 1 to 19 characters")
    for label, value in (("bill number", bill_number), ("purpose", purpose)):
        if len(value) > MAX_ADDITIONAL_LENGTH:
            raise ValueError(f"{label} must have at most {MAX_ADDITIONAL_LENGTH} characters")
    beneficiary = _field("00", bank_bin) + _field("01", account_number)
    merchant_account = _field("00", NAPAS_GUID) + _field("01", beneficiary) + _field("02", service)
    parts = [
        _field("00", "01"),
        _field("01", "12" if amount is not None else "11"),
        _field("38", merchant_account),
        _field("53", CURRENCY_VND),
    ]
    if amount is not None:
        whole = Decimal(amount)
        if whole <= 0 or whole != whole.to_integral_value():
            raise ValueError("VietQR amounts are positive whole đồng")
        amount_text = str(int(whole))
        if len(amount_text) > 13:
            raise ValueError("amount must have at most 13 digits")
        parts.append(_field("54", amount_text))
    parts.append(_field("58", COUNTRY_VN))
    additional = (_field("01", bill_number) if bill_number else "") + (
        _field("08", purpose) if purpose else ""
    )
    if additional:
        parts.append(_field("62", additional))
    body = "".join(parts) + "6304"
    return body + f"{crc16_ccitt_false(body.encode('ascii')):04X}"


def qr_svg(payload: str, *, scale: int = 4) -> str:
    """The QR code as inline SVG markup (no XML declaration), for embedding in HTML or the API."""
    return segno.make(payload, error="m", micro=False).svg_inline(scale=scale, border=4)


def qr_svg_document(payload: str, *, scale: int = 4) -> str:
    """The QR code as a standalone SVG file (with the SVG namespace, which a browser needs to draw an
    `image/svg+xml` response in an <img>; inline markup in HTML does without it)."""
    buffer = io.BytesIO()
    segno.make(payload, error="m", micro=False).save(buffer, kind="svg", scale=scale, border=4, xmldecl=False)
    return buffer.getvalue().decode()


def qr_png_data_uri(payload: str, *, scale: int = 6) -> str:
    """The QR code as a PNG `data:` URI, usable as an <img src> without another request."""
    return segno.make(payload, error="m", micro=False).png_data_uri(scale=scale, border=4)
