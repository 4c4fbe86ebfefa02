"""Demo catalog: products of every approved demo stall with variants, VND (some USD) prices, stock,
GTINs with the Vietnamese 893 prefix, photos drawn locally with Pillow, and OCOP certificates."""

import io
import zlib
from decimal import Decimal
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

from backend.catalog import actions
from backend.catalog.gtin import gtin_check_digit
from backend.catalog.models import Category, Channel, Product, ProductVariant, Warehouse
from backend.catalog.selectors import valid_certificate_q
from backend.stalls.models import OcopCertificate, Stall, StallStatus

# A fictitious GS1 Vietnam company prefix (893 + 4 digits) per stall; item references follow.
_GTIN_COMPANY = {
    "htx-keo-dua-ben-tre": "8931001",
    "htx-vai-thieu-luc-ngan": "8931002",
    "nuoc-mam-phu-quoc": "8931003",
    "htx-buoi-da-xanh-giong-trom": "8931004",
    "htx-che-tan-cuong": "8931005",
    "mat-ong-buon-ma-thuot": "8931006",
    "gao-st25-my-xuyen": "8931007",
    "ca-phe-xuan-truong-da-lat": "8931008",
}

# stall slug -> products: (name, category slug, description, OCOP decision number or None,
#   attributes, variants: ((sku, name, grams, VND price, USD export price or None, stock), …))
DEMO_PRODUCTS = {
    "htx-keo-dua-ben-tre": (
        (
            "Kẹo dừa sáp",
            "banh-keo",
            "<p>Kẹo dừa làm từ <strong>dừa sáp</strong> Cầu Kè, dẻo mềm, thơm béo.</p>",
            "1234/QĐ-UBND",
            {"Đóng gói": "Hộp giấy", "Hạn dùng": "6 tháng"},
            (
                ("KD-SAP-250", "Hộp 250 g", 250, 45000, Decimal("3.50"), 120),
                ("KD-SAP-500", "Hộp 500 g", 500, 85000, None, 80),
            ),
        ),
        (
            "Kẹo dừa lá dứa",
            "banh-keo",
            "<p>Kẹo dừa nấu với lá dứa tươi, màu xanh tự nhiên.</p>",
            "1234/QĐ-UBND",
            {"Đóng gói": "Túi zip"},
            (("KD-LADUA-250", "Túi 250 g", 250, 40000, None, 150),),
        ),
        (
            "Kẹo dừa sầu riêng",
            "banh-keo",
            "<p>Kẹo dừa pha sầu riêng Ri6, vị béo đậm.</p>",
            None,
            {},
            (("KD-SR-400", "Hộp 400 g", 400, 70000, None, 60),),
        ),
        (
            "Kẹo dừa đậu phộng",
            "banh-keo",
            "<p>Kẹo dừa giòn với đậu phộng rang.</p>",
            None,
            {},
            (("KD-DP-300", "Túi 300 g", 300, 42000, None, 90),),
        ),
        (
            "Dầu dừa nguyên chất ép lạnh",
            "tinh-dau",
            "<p>Dầu dừa ép lạnh, dùng cho da, tóc và nấu ăn.</p>",
            None,
            {"Dung tích": "250 ml"},
            (("DD-250", "Chai 250 ml", 250, 95000, Decimal("6.90"), 40),),
        ),
        (
            "Dừa xiêm xanh Bến Tre",
            "trai-cay-tuoi",
            "<p>Dừa xiêm lửa gọt sẵn, nước ngọt mát, hái quanh năm.</p>",
            None,
            {"Đóng gói": "Chục 10 trái"},
            (("DX-10", "Chục 10 trái", 15000, 150000, None, 60),),
        ),
    ),
    "htx-vai-thieu-luc-ngan": (
        (
            "Vải thiều Lục Ngạn loại 1",
            "vai-nhan",
            "<p>Vải thiều VietGAP, quả to, cùi dày, hạt nhỏ; thu hoạch tháng 6.</p>",
            "2087/QĐ-TTg",
            {"Tiêu chuẩn": "VietGAP"},
            (
                ("VT-L1-2KG", "Thùng 2 kg", 2000, 120000, None, 200),
                ("VT-L1-5KG", "Thùng 5 kg", 5000, 280000, None, 80),
            ),
        ),
        (
            "Vải thiều Lục Ngạn loại 2",
            "vai-nhan",
            "<p>Vải thiều quả vừa, ngọt thanh, giá mềm.</p>",
            None,
            {"Tiêu chuẩn": "VietGAP"},
            (("VT-L2-2KG", "Thùng 2 kg", 2000, 90000, None, 150),),
        ),
        (
            "Vải thiều sấy khô",
            "banh-keo",
            "<p>Vải sấy bằng lò củi nhãn, vị ngọt đậm, để được lâu.</p>",
            "2087/QĐ-TTg",
            {"Đóng gói": "Túi hút chân không"},
            (("VT-SAY-500", "Túi 500 g", 500, 150000, Decimal("9.90"), 70),),
        ),
        (
            "Nhãn lồng Lục Ngạn",
            "vai-nhan",
            "<p>Nhãn lồng cùi dày, thu hoạch tháng 8.</p>",
            None,
            {},
            (("NL-2KG", "Thùng 2 kg", 2000, 80000, None, 0),),
        ),
        (
            "Mật ong hoa vải",
            "mat-ong",
            "<p>Mật ong ong nội nuôi trong vườn vải mùa hoa.</p>",
            None,
            {"Dung tích": "500 ml"},
            (("MO-VAI-500", "Chai 500 ml", 700, 180000, None, 30),),
        ),
    ),
    "nuoc-mam-phu-quoc": (
        (
            "Nước mắm cá cơm 40 độ đạm",
            "nuoc-mam-gia-vi",
            "<p>Nước mắm nhĩ cá cơm than, ủ chượp thùng gỗ bời lời 12 tháng.</p>",
            "3310/QĐ-UBND",
            {"Độ đạm": "40°N"},
            (("NM-40-500", "Chai 500 ml", 650, 135000, Decimal("8.50"), 300),),
        ),
        (
            "Nước mắm cá cơm 35 độ đạm",
            "nuoc-mam-gia-vi",
            "<p>Nước mắm truyền thống dùng hằng ngày.</p>",
            "3310/QĐ-UBND",
            {"Độ đạm": "35°N"},
            (
                ("NM-35-500", "Chai 500 ml", 650, 95000, None, 400),
                ("NM-35-1L", "Can 1 lít", 1200, 170000, None, 100),
            ),
        ),
        (
            "Nước mắm nhĩ thượng hạng",
            "nuoc-mam-gia-vi",
            "<p>Giọt mắm nhĩ đầu tiên, 43 độ đạm, số lượng ít.</p>",
            None,
            {"Độ đạm": "43°N"},
            (("NM-NHI-250", "Chai 250 ml", 350, 160000, None, 50),),
        ),
        (
            "Tiêu đen Phú Quốc",
            "nuoc-mam-gia-vi",
            "<p>Hồ tiêu đen hạt chắc, cay nồng, phơi nắng tự nhiên.</p>",
            None,
            {"Đóng gói": "Hũ thủy tinh"},
            (("TIEU-200", "Hũ 200 g", 250, 85000, Decimal("5.90"), 120),),
        ),
        (
            "Mắm ruốc Phú Quốc",
            "nuoc-mam-gia-vi",
            "<p>Mắm ruốc làm từ ruốc biển tươi.</p>",
            None,
            {},
            (("MR-300", "Hũ 300 g", 350, 55000, None, 80),),
        ),
    ),
    "htx-buoi-da-xanh-giong-trom": (
        (
            "Bưởi da xanh ruột hồng loại 1",
            "buoi-cam-quyt",
            "<p>Bưởi da xanh Bến Tre, ruột hồng, vỏ mỏng, múi ráo.</p>",
            None,
            {"Trọng lượng quả": "1,2–1,8 kg"},
            (
                ("BDX-L1-1", "1 quả", 1500, 75000, None, 180),
                ("BDX-L1-3", "Giỏ 3 quả", 4500, 210000, None, 50),
            ),
        ),
        (
            "Bưởi da xanh hộp quà",
            "buoi-cam-quyt",
            "<p>Hai quả bưởi chọn lọc trong hộp quà Tết.</p>",
            None,
            {"Đóng gói": "Hộp quà"},
            (("BDX-QUA-2", "Hộp 2 quả", 3200, 250000, None, 40),),
        ),
        (
            "Mứt vỏ bưởi",
            "banh-keo",
            "<p>Mứt vỏ bưởi dẻo, the nhẹ, không đắng.</p>",
            None,
            {},
            (("MVB-200", "Hộp 200 g", 200, 50000, None, 70),),
        ),
        (
            "Tinh dầu vỏ bưởi",
            "tinh-dau",
            "<p>Tinh dầu chưng cất từ vỏ bưởi da xanh, dưỡng tóc.</p>",
            None,
            {"Dung tích": "50 ml"},
            (("TDB-50", "Chai 50 ml", 80, 120000, Decimal("7.50"), 60),),
        ),
        (
            "Cam sành Giồng Trôm",
            "buoi-cam-quyt",
            "<p>Cam sành mọng nước, vị chua ngọt.</p>",
            None,
            {},
            (("CS-3KG", "Túi 3 kg", 3000, 90000, None, 100),),
        ),
        (
            "Dưa hấu Giồng Trôm",
            "trai-cay-tuoi",
            "<p>Dưa hấu ruột đỏ trồng trên đất giồng cát, ngọt mát, vụ Tết.</p>",
            None,
            {"Trọng lượng quả": "3–5 kg"},
            (("DH-1", "1 quả", 4000, 60000, None, 90),),
        ),
        (
            "Xoài cát Hòa Lộc",
            "xoai-sau-rieng",
            "<p>Xoài cát Hòa Lộc chín cây, thịt vàng, thơm, ít xơ.</p>",
            None,
            {"Trọng lượng quả": "400–600 g"},
            (("XHL-2KG", "Thùng 2 kg", 2000, 130000, None, 70),),
        ),
        (
            "Sầu riêng Ri6",
            "xoai-sau-rieng",
            "<p>Sầu riêng Ri6 cơm vàng, hạt lép, béo ngọt.</p>",
            None,
            {},
            (("SR6-1", "1 quả (2–3 kg)", 2500, 320000, None, 25),),
        ),
    ),
    "htx-che-tan-cuong": (
        (
            "Trà móc câu Tân Cương",
            "tra",
            "<p>Búp chè một tôm hai lá, sao tay trên chảo gang, nước xanh, hậu ngọt.</p>",
            "456/QĐ-UBND",
            {"Thu hái": "Vụ xuân"},
            (
                ("TMC-200", "Gói 200 g", 200, 160000, Decimal("10.00"), 150),
                ("TMC-500", "Hộp 500 g", 500, 380000, None, 60),
            ),
        ),
        (
            "Trà búp đặc biệt Tân Cương",
            "tra",
            "<p>Chè búp non, cánh nhỏ xoăn chặt.</p>",
            "456/QĐ-UBND",
            {},
            (("TBDB-200", "Gói 200 g", 200, 220000, None, 80),),
        ),
        (
            "Trà nõn tôm",
            "tra",
            "<p>Chỉ hái phần nõn tôm, hương cốm non.</p>",
            None,
            {},
            (("TNT-100", "Hộp 100 g", 100, 300000, None, 30),),
        ),
        (
            "Hồng trà Thái Nguyên",
            "tra",
            "<p>Trà lên men toàn phần, nước đỏ hổ phách.</p>",
            None,
            {},
            (("HT-100", "Hộp 100 g", 100, 150000, Decimal("8.00"), 40),),
        ),
        (
            "Trà xanh túi lọc",
            "tra",
            "<p>Trà xanh Tân Cương tiện dùng, 25 túi lọc.</p>",
            None,
            {},
            (("TTL-25", "Hộp 25 túi", 50, 45000, None, 200),),
        ),
    ),
    "mat-ong-buon-ma-thuot": (
        (
            "Mật ong hoa cà phê",
            "mat-ong",
            "<p>Mật ong nguyên chất từ hoa cà phê Buôn Ma Thuột, vị ngọt thanh.</p>",
            None,
            {"Dung tích": "500 ml"},
            (
                ("MOCP-500", "Chai 500 ml", 700, 160000, Decimal("9.50"), 120),
                ("MOCP-1L", "Chai 1 lít", 1400, 300000, None, 50),
            ),
        ),
        (
            "Mật ong rừng Tây Nguyên",
            "mat-ong",
            "<p>Mật ong khai thác tự nhiên từ rừng khộp.</p>",
            None,
            {"Dung tích": "500 ml"},
            (("MOR-500", "Chai 500 ml", 700, 350000, None, 25),),
        ),
        (
            "Phấn hoa cà phê",
            "duoc-lieu",
            "<p>Phấn hoa sấy lạnh, giàu đạm.</p>",
            None,
            {},
            (("PH-200", "Hũ 200 g", 250, 120000, None, 40),),
        ),
        (
            "Sáp ong nguyên chất",
            "duoc-lieu",
            "<p>Sáp ong lọc sạch, dùng làm nến và mỹ phẩm.</p>",
            None,
            {},
            (("SO-250", "Khối 250 g", 250, 90000, None, 30),),
        ),
        (
            "Cà phê Robusta rang xay",
            "ca-phe",
            "<p>Robusta Buôn Ma Thuột rang mộc, đậm, nhiều caffeine.</p>",
            None,
            {"Mức rang": "Vừa"},
            (("CPR-500", "Gói 500 g", 500, 140000, Decimal("8.90"), 100),),
        ),
    ),
    "gao-st25-my-xuyen": (
        (
            "Gạo ST25 túi 5 kg",
            "gao-ngu-coc",
            "<p>Gạo ST25 canh tác lúa – tôm, hạt dài, cơm dẻo thơm lá dứa.</p>",
            None,
            {"Vụ": "Đông xuân"},
            (
                ("ST25-5KG", "Túi 5 kg", 5000, 180000, Decimal("11.00"), 300),
                ("ST25-10KG", "Túi 10 kg", 10000, 350000, None, 100),
            ),
        ),
        (
            "Gạo ST25 hữu cơ",
            "gao-ngu-coc",
            "<p>Gạo ST25 chứng nhận hữu cơ, không thuốc bảo vệ thực vật.</p>",
            None,
            {"Chứng nhận": "Hữu cơ"},
            (("ST25HC-5KG", "Túi 5 kg", 5000, 250000, None, 80),),
        ),
        (
            "Gạo lứt ST25",
            "gao-ngu-coc",
            "<p>Gạo lứt đỏ ST25 giàu chất xơ.</p>",
            None,
            {},
            (("LUT-2KG", "Túi 2 kg", 2000, 90000, None, 120),),
        ),
        (
            "Gạo ST24",
            "gao-ngu-coc",
            "<p>Gạo ST24 thơm mềm.</p>",
            None,
            {},
            (("ST24-5KG", "Túi 5 kg", 5000, 150000, None, 150),),
        ),
        (
            "Bánh phồng tôm Sóc Trăng",
            "banh-keo",
            "<p>Bánh phồng tôm làm từ tôm sú tươi.</p>",
            None,
            {},
            (("BPT-500", "Hộp 500 g", 500, 75000, None, 90),),
        ),
    ),
    "ca-phe-xuan-truong-da-lat": (
        (
            "Cà phê Arabica Cầu Đất rang mộc",
            "ca-phe",
            "<p>Arabica Cầu Đất độ cao 1.600 m, rang mộc, vị chua thanh, hương trái cây.</p>",
            None,
            {"Mức rang": "Nhạt"},
            (
                ("ARA-250", "Gói 250 g", 250, 150000, Decimal("9.00"), 120),
                ("ARA-500", "Gói 500 g", 500, 280000, Decimal("16.00"), 60),
            ),
        ),
        (
            "Cà phê hạt Arabica Typica",
            "ca-phe",
            "<p>Giống Typica cổ, sơ chế ướt.</p>",
            None,
            {},
            (("TYP-250", "Gói 250 g", 250, 220000, None, 40),),
        ),
        (
            "Cà phê phin giấy",
            "ca-phe",
            "<p>Cà phê Arabica xay sẵn trong phin giấy, hộp 10 gói.</p>",
            None,
            {},
            (("PHIN-10", "Hộp 10 gói", 150, 90000, None, 100),),
        ),
        (
            "Trà atiso Đà Lạt",
            "duoc-lieu",
            "<p>Bông atiso sấy khô, mát gan.</p>",
            None,
            {},
            (("ATS-200", "Túi 200 g", 200, 110000, None, 70),),
        ),
        (
            "Mứt dâu tây Đà Lạt",
            "banh-keo",
            "<p>Dâu tây sên đường, ít ngọt.</p>",
            None,
            {},
            (("MDT-300", "Hũ 300 g", 300, 85000, None, 50),),
        ),
    ),
}

# Product name -> months it is harvested (1–12); products not listed are sold all year.
HARVEST_MONTHS = {
    "Vải thiều Lục Ngạn loại 1": [5, 6],
    "Vải thiều Lục Ngạn loại 2": [5, 6],
    "Nhãn lồng Lục Ngạn": [7, 8],
    "Mật ong hoa vải": [3, 4],
    "Bưởi da xanh ruột hồng loại 1": [8, 9, 10, 11, 12],
    "Bưởi da xanh hộp quà": [8, 9, 10, 11, 12],
    "Cam sành Giồng Trôm": [9, 10, 11, 12],
    "Dưa hấu Giồng Trôm": [12, 1, 2],
    "Xoài cát Hòa Lộc": [3, 4, 5, 6],
    "Sầu riêng Ri6": [5, 6, 7],
    "Trà móc câu Tân Cương": [3, 4, 5],
    "Mật ong hoa cà phê": [2, 3, 4],
    "Mật ong rừng Tây Nguyên": [3, 4, 5],
}

# Background colours by top-level category slug, for recognisable placeholder photos.
_COLOURS = {
    "trai-cay-tuoi": ((255, 236, 210), (220, 60, 60)),
    "dac-san-che-bien": ((250, 240, 220), (170, 110, 50)),
    "do-uong": ((225, 245, 225), (40, 120, 60)),
    "thao-duoc": ((235, 240, 250), (90, 110, 170)),
    "thu-cong-my-nghe": ((245, 235, 225), (140, 100, 70)),
}
_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def _font(size: int):
    if _FONT.exists():
        return ImageFont.truetype(str(_FONT), size)
    return ImageFont.load_default(size)


def _wrap(text: str, width: int = 16) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line]


def product_photo(name: str, category: Category, size: int = 800) -> bytes:
    """A simple drawn photo: category colours, a round 'product', and the name (no downloads)."""
    root = category.parent or category
    background, accent = _COLOURS.get(root.slug, ((240, 240, 240), (80, 80, 80)))
    seed = zlib.crc32(name.encode())
    image = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(image)
    for i in range(6):
        radius = 60 + (seed >> (i * 3)) % 90
        x = (seed >> (i * 4)) % size
        y = (seed >> (i * 5)) % (size // 2)
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius), fill=tuple(min(255, c + 12) for c in accent)
        )
    draw.ellipse((size * 0.2, size * 0.12, size * 0.8, size * 0.72), fill=accent)
    draw.rounded_rectangle(
        (size * 0.05, size * 0.74, size * 0.95, size * 0.95), radius=24, fill=(255, 255, 255)
    )
    font = _font(size // 18)
    for row, line in enumerate(_wrap(name, 24)[:2]):
        draw.text((size * 0.5, size * (0.8 + row * 0.07)), line, fill=(30, 30, 30), font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def _gtin(stall_slug: str, item: int) -> str:
    body = f"{_GTIN_COMPANY[stall_slug]}{item:05d}"
    return f"{body}{gtin_check_digit(body)}"


def _warehouse(stall: Stall) -> Warehouse:
    warehouse = Warehouse.objects.filter(stall=stall).first()
    return warehouse or actions.warehouse_create(
        stall=stall,
        name=f"Kho {stall.name}",
        province_code=stall.province_code,
        commune_code=stall.commune_code,
        address=stall.address,
    )


def _seed_product(stall, warehouse, channels, entry, item_numbers) -> None:
    name, category_slug, description, decision, attributes, variants = entry
    category = Category.objects.get(slug=category_slug)
    product = Product.objects.filter(stall=stall, name=name).first()
    if product is None:
        certificate = (
            OcopCertificate.objects.filter(stall=stall, decision_number=decision).first()
            if decision
            else None
        )
        product = actions.product_create(
            stall=stall,
            category=category,
            name=name,
            description=description,
            ocop_certificate=certificate,
            attributes=attributes,
            harvest_months=HARVEST_MONTHS.get(name, []),
        )
    elif not product.harvest_months and HARVEST_MONTHS.get(name):
        # A database seeded before harvest months existed gets them on the next seed.
        actions.product_update(product=product, harvest_months=HARVEST_MONTHS[name])
    for sku, variant_name, grams, vnd, usd, quantity in variants:
        item = next(item_numbers)
        variant = ProductVariant.objects.filter(stall=stall, sku=sku).first()
        if variant is None:
            # Every other item gets a GTIN, so the demo shows variants with and without one.
            variant = actions.variant_create(
                product=product,
                sku=sku,
                name=variant_name,
                gtin=_gtin(stall.slug, item) if item % 2 else None,
                weight_grams=grams,
            )
        actions.variant_channel_listing_update(variant=variant, channel=channels["vn"], price_amount=vnd)
        if usd is not None:
            actions.variant_channel_listing_update(
                variant=variant, channel=channels["export"], price_amount=usd
            )
        actions.stocks_update(variant=variant, stocks=[(warehouse, quantity)])
    if not product.media.exists():
        photo = SimpleUploadedFile(
            f"{product.slug}.jpg", product_photo(name, category), content_type="image/jpeg"
        )
        actions.product_media_create(product=product, upload=photo, alt=name)


def seed() -> None:
    channels = {c.slug: c for c in Channel.objects.all()}
    for slug, entries in DEMO_PRODUCTS.items():
        stall = Stall.objects.filter(slug=slug, status=StallStatus.APPROVED).first()
        if stall is None:
            continue
        warehouse = _warehouse(stall)
        item_numbers = iter(range(1, 1000))
        for entry in entries:
            _seed_product(stall, warehouse, channels, entry, item_numbers)
    _seed_translations()
    _seed_collections()


def info(base_url: str) -> list[str]:
    return [
        f"  {Product.objects.count()} products; GraphQL: {base_url}/graphql/ "
        '(try products(first: 20, channel: "vn", filter: {search: "keo dua"}))'
    ]


# English for the demo catalogue: product names (descriptions stay short), attribute names and values.
PRODUCT_NAMES_EN = {
    "Kẹo dừa sáp": "Wax coconut candy",
    "Kẹo dừa lá dứa": "Pandan coconut candy",
    "Kẹo dừa sầu riêng": "Durian coconut candy",
    "Kẹo dừa đậu phộng": "Peanut coconut candy",
    "Dầu dừa nguyên chất ép lạnh": "Cold-pressed virgin coconut oil",
    "Dừa xiêm xanh Bến Tre": "Ben Tre green coconuts",
    "Vải thiều Lục Ngạn loại 1": "Luc Ngan lychee, grade 1",
    "Vải thiều Lục Ngạn loại 2": "Luc Ngan lychee, grade 2",
    "Vải thiều sấy khô": "Dried lychee",
    "Nhãn lồng Lục Ngạn": "Luc Ngan longan",
    "Mật ong hoa vải": "Lychee blossom honey",
    "Nước mắm cá cơm 40 độ đạm": "Anchovy fish sauce, 40°N",
    "Nước mắm cá cơm 35 độ đạm": "Anchovy fish sauce, 35°N",
    "Nước mắm nhĩ thượng hạng": "Premium first-press fish sauce",
    "Tiêu đen Phú Quốc": "Phu Quoc black pepper",
    "Mắm ruốc Phú Quốc": "Phu Quoc shrimp paste",
    "Bưởi da xanh ruột hồng loại 1": "Green-skin pink pomelo, grade 1",
    "Bưởi da xanh hộp quà": "Green-skin pomelo gift box",
    "Mứt vỏ bưởi": "Candied pomelo peel",
    "Tinh dầu vỏ bưởi": "Pomelo peel essential oil",
    "Cam sành Giồng Trôm": "Giong Trom king oranges",
    "Dưa hấu Giồng Trôm": "Giong Trom watermelon",
    "Xoài cát Hòa Lộc": "Hoa Loc mango",
    "Sầu riêng Ri6": "Ri6 durian",
    "Trà móc câu Tân Cương": "Tan Cuong hook tea",
    "Trà búp đặc biệt Tân Cương": "Tan Cuong special bud tea",
    "Trà nõn tôm": "Young shoot tea",
    "Hồng trà Thái Nguyên": "Thai Nguyen black tea",
    "Trà xanh túi lọc": "Green tea bags",
    "Mật ong hoa cà phê": "Coffee blossom honey",
    "Mật ong rừng Tây Nguyên": "Central Highlands wild honey",
    "Phấn hoa cà phê": "Coffee bee pollen",
    "Sáp ong nguyên chất": "Pure beeswax",
    "Cà phê Robusta rang xay": "Ground roasted Robusta coffee",
    "Gạo ST25 túi 5 kg": "ST25 rice, 5 kg bag",
    "Gạo ST25 hữu cơ": "Organic ST25 rice",
    "Gạo lứt ST25": "ST25 brown rice",
    "Gạo ST24": "ST24 rice",
    "Bánh phồng tôm Sóc Trăng": "Soc Trang prawn crackers",
    "Cà phê Arabica Cầu Đất rang mộc": "Cau Dat Arabica, plain roast",
    "Cà phê hạt Arabica Typica": "Arabica Typica coffee beans",
    "Cà phê phin giấy": "Paper drip-filter coffee",
    "Trà atiso Đà Lạt": "Da Lat artichoke tea",
    "Mứt dâu tây Đà Lạt": "Da Lat strawberry jam",
}
ATTRIBUTES_EN = {
    "Đóng gói": "Packaging",
    "Hạn dùng": "Shelf life",
    "Dung tích": "Volume",
    "Tiêu chuẩn": "Standard",
    "Độ đạm": "Protein content",
    "Trọng lượng quả": "Fruit weight",
    "Thu hái": "Harvest",
    "Mức rang": "Roast",
    "Vụ": "Season",
    "Chứng nhận": "Certification",
    "Quy cách": "Pack size",
    "Hộp giấy": "Paper box",
    "6 tháng": "6 months",
    "Túi zip": "Zip bag",
    "Chục 10 trái": "Bundle of 10",
    "Túi hút chân không": "Vacuum bag",
    "Hũ thủy tinh": "Glass jar",
    "Hộp quà": "Gift box",
    "Vụ xuân": "Spring harvest",
    "Vừa": "Medium",
    "Nhạt": "Light",
    "Đông xuân": "Winter–spring",
    "Hữu cơ": "Organic",
}
# slug, name, English name, products by Vietnamese name (the curated order).
DEMO_COLLECTIONS = (
    (
        "dac-san-tet",
        "Đặc sản Tết",
        "Tet specialties",
        (
            "Kẹo dừa sáp",
            "Mứt vỏ bưởi",
            "Bưởi da xanh hộp quà",
            "Trà móc câu Tân Cương",
            "Mứt dâu tây Đà Lạt",
            "Bánh phồng tôm Sóc Trăng",
            "Dưa hấu Giồng Trôm",
            "Nước mắm nhĩ thượng hạng",
        ),
    ),
    ("ocop-5-sao", "OCOP 5 sao", "5-star OCOP", None),  # None: every product with a valid 5-star certificate
)


def _seed_translations() -> None:
    for category in Category.objects.exclude(name_en=""):
        actions.category_translation_set(category=category, language_code="en", name=category.name_en)
    for product in Product.objects.filter(name__in=PRODUCT_NAMES_EN):
        english = PRODUCT_NAMES_EN[product.name]
        actions.product_translation_set(
            product=product, language_code="en", name=english, description=f"<p>{english}.</p>"
        )
    for source, text in ATTRIBUTES_EN.items():
        actions.attribute_translation_set(source=source, language_code="en", text=text)


def _ocop_five_star_products() -> list[Product]:
    certified = Product.objects.filter(valid_certificate_q())
    five_stars = list(certified.filter(ocop_certificate__stars=5).order_by("name", "pk"))
    # A demo without five-star certificates shows its best-certified products instead.
    return five_stars or list(certified.order_by("-ocop_certificate__stars", "name", "pk")[:8])


def _seed_collections() -> None:
    channels = list(Channel.objects.filter(slug__in=["vn", "export"]))
    for slug, name, name_en, product_names in DEMO_COLLECTIONS:
        if product_names is None:
            products = _ocop_five_star_products()
        else:
            found = {p.name: p for p in Product.objects.filter(name__in=product_names)}
            products = [found[n] for n in product_names if n in found]
        collection = actions.collection_save(
            slug=slug, name=name, description=f"<p>{name}</p>", products=products, channels=channels
        )
        actions.collection_translation_set(
            collection=collection, language_code="en", name=name_en, description=f"<p>{name_en}</p>"
        )
