"""Demo content: the navbar and footer menus and the "about" page, in Vietnamese with English."""

from backend.catalog.models import Category, Collection
from backend.content import actions
from backend.content.models import Page

ABOUT_VI = (
    "<h2>Nông Sàn</h2><p>Chợ đặc sản OCOP của các hợp tác xã và nông hộ Việt Nam: mỗi sản phẩm "
    "đến thẳng từ gian hàng của người làm ra nó, kèm tem truy xuất nguồn gốc.</p>"
)
ABOUT_EN = (
    "<h2>Nông Sàn</h2><p>A marketplace for Vietnam's OCOP specialties from cooperatives and farms: "
    "every product comes straight from the stall of the people who make it, with a traceability stamp.</p>"
)


def seed() -> None:
    about = actions.page_save(slug="gioi-thieu", title="Về Nông Sàn", content=ABOUT_VI)
    actions.page_translation_set(page=about, language_code="en", title="About Nông Sàn", content=ABOUT_EN)
    roots = list(Category.objects.filter(parent__isnull=True).order_by("sort_order", "name"))
    collections = {c.slug: c for c in Collection.objects.all()}
    navbar = [
        {
            "name": root.name,
            "name_en": root.name_en,
            "category": root,
            "children": [
                {"name": child.name, "name_en": child.name_en, "category": child}
                for child in root.children.order_by("sort_order", "name")
            ],
        }
        for root in roots
    ]
    navbar += [
        {"name": c.name, "name_en": en, "collection": c}
        for slug, en in (("dac-san-tet", "Tet specialties"), ("ocop-5-sao", "5-star OCOP"))
        if (c := collections.get(slug))
    ]
    actions.menu_save(slug="navbar", name="navbar", items=navbar)
    actions.menu_save(
        slug="footer",
        name="footer",
        items=[
            {"name": "Về Nông Sàn", "name_en": "About", "page": about},
            {"name": "Tìm kiếm", "name_en": "Search", "url": "/search/"},
        ],
    )


def info(base_url: str) -> list[str]:
    return [f'  {Page.objects.count()} pages; menus navbar and footer (GraphQL menu(slug: "navbar"))']
