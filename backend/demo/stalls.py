"""Demo stalls: nine producers in seven provinces (2025 codes), one still awaiting approval."""

import datetime
import zlib

from backend.accounts.models import User
from backend.stalls.actions import ocop_certificate_submit, ocop_certificate_verify
from backend.stalls.models import (
    CertificateStatus,
    LegalForm,
    MemberRole,
    OcopCertificate,
    OcopGroup,
    Stall,
    StallMember,
    StallStatus,
)

# slug, name, legal form, province, commune, address, owner email, status, description
DEMO_STALLS = (
    (
        "htx-keo-dua-ben-tre",
        "HTX Kẹo dừa Bến Tre",
        LegalForm.COOPERATIVE,
        86,
        28777,
        "12 Đại lộ Đồng Khởi, Phường An Hội",
        "coop@demo.vn",
        StallStatus.APPROVED,
        "Kẹo dừa nấu thủ công từ nước cốt dừa xứ Bến Tre (nay thuộc Vĩnh Long).",
    ),
    (
        "htx-vai-thieu-luc-ngan",
        "HTX Vải thiều Lục Ngạn",
        LegalForm.COOPERATIVE,
        24,
        7582,
        "Thôn Kép, Xã Lục Ngạn",
        "coop2@demo.vn",
        StallStatus.APPROVED,
        "Vải thiều Lục Ngạn (Bắc Giang cũ, nay Bắc Ninh) đạt VietGAP, thu hoạch tháng 6.",
    ),
    (
        "nuoc-mam-phu-quoc",
        "Cơ sở Nước mắm Phú Quốc Hưng Thịnh",
        LegalForm.ENTERPRISE,
        91,
        31078,
        "Khu phố 2, Đặc khu Phú Quốc",
        None,
        StallStatus.APPROVED,
        "Nước mắm cá cơm ủ chượp thùng gỗ 12 tháng.",
    ),
    (
        "htx-buoi-da-xanh-giong-trom",
        "HTX Bưởi da xanh Giồng Trôm",
        LegalForm.COOPERATIVE,
        86,
        28984,
        "Ấp 3, Xã Giồng Trôm",
        None,
        StallStatus.APPROVED,
        "Bưởi da xanh ruột hồng, vỏ mỏng, trồng trên đất cù lao.",
    ),
    (
        "htx-che-tan-cuong",
        "HTX Chè Tân Cương",
        LegalForm.COOPERATIVE,
        19,
        5503,
        "Xóm Nam Đồng, Xã Tân Cương",
        None,
        StallStatus.APPROVED,
        "Trà móc câu Tân Cương sao tay trên chảo gang.",
    ),
    (
        "mat-ong-buon-ma-thuot",
        "Hộ kinh doanh Mật ong Ea Hiu",
        LegalForm.HOUSEHOLD,
        66,
        24133,
        "45 Y Jut, Phường Buôn Ma Thuột",
        None,
        StallStatus.APPROVED,
        "Mật ong hoa cà phê nguyên chất của đàn ong nuôi dưới tán cà phê.",
    ),
    (
        "gao-st25-my-xuyen",
        "Tổ hợp tác Gạo ST25 Mỹ Xuyên",
        LegalForm.COOPERATIVE_GROUP,
        92,
        31684,
        "Ấp Hòa Khánh, Phường Mỹ Xuyên",
        None,
        StallStatus.APPROVED,
        "Gạo ST25 canh tác theo mô hình lúa – tôm (Sóc Trăng cũ, nay Cần Thơ).",
    ),
    (
        "ca-phe-xuan-truong-da-lat",
        "HTX Cà phê Xuân Trường",
        LegalForm.COOPERATIVE,
        68,
        24805,
        "Thôn Trường Sơn, Phường Xuân Trường - Đà Lạt",
        None,
        StallStatus.APPROVED,
        "Cà phê arabica Cầu Đất rang mộc.",
    ),
    (
        "may-tre-dan-phu-nghia",
        "Tổ hợp tác Mây tre đan Phú Nghĩa",
        LegalForm.COOPERATIVE_GROUP,
        1,
        10030,
        "Thôn Phú Vinh, Xã Phú Nghĩa",
        None,
        StallStatus.PENDING,
        "Giỏ, làn mây tre đan thủ công (đang chờ duyệt gian hàng).",
    ),
)


# stall slug, stars, group, score, decision number, decision date, authority, verified?
# Catalog demo products name the decision number of the certificate that covers them.
DEMO_CERTIFICATES = (
    (
        "htx-keo-dua-ben-tre",
        4,
        OcopGroup.FOOD,
        82,
        "1234/QĐ-UBND",
        datetime.date(2025, 3, 14),
        "UBND tỉnh Bến Tre",
        True,
    ),
    (
        "htx-vai-thieu-luc-ngan",
        5,
        OcopGroup.FOOD,
        91,
        "2087/QĐ-TTg",
        datetime.date(2025, 8, 20),
        "Thủ tướng Chính phủ",
        True,
    ),
    (
        "htx-che-tan-cuong",
        3,
        OcopGroup.BEVERAGES,
        68,
        "456/QĐ-UBND",
        datetime.date(2024, 11, 5),
        "UBND tỉnh Thái Nguyên",
        True,
    ),
    (
        "nuoc-mam-phu-quoc",
        4,
        OcopGroup.FOOD,
        78,
        "3310/QĐ-UBND",
        datetime.date(2025, 1, 22),
        "UBND tỉnh Kiên Giang",
        True,
    ),
    (
        "htx-buoi-da-xanh-giong-trom",
        4,
        OcopGroup.FOOD,
        75,
        "789/QĐ-UBND",
        datetime.date(2026, 9, 30),
        "UBND tỉnh Vĩnh Long",
        False,
    ),
)


def _seed_certificates() -> None:
    admin = User.objects.get(email="admin@demo.vn")
    for slug, stars, group, score, number, date, authority, verified in DEMO_CERTIFICATES:
        stall = Stall.objects.get(slug=slug)
        certificate = OcopCertificate.objects.filter(stall=stall, decision_number=number).first()
        if certificate is None:
            certificate = ocop_certificate_submit(
                stall=stall,
                stars=stars,
                group=group,
                score=score,
                decision_number=number,
                decision_date=date,
                issuing_authority=authority,
            )
        if verified and certificate.status == CertificateStatus.SUBMITTED:
            ocop_certificate_verify(certificate=certificate, actor=admin)


def seed() -> None:
    for slug, name, form, province, commune, address, owner, status, description in DEMO_STALLS:
        stall, _created = Stall.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "legal_form": form,
                "province_code": province,
                "commune_code": commune,
                "address": address,
                "status": status,
                "description": description,
                "tax_code": f"13{zlib.crc32(slug.encode()) % 10**8:08d}",
                "bank_bin": "970436",
                "bank_account_number": f"0011{province:02d}{commune:06d}",
                "bank_account_name": name.upper(),
            },
        )
        if owner:
            StallMember.objects.get_or_create(
                stall=stall, user=User.objects.get(email=owner), defaults={"role": MemberRole.OWNER}
            )
    _seed_certificates()
