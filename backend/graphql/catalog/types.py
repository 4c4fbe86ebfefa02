"""GraphQL types of the catalog, in Saleor's shapes (Money, TaxedMoney, pricing, thumbnail(size:)).

Products reach these types through the resolvers in `schema.py`, which fetch a page with its
relations planned up front (`product_prefetch`) and tag each product with the channel it was asked
for and whether the caller sees it as a member of its stall (`product_context`). Field resolvers
then only read prefetched data, so a page costs the same number of queries whatever its size.
"""

from decimal import Decimal

import graphene
from django.db.models import Prefetch, QuerySet

from backend.catalog.models import Channel as ChannelModel
from backend.catalog.models import ProductMedia as ProductMediaModel
from backend.catalog.models import ProductVariant as ProductVariantModel
from backend.catalog.models import Stock as StockModel
from backend.catalog.models import VariantChannelListing
from backend.catalog.thumbnails import thumbnail_path
from backend.graphql.core.connection import CountableConnection
from backend.graphql.core.money import Money
from backend.graphql.regions.schema import Province
from backend.graphql.reviews.dataloaders import product_rating, product_ratings_attach
from backend.graphql.reviews.types import ProductRating
from backend.graphql.stalls.types import OcopBadge, Stall
from backend.regions.selectors import province_by_code


class TaxedMoney(graphene.ObjectType):
    """Prices here are tax-inclusive consumer prices, so gross and net carry the same amount."""

    currency = graphene.String(required=True)
    gross = graphene.Field(Money, required=True)
    net = graphene.Field(Money, required=True)


def _taxed(amount: Decimal, currency: str) -> TaxedMoney:
    money = Money(amount=float(amount), currency=currency)
    return TaxedMoney(currency=currency, gross=money, net=money)


class TaxedMoneyRange(graphene.ObjectType):
    start = graphene.Field(TaxedMoney)
    stop = graphene.Field(TaxedMoney)


class VariantPricingInfo(graphene.ObjectType):
    price = graphene.Field(TaxedMoney, description="The variant's price in the requested channel.")


class ProductPricingInfo(graphene.ObjectType):
    price_range = graphene.Field(TaxedMoneyRange, description="Cheapest and dearest published variant.")


class Channel(graphene.ObjectType):
    id = graphene.ID(required=True)
    slug = graphene.String(required=True)
    name = graphene.String(required=True)
    currency_code = graphene.String(required=True)

    @staticmethod
    def resolve_id(channel, _info):
        return graphene.Node.to_global_id("Channel", channel.pk)


class Category(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    name_en = graphene.String(required=True)
    slug = graphene.String(required=True)
    description = graphene.String(required=True)
    parent = graphene.Field(lambda: Category)
    children = graphene.List(graphene.NonNull(lambda: Category), required=True)

    @staticmethod
    def resolve_id(category, _info):
        return graphene.Node.to_global_id("Category", category.pk)

    @staticmethod
    def resolve_children(category, _info):
        return list(category.children.all())


class Image(graphene.ObjectType):
    url = graphene.String(required=True)
    alt = graphene.String()


def _absolute(info, path: str) -> str:
    return info.context.build_absolute_uri(path)


class ProductMedia(graphene.ObjectType):
    id = graphene.ID(required=True)
    alt = graphene.String(required=True)
    sort_order = graphene.Int(required=True)
    width = graphene.Int(required=True)
    height = graphene.Int(required=True)
    url = graphene.String(
        required=True,
        size=graphene.Int(description="Give a size for a WebP thumbnail instead of the original."),
    )
    thumbnail = graphene.Field(Image, size=graphene.Int(description="Nearest of 64, 256, 512, 1024."))

    @staticmethod
    def resolve_id(media, _info):
        return graphene.Node.to_global_id("ProductMedia", media.pk)

    @staticmethod
    def resolve_url(media, info, size=None):
        if size:
            return _absolute(info, thumbnail_path(media.pk, size))
        return _absolute(info, media.image.url)

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


class ProductVariant(graphene.ObjectType):
    id = graphene.ID(required=True)
    sku = graphene.String(required=True)
    name = graphene.String(required=True)
    gtin = graphene.String(description="14 digits (GTIN-14 form) when the producer registered one.")
    weight_grams = graphene.Int()
    pricing = graphene.Field(VariantPricingInfo)
    quantity_available = graphene.Int(required=True, description="Units that can still be ordered.")
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
    def resolve_channel_listings(variant, _info):
        return list(variant.listings.all()) if variant.product.gql_member else None

    @staticmethod
    def resolve_stocks(variant, _info):
        return list(variant.stocks.all()) if variant.product.gql_member else None


class AttributeValue(graphene.ObjectType):
    name = graphene.String(required=True)
    value = graphene.String(required=True)


class Product(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    description = graphene.String(required=True, description="Sanitised HTML.")
    category = graphene.Field(Category, required=True)
    stall = graphene.Field(Stall, required=True)
    origin_province = graphene.Field(Province)
    origin_commune_code = graphene.Int()
    attributes = graphene.List(graphene.NonNull(AttributeValue), required=True)
    ocop_badge = graphene.Field(
        OcopBadge, description="Shown only while the certificate is verified and valid."
    )
    channel = graphene.String(required=True, description="The channel prices and availability are for.")
    created = graphene.DateTime(required=True)
    updated = graphene.DateTime(required=True)
    thumbnail = graphene.Field(Image, size=graphene.Int(description="Nearest of 64, 256, 512, 1024."))
    media = graphene.List(graphene.NonNull(ProductMedia), required=True)
    variants = graphene.List(graphene.NonNull(ProductVariant), required=True)
    pricing = graphene.Field(ProductPricingInfo)
    is_available = graphene.Boolean(required=True, description="Some published variant has stock.")
    rating = graphene.Field(ProductRating, required=True, description="Stars from verified buyers' reviews.")

    @staticmethod
    def resolve_id(product, _info):
        return graphene.Node.to_global_id("Product", product.pk)

    @staticmethod
    def resolve_origin_province(product, _info):
        return province_by_code(product.origin_province_code) if product.origin_province_code else None

    @staticmethod
    def resolve_attributes(product, _info):
        return [AttributeValue(name=k, value=v) for k, v in (product.attributes or {}).items()]

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
    def resolve_thumbnail(product, info, size=None):
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
        return product_rating(product)

    @staticmethod
    def resolve_is_available(product, _info):
        return any(
            _listing(v) is not None and ProductVariant.resolve_quantity_available(v, None) > 0
            for v in product.variants.all()
        )


class ProductCountableConnection(CountableConnection):
    class Meta:
        node = Product


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
    return product_ratings_attach(products)
