"""The rows every install needs: the two sales channels and the Vietnamese category tree.

Written by data migration 0002 (with historical models) and re-ensured by tests after a
transactional test flushed the database.
"""

CHANNELS = (
    ("vn", "Việt Nam", "VND"),
    ("export", "Export", "USD"),
)

# slug, Vietnamese name, English name, children
CATEGORIES = (
    (
        "trai-cay-tuoi",
        "Trái cây tươi",
        "Fresh fruit",
        (
            ("vai-nhan", "Vải, nhãn", "Lychee and longan"),
            ("buoi-cam-quyt", "Bưởi, cam, quýt", "Pomelo and citrus"),
            ("xoai-sau-rieng", "Xoài, sầu riêng", "Mango and durian"),
        ),
    ),
    (
        "dac-san-che-bien",
        "Đặc sản chế biến",
        "Processed specialties",
        (
            ("banh-keo", "Bánh kẹo", "Sweets and cakes"),
            ("nuoc-mam-gia-vi", "Nước mắm, gia vị", "Fish sauce and condiments"),
            ("gao-ngu-coc", "Gạo, ngũ cốc", "Rice and grains"),
            ("mat-ong", "Mật ong", "Honey"),
        ),
    ),
    (
        "do-uong",
        "Đồ uống",
        "Beverages",
        (
            ("tra", "Trà", "Tea"),
            ("ca-phe", "Cà phê", "Coffee"),
        ),
    ),
    (
        "thao-duoc",
        "Thảo dược",
        "Herbal products",
        (
            ("duoc-lieu", "Dược liệu", "Medicinal herbs"),
            ("tinh-dau", "Tinh dầu", "Essential oils"),
        ),
    ),
    (
        "thu-cong-my-nghe",
        "Thủ công mỹ nghệ",
        "Handicrafts",
        (
            ("may-tre-dan", "Mây tre đan", "Rattan and bamboo"),
            ("gom-su", "Gốm sứ", "Ceramics"),
        ),
    ),
)


def defaults_ensure(channel_model, category_model) -> None:
    """Get-or-create the channels and categories (model classes passed in so migrations can use it)."""
    for slug, name, currency in CHANNELS:
        channel_model.objects.get_or_create(slug=slug, defaults={"name": name, "currency_code": currency})
    for order, (slug, name, name_en, children) in enumerate(CATEGORIES):
        parent, _created = category_model.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "sort_order": order}
        )
        for child_order, (child_slug, child_name, child_name_en) in enumerate(children):
            category_model.objects.get_or_create(
                slug=child_slug,
                defaults={
                    "name": child_name,
                    "name_en": child_name_en,
                    "parent": parent,
                    "sort_order": child_order,
                },
            )
