"""`translation(languageCode:)` for products, categories, collections and attributes: one query per page.

Vietnamese is the language the rows themselves are written in; other languages live in
translation rows (`ProductTranslation`, `CategoryTranslation`, `CollectionTranslation`, and the
`AttributeTranslation` glossary for attribute names and values). A field asked for a language with
no row answers null, as Saleor does. Each page of products shares one loader, so asking every
product of a page for its translation costs one query, and none when nobody asks.
"""

import graphene

from backend.catalog.models import AttributeTranslation as AttributeTranslationModel
from backend.catalog.models import ProductTranslation as ProductTranslationModel
from backend.catalog.selectors import attribute_glossary, product_translations
from backend.core.richtext import html_to_text
from backend.graphql.core.common import LanguageDisplay, language_display

_LOADER = "_gql_translations"


def seo_description(html: str) -> str:
    return html_to_text(html or "")[:300]


class _TranslationFields:
    @staticmethod
    def resolve_language(row, _info):
        return language_display(row.language_code)


class ProductTranslation(_TranslationFields, graphene.ObjectType):
    id = graphene.ID(required=True)
    language = graphene.Field(LanguageDisplay, required=True)
    name = graphene.String()
    description = graphene.String(description="Sanitised HTML.")
    seo_title = graphene.String()
    seo_description = graphene.String()
    slug = graphene.String(description="Slugs are not translated: the product's own slug.")

    @staticmethod
    def resolve_id(row, _info):
        return graphene.Node.to_global_id("ProductTranslation", row.pk)

    @staticmethod
    def resolve_seo_title(row, _info):
        return row.name or None

    @staticmethod
    def resolve_seo_description(row, _info):
        return seo_description(row.description) or None

    @staticmethod
    def resolve_slug(row, _info):
        return row.product.slug


class CategoryTranslation(ProductTranslation):
    @staticmethod
    def resolve_id(row, _info):
        return graphene.Node.to_global_id("CategoryTranslation", row.pk)

    @staticmethod
    def resolve_slug(row, _info):
        return row.category.slug


class CollectionTranslation(ProductTranslation):
    @staticmethod
    def resolve_id(row, _info):
        return graphene.Node.to_global_id("CollectionTranslation", row.pk)

    @staticmethod
    def resolve_slug(row, _info):
        return row.collection.slug


class AttributeTranslation(_TranslationFields, graphene.ObjectType):
    """An attribute name or value in another language (from the shared glossary)."""

    id = graphene.ID(required=True)
    language = graphene.Field(LanguageDisplay, required=True)
    name = graphene.String(required=True)

    @staticmethod
    def resolve_id(row, _info):
        return graphene.Node.to_global_id("AttributeTranslation", row.pk)

    @staticmethod
    def resolve_name(row, _info):
        return row.text


class AttributeValueTranslation(AttributeTranslation):
    @staticmethod
    def resolve_id(row, _info):
        return graphene.Node.to_global_id("AttributeValueTranslation", row.pk)


class PageTranslations:
    """The translations of one page of products, loaded on first use (one query each kind)."""

    def __init__(self, products: list) -> None:
        self.products = products
        self._rows: dict[tuple[int, str], ProductTranslationModel] | None = None
        self._glossary: dict[tuple[str, str], AttributeTranslationModel] | None = None

    def product(self, product, code: str) -> ProductTranslationModel | None:
        if self._rows is None:
            self._rows = {
                (row.product_id, row.language_code): row
                for row in product_translations(product_ids=[p.pk for p in self.products])
            }
        return self._rows.get((product.pk, code))

    def attribute(self, text: str, code: str) -> AttributeTranslationModel | None:
        if self._glossary is None:
            sources: set[str] = set()
            for p in self.products:
                for name, value in (p.attributes or {}).items():
                    sources.update((str(name), str(value)))
                for variant in p.variants.all():
                    if variant.name:
                        sources.add(variant.name)
            self._glossary = {(r.source, r.language_code): r for r in attribute_glossary(sources=sources)}
        return self._glossary.get((text, code))


def translations_attach(products: list) -> list:
    loader = PageTranslations(products)
    for product in products:
        setattr(product, _LOADER, loader)
    return products


def translations_for(product) -> PageTranslations:
    if not hasattr(product, _LOADER):
        translations_attach([product])
    return getattr(product, _LOADER)
