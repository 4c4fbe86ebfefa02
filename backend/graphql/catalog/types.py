"""GraphQL types of the catalog, in Saleor's shapes (Money, TaxedMoney, pricing, thumbnail(size:)).

Products reach these types through the resolvers in `schema.py`, which fetch a page with its
relations planned up front (`product_prefetch`) and tag each product with the channel it was asked
for and whether the caller sees it as a member of its stall (`product_context`). Field resolvers
then only read prefetched data, so a page costs the same number of queries whatever its size.
"""

from decimal import Decimal

import graphene
from django.db.models import Prefetch, QuerySet
from django.utils.text import slugify
from graphql import GraphQLError

from backend.catalog import selectors
from backend.catalog.models import Channel as ChannelModel
from backend.catalog.models import ProductMedia as ProductMediaModel
from backend.catalog.models import ProductVariant as ProductVariantModel
from backend.catalog.models import Stock as StockModel
from backend.catalog.models import VariantChannelListing
from backend.catalog.thumbnails import thumbnail_path
from backend.graphql.catalog.filters import (
    ProductFilterInput,
    ProductOrder,
    ProductWhereInput,
    product_list_arguments,
    products_for_arguments,
)
from backend.graphql.catalog.translations import (
    AttributeTranslation,
    AttributeValueTranslation,
    CategoryTranslation,
    CollectionTranslation,
    ProductTranslation,
    seo_description,
    translations_attach,
    translations_for,
)
from backend.graphql.core.common import Image, LanguageCodeEnum, language_code
from backend.graphql.core.connection import CountableConnection, connection_args, connection_page
from backend.graphql.core.money import Money, TaxedMoney, taxed_money
from backend.graphql.regions.schema import Province
from backend.graphql.reviews.dataloaders import product_rating, product_ratings_attach
from backend.graphql.reviews.types import ProductRating
from backend.graphql.stalls.types import OcopBadge, Stall
from backend.regions.selectors import province_by_code


def _taxed(amount: Decimal, currency: str) -> TaxedMoney:
    return taxed_money(amount, currency)


class TaxedMoneyRange(graphene.ObjectType):
    start = graphene.Field(TaxedMoney)
    stop = graphene.Field(TaxedMoney)


class VariantPricingInfo(graphene.ObjectType):
    """Catalogue prices carry no sale discount (vouchers apply in the checkout), so `onSale` is false."""

    on_sale = graphene.Boolean()
    discount = graphene.Field(TaxedMoney)
    price = graphene.Field(TaxedMoney, description="The variant's price in the requested channel.")
    price_undiscounted = graphene.Field(TaxedMoney)

    @staticmethod
    def resolve_on_sale(_pricing, _info):
        return False

    @staticmethod
    def resolve_price_undiscounted(pricing, _info):
        return pricing.price


class ProductPricingInfo(graphene.ObjectType):
    on_sale = graphene.Boolean()
    display_gross_prices = graphene.Boolean(required=True)
    discount = graphene.Field(TaxedMoney)
    price_range = graphene.Field(TaxedMoneyRange, description="Cheapest and dearest published variant.")
    price_range_undiscounted = graphene.Field(TaxedMoneyRange)

    @staticmethod
    def resolve_on_sale(_pricing, _info):
        return False

    @staticmethod
    def resolve_display_gross_prices(_pricing, _info):
        return True

    @staticmethod
    def resolve_price_range_undiscounted(pricing, _info):
        return pricing.price_range


class ThumbnailFormatEnum(graphene.Enum):
    """Thumbnails are WebP; ORIGINAL (or AVIF, which we do not make) gives WebP too, except that
    `url` without a size and ORIGINAL is the uploaded file."""

    ORIGINAL = "original"
    AVIF = "avif"
    WEBP = "webp"


class Channel(graphene.ObjectType):
    id = graphene.ID(required=True)
    slug = graphene.String(required=True)
    name = graphene.String(required=True)
    currency_code = graphene.String(required=True)
    is_active = graphene.Boolean(required=True)

    @staticmethod
    def resolve_id(channel, _info):
        return graphene.Node.to_global_id("Channel", channel.pk)


class MetadataItem(graphene.ObjectType):
    key = graphene.String(required=True)
    value = graphene.String(required=True)


def _translation_row(obj, code: str):
    """The object's translation row in `code` from its (prefetched when listed) translations."""
    for row in obj.translations.all():
        if row.language_code == code:
            return row
    return None


class Category(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    name_en = graphene.String(required=True)
    slug = graphene.String(required=True)
    description = graphene.String(required=True)
    seo_title = graphene.String()
    seo_description = graphene.String()
    level = graphene.Int(required=True, description="Depth in the tree: 0 for a top-level category.")
    parent = graphene.Field(lambda: Category)
    children = graphene.Field(
        lambda: CategoryCountableConnection, description="Direct subcategories.", **connection_args()
    )
    child_list = graphene.List(
        graphene.NonNull(lambda: Category), required=True, description="Direct subcategories, as one list."
    )
    ancestors = graphene.Field(
        lambda: CategoryCountableConnection,
        description="From the parent up to the root.",
        **connection_args(),
    )
    products = graphene.Field(
        lambda: ProductCountableConnection,
        channel=graphene.String(description="Channel slug; `vn` when not given."),
        description="Products on sale in this category and every category below it.",
        **product_list_arguments(),
        **connection_args(),
    )
    background_image = graphene.Field(
        Image, size=graphene.Int(), format=ThumbnailFormatEnum(), description="Categories have no image yet."
    )
    translation = graphene.Field(
        CategoryTranslation, language_code=graphene.Argument(LanguageCodeEnum, required=True)
    )
    metadata = graphene.List(graphene.NonNull(MetadataItem), required=True)

    @staticmethod
    def resolve_id(category, _info):
        return graphene.Node.to_global_id("Category", category.pk)

    @staticmethod
    def resolve_seo_title(category, _info):
        return category.name

    @staticmethod
    def resolve_seo_description(category, _info):
        return seo_description(category.description) or None

    @staticmethod
    def resolve_level(category, _info):
        return selectors.category_level(category)

    @staticmethod
    def resolve_child_list(category, _info):
        return list(category.children.all())

    @staticmethod
    def resolve_children(category, _info, **page):
        return connection_page(list(category.children.all()), CategoryCountableConnection, **page)

    @staticmethod
    def resolve_ancestors(category, _info, **page):
        chain, node = [], category.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return connection_page(chain, CategoryCountableConnection, **page)

    @staticmethod
    def resolve_products(
        category, _info, channel=None, filter=None, where=None, sort_by=None, search=None, ids=None, **page
    ):  # noqa: A002
        current = _channel(channel)
        products = products_for_arguments(
            channel=current, filter=filter, where=where, sort_by=sort_by, search=search, ids=ids
        )
        products = selectors.products_in_categories(products, categories=[category])
        return product_connection(products, channel=current, **page)

    @staticmethod
    def resolve_background_image(_category, _info, size=None, format=None):  # noqa: A002
        return None

    @staticmethod
    def resolve_translation(category, _info, language_code):
        row = _translation_row(category, _code(language_code))
        if row is not None:
            row.category = category
        return row

    @staticmethod
    def resolve_metadata(_category, _info):
        return []


class CategoryCountableConnection(CountableConnection):
    class Meta:
        node = Category


def _code(value) -> str:
    return language_code(value)


def _channel(slug: str | None) -> ChannelModel:
    channel = selectors.channel_for_slug(slug)
    if channel is None:
        raise GraphQLError(f"Channel {slug!r} does not exist.", extensions={"code": "CHANNEL_NOT_FOUND"})
    return channel


def _absolute(info, path: str) -> str:
    return info.context.build_absolute_uri(path)


class ProductMediaType(graphene.Enum):
    IMAGE = "image"
    VIDEO = "video"


def _image_url(info, media, size: int | None, format) -> str:  # noqa: A002
    """A WebP thumbnail URL at `size`; without a size, the uploaded file (or its 1024 WebP if asked)."""
    if size:
        return _absolute(info, thumbnail_path(media.pk, size))
    if format == ThumbnailFormatEnum.WEBP.value:
        return _absolute(info, thumbnail_path(media.pk, 1024))
    return _absolute(info, media.image.url)


class ProductMedia(graphene.ObjectType):
    id = graphene.ID(required=True)
    alt = graphene.String(required=True)
    sort_order = graphene.Int(required=True)
    width = graphene.Int(required=True)
    height = graphene.Int(required=True)
    type = ProductMediaType(required=True)
    product_id = graphene.ID()
    oembed_data = graphene.JSONString(required=True)
    url = graphene.String(
        required=True,
        size=graphene.Int(description="Give a size for a WebP thumbnail instead of the original."),
        format=ThumbnailFormatEnum(),
    )
    thumbnail = graphene.Field(Image, size=graphene.Int(description="Nearest of 64, 256, 512, 1024."))

    @staticmethod
    def resolve_id(media, _info):
        return graphene.Node.to_global_id("ProductMedia", media.pk)

    @staticmethod
    def resolve_type(_media, _info):
        return ProductMediaType.IMAGE.value

    @staticmethod
    def resolve_product_id(media, _info):
        return graphene.Node.to_global_id("Product", media.product_id)

    @staticmethod
    def resolve_oembed_data(_media, _info):
        return {}

    @staticmethod
    def resolve_url(media, info, size=None, format=None):  # noqa: A002
        return _image_url(info, media, size, format)

    @staticmethod
    def resolve_thumbnail(media, info, size=None):
        return Image(url=_absolute(info, thumbnail_path(media.pk, size)), alt=media.alt)


class Warehouse(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    province = graphene.Field(Province)
    commune_code = graphene.Int(required=True)
    address = graphene.String(required=True)

    @staticmethod
    def resolve_id(warehouse, _info):
        return graphene.Node.to_global_id("Warehouse", warehouse.pk)

    @staticmethod
    def resolve_province(warehouse, _info):
        return province_by_code(warehouse.province_code)


class Stock(graphene.ObjectType):
    warehouse = graphene.Field(Warehouse, required=True)
    quantity = graphene.Int(required=True)
    quantity_allocated = graphene.Int(required=True)


class VariantChannelListingType(graphene.ObjectType):
    class Meta:
        name = "ProductVariantChannelListing"

    channel = graphene.Field(Channel, required=True)
    price = graphene.Field(Money, required=True)
    is_published = graphene.Boolean(required=True)

    @staticmethod
    def resolve_price(listing, _info):
        return Money(amount=float(listing.price_amount), currency=listing.currency)


def _listing(variant: ProductVariantModel) -> VariantChannelListing | None:
    """The variant's listing in the channel its product was requested for (from prefetched rows)."""
    channel = variant.product.gql_channel
    for listing in variant.listings.all():
        if listing.channel_id == channel.pk and (listing.is_published or variant.product.gql_member):
            return listing
    return None


class AttributeInputTypeEnum(graphene.Enum):
    DROPDOWN = "dropdown"
    PLAIN_TEXT = "plain-text"


class VariantAttributeScope(graphene.Enum):
    ALL = "all"
    VARIANT_SELECTION = "variant_selection"
    NOT_VARIANT_SELECTION = "not_variant_selection"


class Attribute(graphene.ObjectType):
    """An attribute name as products write it (`Khối lượng`); its ID is derived from its slug."""

    id = graphene.ID(required=True)
    name = graphene.String()
    slug = graphene.String()
    input_type = AttributeInputTypeEnum()
    translation = graphene.Field(
        AttributeTranslation, language_code=graphene.Argument(LanguageCodeEnum, required=True)
    )

    @staticmethod
    def resolve_id(attribute, _info):
        return graphene.Node.to_global_id("Attribute", attribute.slug or "attribute")

    @staticmethod
    def resolve_input_type(_attribute, _info):
        return AttributeInputTypeEnum.PLAIN_TEXT.value

    @staticmethod
    def resolve_translation(attribute, _info, language_code):
        return attribute.translations.attribute(attribute.name, _code(language_code))


class AttributeValue(graphene.ObjectType):
    """One value of an attribute; `name` and `value` both hold the text (`500 g`)."""

    id = graphene.ID(required=True)
    name = graphene.String()
    slug = graphene.String()
    value = graphene.String()
    translation = graphene.Field(
        AttributeValueTranslation, language_code=graphene.Argument(LanguageCodeEnum, required=True)
    )

    @staticmethod
    def resolve_id(value, _info):
        return graphene.Node.to_global_id("AttributeValue", f"{value.attribute_slug}:{value.slug}")

    @staticmethod
    def resolve_value(value, _info):
        return value.name

    @staticmethod
    def resolve_translation(value, _info, language_code):
        return value.translations.attribute(value.name, _code(language_code))


class SelectedAttribute(graphene.ObjectType):
    attribute = graphene.Field(Attribute, required=True)
    values = graphene.List(graphene.NonNull(AttributeValue), required=True)


class _Named:
    """A plain holder for an attribute or value built from a product's `name → value` pairs."""

    def __init__(self, name: str, translations, attribute_slug: str = "") -> None:
        self.name = name
        self.slug = slugify(name)
        self.attribute_slug = attribute_slug
        self.translations = translations


def _selected(name: str, value: str, translations) -> SelectedAttribute:
    attribute = _Named(str(name), translations)
    return SelectedAttribute(
        attribute=attribute, values=[_Named(str(value), translations, attribute_slug=attribute.slug)]
    )


PACKAGING_ATTRIBUTE = "Quy cách"


class ProductVariant(graphene.ObjectType):
    id = graphene.ID(required=True)
    sku = graphene.String(required=True)
    name = graphene.String(required=True)
    gtin = graphene.String(description="14 digits (GTIN-14 form) when the producer registered one.")
    weight_grams = graphene.Int()
    product = graphene.Field(lambda: Product, required=True)
    pricing = graphene.Field(VariantPricingInfo)
    quantity_available = graphene.Int(required=True, description="Units that can still be ordered.")
    attributes = graphene.List(
        graphene.NonNull(SelectedAttribute),
        required=True,
        variant_selection=VariantAttributeScope(),
        description=f"The packaging (`{PACKAGING_ATTRIBUTE}`) the variant's name states, when it has one.",
    )
    media = graphene.List(
        graphene.NonNull(ProductMedia), description="Variants share their product's photos."
    )
    channel_listings = graphene.List(
        graphene.NonNull(VariantChannelListingType), description="Every channel's price; stall members only."
    )
    stocks = graphene.List(graphene.NonNull(Stock), description="Stock per warehouse; stall members only.")

    @staticmethod
    def resolve_id(variant, _info):
        return graphene.Node.to_global_id("ProductVariant", variant.pk)

    @staticmethod
    def resolve_pricing(variant, _info):
        listing = _listing(variant)
        if listing is None:
            return None
        return VariantPricingInfo(price=_taxed(listing.price_amount, listing.currency))

    @staticmethod
    def resolve_quantity_available(variant, _info):
        return sum(max(s.quantity - s.quantity_allocated, 0) for s in variant.stocks.all())

    @staticmethod
    def resolve_attributes(variant, _info, variant_selection=None):
        if not variant.name:
            return []
        return [_selected(PACKAGING_ATTRIBUTE, variant.name, translations_for(variant.product))]

    @staticmethod
    def resolve_media(variant, _info):
        return list(variant.product.media.all())

    @staticmethod
    def resolve_channel_listings(variant, _info):
        return list(variant.listings.all()) if variant.product.gql_member else None

    @staticmethod
    def resolve_stocks(variant, _info):
        return list(variant.stocks.all()) if variant.product.gql_member else None


class ProductVariantCountableConnection(CountableConnection):
    class Meta:
        node = ProductVariant


class AttributePair(graphene.ObjectType):
    """One of a product's `name → value` attributes as plain text (the shape before Saleor's)."""

    name = graphene.String(required=True)
    value = graphene.String(required=True)


class Product(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    description = graphene.String(required=True, description="Sanitised HTML.")
    seo_title = graphene.String()
    seo_description = graphene.String()
    category = graphene.Field(Category, required=True)
    stall = graphene.Field(Stall, required=True)
    origin_province = graphene.Field(Province)
    origin_commune_code = graphene.Int()
    attributes = graphene.List(graphene.NonNull(SelectedAttribute), required=True)
    attribute_pairs = graphene.List(
        graphene.NonNull(AttributePair), required=True, description="The attributes as `name`/`value` text."
    )
    ocop_badge = graphene.Field(
        OcopBadge, description="Shown only while the certificate is verified and valid."
    )
    channel = graphene.String(required=True, description="The channel prices and availability are for.")
    created = graphene.DateTime(required=True)
    updated = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    thumbnail = graphene.Field(
        Image, size=graphene.Int(description="Nearest of 64, 256, 512, 1024."), format=ThumbnailFormatEnum()
    )
    media = graphene.List(graphene.NonNull(ProductMedia), required=True)
    variants = graphene.List(graphene.NonNull(ProductVariant), required=True)
    product_variants = graphene.Field(
        ProductVariantCountableConnection,
        required=True,
        description="`variants`, paged.",
        **connection_args(),
    )
    pricing = graphene.Field(ProductPricingInfo)
    is_available = graphene.Boolean(required=True, description="Some published variant has stock.")
    is_available_for_purchase = graphene.Boolean(description="Some variant is published in the channel.")
    rating = graphene.Float(description="Mean stars from verified buyers' reviews; null without reviews.")
    rating_summary = graphene.Field(
        ProductRating, required=True, description="Mean stars and how many verified buyers' reviews."
    )
    collections = graphene.List(
        graphene.NonNull(lambda: Collection), description="Collections of the channel holding this product."
    )
    translation = graphene.Field(
        ProductTranslation, language_code=graphene.Argument(LanguageCodeEnum, required=True)
    )
    metadata = graphene.List(graphene.NonNull(MetadataItem), required=True)

    @staticmethod
    def resolve_id(product, _info):
        return graphene.Node.to_global_id("Product", product.pk)

    @staticmethod
    def resolve_seo_title(product, _info):
        return product.name

    @staticmethod
    def resolve_seo_description(product, _info):
        return seo_description(product.description) or None

    @staticmethod
    def resolve_origin_province(product, _info):
        return province_by_code(product.origin_province_code) if product.origin_province_code else None

    @staticmethod
    def resolve_attributes(product, _info):
        translations = translations_for(product)
        return [_selected(k, v, translations) for k, v in (product.attributes or {}).items()]

    @staticmethod
    def resolve_attribute_pairs(product, _info):
        return [AttributePair(name=k, value=v) for k, v in (product.attributes or {}).items()]

    @staticmethod
    def resolve_ocop_badge(product, _info):
        certificate = product.ocop_certificate
        if certificate is None or not certificate.badge_visible():
            return None
        return certificate

    @staticmethod
    def resolve_channel(product, _info):
        return product.gql_channel.slug

    @staticmethod
    def resolve_created(product, _info):
        return product.created_at

    @staticmethod
    def resolve_updated(product, _info):
        return product.updated_at

    @staticmethod
    def resolve_updated_at(product, _info):
        return product.updated_at

    @staticmethod
    def resolve_thumbnail(product, info, size=None, format=None):  # noqa: A002
        media = product.media.all()
        if not media:
            return None
        first = media[0]
        return Image(url=_absolute(info, thumbnail_path(first.pk, size)), alt=first.alt or product.name)

    @staticmethod
    def resolve_media(product, _info):
        return list(product.media.all())

    @staticmethod
    def resolve_variants(product, _info):
        variants = list(product.variants.all())
        if product.gql_member:
            return variants
        return [v for v in variants if _listing(v) is not None]

    @staticmethod
    def resolve_product_variants(product, info, **page):
        return connection_page(
            Product.resolve_variants(product, info), ProductVariantCountableConnection, **page
        )

    @staticmethod
    def resolve_pricing(product, _info):
        prices = [
            (listing.price_amount, listing.currency)
            for v in product.variants.all()
            if (listing := _listing(v))
        ]
        if not prices:
            return None
        low, high = min(prices), max(prices)
        return ProductPricingInfo(price_range=TaxedMoneyRange(start=_taxed(*low), stop=_taxed(*high)))

    @staticmethod
    def resolve_rating(product, _info):
        average = product_rating(product).average
        return float(average) if average is not None else None

    @staticmethod
    def resolve_rating_summary(product, _info):
        return product_rating(product)

    @staticmethod
    def resolve_is_available(product, _info):
        return any(
            _listing(v) is not None and ProductVariant.resolve_quantity_available(v, None) > 0
            for v in product.variants.all()
        )

    @staticmethod
    def resolve_is_available_for_purchase(product, _info):
        return any(_listing(v) is not None for v in product.variants.all())

    @staticmethod
    def resolve_collections(product, _info):
        return list(
            selectors.collections_visible(channel=product.gql_channel).filter(entries__product=product)
        )

    @staticmethod
    def resolve_translation(product, _info, language_code):
        return translations_for(product).product(product, _code(language_code))

    @staticmethod
    def resolve_metadata(_product, _info):
        return []


class ProductCountableConnection(CountableConnection):
    class Meta:
        node = Product


class Collection(graphene.ObjectType):
    """A curated list of products, shown in the channels it is published in."""

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    description = graphene.String(description="Sanitised HTML.")
    seo_title = graphene.String()
    seo_description = graphene.String()
    channel = graphene.String(description="The channel the collection was asked in.")
    background_image = graphene.Field(Image, size=graphene.Int(), format=ThumbnailFormatEnum())
    products = graphene.Field(
        ProductCountableConnection,
        filter=ProductFilterInput(),
        where=ProductWhereInput(),
        sort_by=ProductOrder(),
        search=graphene.String(),
        description="The collection's products on sale, in the curated order unless `sortBy` says otherwise.",
        **connection_args(),
    )
    translation = graphene.Field(
        CollectionTranslation, language_code=graphene.Argument(LanguageCodeEnum, required=True)
    )
    metadata = graphene.List(graphene.NonNull(MetadataItem), required=True)

    @staticmethod
    def resolve_id(collection, _info):
        return graphene.Node.to_global_id("Collection", collection.pk)

    @staticmethod
    def resolve_seo_title(collection, _info):
        return collection.name

    @staticmethod
    def resolve_seo_description(collection, _info):
        return seo_description(collection.description) or None

    @staticmethod
    def resolve_channel(collection, _info):
        return collection.gql_channel.slug

    @staticmethod
    def resolve_background_image(collection, info, size=None, format=None):  # noqa: A002
        if not collection.background_image:
            return None
        return Image(
            url=_absolute(info, collection.background_image.url), alt=collection.background_image_alt
        )

    @staticmethod
    def resolve_products(collection, info, **kwargs):
        return collection_products_page(collection, info, **kwargs)

    @staticmethod
    def resolve_translation(collection, _info, language_code):
        row = _translation_row(collection, _code(language_code))
        if row is not None:
            row.collection = collection
        return row

    @staticmethod
    def resolve_metadata(_collection, _info):
        return []


class CollectionCountableConnection(CountableConnection):
    class Meta:
        node = Collection


def collection_products_page(collection, info, *, filter=None, where=None, sort_by=None, search=None, **page):  # noqa: A002
    products = products_for_arguments(
        channel=collection.gql_channel,
        filter=filter,
        where=where,
        sort_by=sort_by,
        search=search,
        collection=collection,
    )
    return product_connection(products, channel=collection.gql_channel, **page)


def collection_context(collections: list, *, channel: ChannelModel) -> list:
    """Tag each collection with the channel it was asked in (its products are priced there)."""
    for collection in collections:
        collection.gql_channel = channel
    return collections


def product_connection(products: QuerySet, *, channel: ChannelModel, member: bool = False, **page):
    """A page of products with their relations planned and their context tagged."""
    return connection_page(
        product_prefetch(products, channel=channel, member=member),
        ProductCountableConnection,
        prepare=lambda items: product_context(items, channel=channel, member=member),
        **page,
    )


def product_prefetch(products: QuerySet, *, channel: ChannelModel, member: bool) -> QuerySet:
    """Plan the relations a product page needs, so fields never query per product.

    The public view loads only the requested channel's published listings; a member also sees
    unpublished listings and every channel's prices.
    """
    listings = VariantChannelListing.objects.select_related("channel")
    if not member:
        listings = listings.filter(channel=channel, is_published=True)
    return products.select_related("category__parent", "stall", "ocop_certificate").prefetch_related(
        Prefetch("media", queryset=ProductMediaModel.objects.order_by("sort_order", "pk")),
        Prefetch("variants", queryset=ProductVariantModel.objects.order_by("sort_order", "pk")),
        Prefetch("variants__listings", queryset=listings),
        Prefetch("variants__stocks", queryset=StockModel.objects.select_related("warehouse")),
    )


def product_context(products: list, *, channel: ChannelModel, member: bool) -> list:
    """Tag each fetched product with the channel it was asked in and the caller's view of it."""
    for product in products:
        product.gql_channel = channel
        product.gql_member = member
    return translations_attach(product_ratings_attach(products))
