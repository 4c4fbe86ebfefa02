"""menu(slug) and page(slug) in Saleor's shapes, and the demo's collections, menus, pages and English."""

import pytest

from backend.catalog.models import Category, Collection, ProductTranslation
from backend.content import actions
from backend.content.models import MenuItem
from backend.core.errors import DomainError
from backend.demo import accounts as accounts_demo
from backend.demo import catalog as catalog_demo
from backend.demo import content as content_demo
from backend.demo import stalls as stalls_demo
from tests.graphql_client import gql

pytestmark = pytest.mark.django_db

MENU = """
fragment Item on MenuItem {
  id name level url category { slug name } collection { slug name } page { slug title }
}
query($slug: String!) {
  menu(slug: $slug, channel: "vn") {
    slug
    items { ...Item translation(languageCode: EN) { name } children { ...Item } }
  }
}"""
PAGE = """
query($slug: String!) {
  page(slug: $slug) { slug title content seoTitle pageType { slug } translation(languageCode: EN) { title } }
}"""


def test_menu_items_point_to_categories_pages_and_links_with_their_children(client):
    about = actions.page_save(
        slug="gioi-thieu", title="Về Nông Sàn", content="<p>Xin chào</p><script>x</script>"
    )
    fruit = Category.objects.get(slug="trai-cay-tuoi")
    child = fruit.children.first()
    actions.menu_save(
        slug="navbar",
        name="navbar",
        items=[
            {
                "name": fruit.name,
                "name_en": "Fresh fruit",
                "category": fruit,
                "children": [{"name": child.name, "category": child}],
            },
            {"name": "Về Nông Sàn", "page": about},
            {"name": "Tìm kiếm", "url": "/search/"},
        ],
    )
    menu = gql(client, MENU, {"slug": "navbar"})["data"]["menu"]
    first, page_item, link = menu["items"]
    assert first["category"]["slug"] == "trai-cay-tuoi" and first["level"] == 0
    assert first["translation"] == {"name": "Fresh fruit"}
    assert first["children"][0]["category"]["slug"] == child.slug and first["children"][0]["level"] == 1
    assert page_item["page"] == {"slug": "gioi-thieu", "title": "Về Nông Sàn"} and page_item["url"] is None
    assert link["url"] == "/search/" and link["translation"] is None
    page = gql(client, PAGE, {"slug": "gioi-thieu"})["data"]["page"]
    assert page["content"] == "<p>Xin chào</p>" and page["pageType"] == {"slug": "page"}
    assert gql(client, MENU, {"slug": "nope"})["data"]["menu"] is None


def test_a_menu_item_with_two_targets_writes_nothing():
    about = actions.page_save(slug="gioi-thieu", title="Về", content="")
    with pytest.raises(DomainError) as refused:
        actions.menu_save(
            slug="navbar",
            name="navbar",
            items=[{"name": "Tốt", "url": "/a/"}, {"name": "Hai đích", "page": about, "url": "/b/"}],
        )
    assert refused.value.field == "items"
    assert not MenuItem.objects.exists()


def test_unpublished_pages_are_not_found(client):
    actions.page_save(slug="nhap", title="Bản nháp", content="", is_published=False)
    assert gql(client, PAGE, {"slug": "nhap"})["data"]["page"] is None


def test_page_metadata_in_saleor_shape_is_empty(client):
    actions.page_save(slug="gioi-thieu", title="Về", content="")
    page = gql(client, '{ page(slug: "gioi-thieu") { metadata { key } metafields(keys: ["icon"]) } }')
    assert page["data"]["page"] == {"metadata": [], "metafields": {}}


def test_demo_seeds_collections_menus_the_about_page_and_english_twice_without_duplicates(client):
    for _ in range(2):
        accounts_demo.seed()
        stalls_demo.seed()
        catalog_demo.seed()
        content_demo.seed()
    assert set(Collection.objects.values_list("slug", flat=True)) == {"dac-san-tet", "ocop-5-sao"}
    assert ProductTranslation.objects.filter(language_code="en").count() >= 40
    tet = gql(
        client,
        '{ collection(slug: "dac-san-tet", channel: "vn") { translation(languageCode: EN) { name } '
        "products(first: 3) { totalCount edges { node { name translation(languageCode: EN) { name } } } } "
        "} }",
    )["data"]["collection"]
    assert tet["translation"] == {"name": "Tet specialties"}
    assert tet["products"]["edges"][0]["node"] == {
        "name": "Kẹo dừa sáp",
        "translation": {"name": "Wax coconut candy"},
    }
    five = gql(client, '{ collection(slug: "ocop-5-sao") { products(first: 1) { totalCount } } }')
    assert five["data"]["collection"]["products"]["totalCount"] > 0
    navbar = gql(client, MENU, {"slug": "navbar"})["data"]["menu"]["items"]
    assert {i["collection"]["slug"] for i in navbar if i["collection"]} == {"dac-san-tet", "ocop-5-sao"}
    assert sum(1 for i in navbar if i["category"]) == Category.objects.filter(parent__isnull=True).count()
    footer = gql(client, MENU, {"slug": "footer"})["data"]["menu"]["items"]
    assert footer[0]["page"]["slug"] == "gioi-thieu"
    about = gql(client, PAGE, {"slug": "gioi-thieu"})["data"]["page"]
    assert about["translation"] == {"title": "About Nông Sàn"}
