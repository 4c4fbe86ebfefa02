"""`menu(slug)` and `page(slug)` in Saleor's shapes: the shop's navigation and its static pages."""

import graphene
from graphene.types.generic import GenericScalar

from backend.catalog.selectors import channel_for_slug
from backend.content import selectors
from backend.graphql.catalog.types import Category, Collection, MetadataItem, collection_context
from backend.graphql.core.common import (
    LanguageCodeEnum,
    LanguageDisplay,
    language_code,
    language_display,
)
from backend.graphql.core.connection import CountableConnection, connection_args, connection_page, decode_id


class PageType(graphene.ObjectType):
    """Every page here is a plain content page."""

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    slug = graphene.String(required=True)


_PAGE_TYPE = PageType(id=graphene.Node.to_global_id("PageType", 1), name="Trang", slug="page")


class Metadata(GenericScalar):
    """Saleor's key → value metadata object; pages here carry none, so it is always `{}`."""


class PageTranslation(graphene.ObjectType):
    id = graphene.ID(required=True)
    language = graphene.Field(LanguageDisplay, required=True)
    title = graphene.String()
    content = graphene.String()
    slug = graphene.String()

    @staticmethod
    def resolve_id(row, _info):
        return graphene.Node.to_global_id("PageTranslation", row.pk)

    @staticmethod
    def resolve_language(row, _info):
        return language_display(row.language_code)

    @staticmethod
    def resolve_slug(row, _info):
        return row.page.slug


class Page(graphene.ObjectType):
    id = graphene.ID(required=True)
    title = graphene.String(required=True)
    slug = graphene.String(required=True)
    content = graphene.String(description="Sanitised HTML.")
    seo_title = graphene.String()
    seo_description = graphene.String()
    is_published = graphene.Boolean(required=True)
    created = graphene.DateTime(required=True)
    published_at = graphene.DateTime()
    page_type = graphene.Field(PageType, required=True)
    translation = graphene.Field(
        PageTranslation, language_code=graphene.Argument(LanguageCodeEnum, required=True)
    )
    metadata = graphene.List(graphene.NonNull(MetadataItem), required=True)
    metafields = Metadata(keys=graphene.List(graphene.NonNull(graphene.String)))

    @staticmethod
    def resolve_metadata(_page, _info):
        return []

    @staticmethod
    def resolve_metafields(_page, _info, keys=None):
        return {}

    @staticmethod
    def resolve_id(page, _info):
        return graphene.Node.to_global_id("Page", page.pk)

    @staticmethod
    def resolve_seo_title(page, _info):
        return page.title

    @staticmethod
    def resolve_seo_description(page, _info):
        return None

    @staticmethod
    def resolve_created(page, _info):
        return page.created_at

    @staticmethod
    def resolve_published_at(page, _info):
        return page.created_at

    @staticmethod
    def resolve_page_type(_page, _info):
        return _PAGE_TYPE

    @staticmethod
    def resolve_translation(page, _info, language_code):
        code = _code(language_code)
        for row in page.translations.all():
            if row.language_code == code:
                row.page = page
                return row
        return None


class PageCountableConnection(CountableConnection):
    class Meta:
        node = Page


class MenuItemTranslation(graphene.ObjectType):
    id = graphene.ID(required=True)
    language = graphene.Field(LanguageDisplay, required=True)
    name = graphene.String(required=True)


class MenuItem(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    level = graphene.Int(required=True, description="0 for a top-level item.")
    url = graphene.String(description="Set only for items that point outside the catalog and pages.")
    category = graphene.Field(Category)
    collection = graphene.Field(Collection)
    page = graphene.Field(Page)
    parent = graphene.Field(lambda: MenuItem)
    children = graphene.List(graphene.NonNull(lambda: MenuItem))
    translation = graphene.Field(
        MenuItemTranslation, language_code=graphene.Argument(LanguageCodeEnum, required=True)
    )

    @staticmethod
    def resolve_id(item, _info):
        return graphene.Node.to_global_id("MenuItem", item.pk)

    @staticmethod
    def resolve_level(item, _info):
        return 0 if item.parent_id is None else 1

    @staticmethod
    def resolve_url(item, _info):
        return item.url or None

    @staticmethod
    def resolve_collection(item, _info):
        if item.collection is None:
            return None
        return collection_context([item.collection], channel=item.gql_channel)[0]

    @staticmethod
    def resolve_page(item, _info):
        return item.page if item.page is not None and item.page.is_published else None

    @staticmethod
    def resolve_children(item, _info):
        children = list(item.children.all())
        for child in children:
            child.gql_channel = item.gql_channel
        return children

    @staticmethod
    def resolve_translation(item, _info, language_code):
        code = _code(language_code)
        if code == "en" and item.name_en:
            return MenuItemTranslation(
                id=graphene.Node.to_global_id("MenuItemTranslation", item.pk),
                language=language_display(code),
                name=item.name_en,
            )
        return None


class Menu(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    items = graphene.List(graphene.NonNull(MenuItem))

    @staticmethod
    def resolve_id(menu, _info):
        return graphene.Node.to_global_id("Menu", menu.pk)

    @staticmethod
    def resolve_items(menu, _info):
        items = list(menu.items.all())
        for item in items:
            item.gql_channel = menu.gql_channel
        return items


def _code(value) -> str:
    return language_code(value)


class ContentQueries(graphene.ObjectType):
    menu = graphene.Field(
        Menu,
        slug=graphene.String(),
        id=graphene.ID(),
        name=graphene.String(),
        channel=graphene.String(description="Channel whose collections the items show; `vn` by default."),
        description="A navigation menu (`navbar`, `footer`).",
    )
    page = graphene.Field(Page, slug=graphene.String(), id=graphene.ID(), description="A published page.")
    pages = graphene.Field(PageCountableConnection, description="Published pages.", **connection_args())

    @staticmethod
    def resolve_menu(_root, _info, slug=None, id=None, name=None, channel=None):  # noqa: A002
        if id:
            pk = decode_id(id, "Menu")
            menu = selectors.menu_by_id(menu_id=pk) if pk else None
        elif slug or name:
            menu = selectors.menu_by_slug(slug) if slug else selectors.menu_by_name(name)
        else:
            return None
        if menu is None:
            return None
        menu.gql_channel = channel_for_slug(channel)
        return menu

    @staticmethod
    def resolve_page(_root, _info, slug=None, id=None):  # noqa: A002
        if id:
            pk = decode_id(id, "Page")
            return selectors.page_published(page_id=pk) if pk else None
        return selectors.page_published(slug=slug) if slug else None

    @staticmethod
    def resolve_pages(_root, _info, **page):
        return connection_page(selectors.pages_published(), PageCountableConnection, **page)
