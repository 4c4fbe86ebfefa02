"""Scoped catalog reads: a stall member's own products, and what the marketplace shows per channel."""

from decimal import Decimal
from functools import reduce
from operator import or_

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from backend.accounts.models import User
from backend.catalog.models import (
    AttributeTranslation,
    Category,
    CategoryTranslation,
    Channel,
    Collection,
    CollectionProduct,
    CollectionTranslation,
    Product,
    ProductMedia,
    ProductTranslation,
    ProductVariant,
    Stock,
    VariantChannelListing,
    Warehouse,
)
from backend.catalog.search import RELEVANCE_ORDERING, SearchQuery, products_matching
from backend.core.text import fold
from backend.stalls.models import OCOP_VALIDITY_MONTHS, CertificateStatus, Stall, StallStatus

SORT_FIELDS = ("relevance", "name", "price", "newest")


def channel_for_slug(slug: str | None) -> Channel | None:
    """The active channel `slug`, or the default channel when `slug` is empty."""
    return Channel.objects.filter(slug=slug or settings.DEFAULT_CHANNEL, is_active=True).first()


def channels_active() -> QuerySet[Channel]:
    return Channel.objects.filter(is_active=True).order_by("pk")


def categories_all() -> QuerySet[Category]:
    return Category.objects.all()


def category_by_slug(slug: str) -> Category | None:
    return Category.objects.filter(slug=slug).first()


def categories_matching(
    *,
    slugs: list[str] | None = None,
    ids: list[int] | None = None,
    search: str | None = None,
    level: int | None = None,
) -> QuerySet[Category]:
    """Categories by slug, id, folded words of the Vietnamese or English name, and tree depth (0 = roots)."""
    categories = Category.objects.select_related("parent__parent")
    if slugs is not None:
        categories = categories.filter(slug__in=slugs)
    if ids is not None:
        categories = categories.filter(pk__in=ids)
    if level is not None:
        depth = level
        categories = categories.filter(**{"parent__" * depth + "parent__isnull": True})
        if depth:
            categories = categories.filter(**{"parent__" * (depth - 1) + "parent__isnull": False})
    words = [w for w in fold(search or "").split() if w][:10]
    if words:
        matching = [
            c.pk for c in Category.objects.all() if all(w in fold(f"{c.name} {c.name_en}") for w in words)
        ]
        categories = categories.filter(pk__in=matching)
    return categories.order_by("sort_order", "name", "pk")


def category_level(category: Category) -> int:
    """Depth in the tree: 0 for a root (walks `parent`, which callers select_related)."""
    level, node = 0, category.parent
    while node is not None:
        level, node = level + 1, node.parent
    return level


def collections_visible(*, channel: Channel) -> QuerySet[Collection]:
    """Collections published in `channel`."""
    return Collection.objects.filter(
        channel_listings__channel=channel, channel_listings__is_published=True
    ).order_by("sort_order", "name", "pk")


def collection_visible(*, channel: Channel, slug: str | None = None, collection_id: int | None = None):
    collections = collections_visible(channel=channel)
    if collection_id is not None:
        return collections.filter(pk=collection_id).first()
    return collections.filter(slug=slug).first() if slug else None


def products_in_collection_order(
    products: QuerySet[Product], *, collection: Collection, descending: bool = False
) -> QuerySet[Product]:
    """`products` in `collection`'s curated order (its entries' sort order, then id)."""
    position = CollectionProduct.objects.filter(collection=collection, product=OuterRef("pk")).values(
        "sort_order"
    )[:1]
    products = products.annotate(collection_position=Subquery(position))
    if descending:
        return products.order_by(F("collection_position").desc(nulls_last=True), "-pk")
    return products.order_by(F("collection_position").asc(nulls_last=True), "pk")


def _member_stalls(user: User | AnonymousUser) -> QuerySet[Stall]:
    if not user.is_authenticated or not user.is_active:
        return Stall.objects.none()
    return Stall.objects.filter(members__user=user)


def products_for_stall(*, stall: Stall) -> QuerySet[Product]:
    """Every product of `stall`, published or not (for its own members)."""
    return Product.objects.filter(stall=stall).select_related("category", "stall", "ocop_certificate")


def products_for_member(*, user: User | AnonymousUser) -> QuerySet[Product]:
    """Products of every stall the user belongs to."""
    return Product.objects.filter(stall__in=_member_stalls(user)).select_related(
        "category", "stall", "ocop_certificate"
    )


def product_for_member(*, user: User | AnonymousUser, product_id: int) -> Product | None:
    """The product if it belongs to a stall the user is a member of, else None."""
    return products_for_member(user=user).filter(pk=product_id).first()


def variant_for_member(*, user: User | AnonymousUser, variant_id: int) -> ProductVariant | None:
    return (
        ProductVariant.objects.filter(pk=variant_id, stall__in=_member_stalls(user))
        .select_related("product", "stall")
        .first()
    )


def media_for_member(*, user: User | AnonymousUser, media_id: int) -> ProductMedia | None:
    return ProductMedia.objects.filter(pk=media_id, product__stall__in=_member_stalls(user)).first()


def warehouses_for_stall(*, stall: Stall) -> QuerySet[Warehouse]:
    return Warehouse.objects.filter(stall=stall).order_by("name", "pk")


def warehouse_for_member(*, user: User | AnonymousUser, warehouse_id: int) -> Warehouse | None:
    return Warehouse.objects.filter(pk=warehouse_id, stall__in=_member_stalls(user)).first()


def _published_listings(channel: Channel) -> QuerySet[VariantChannelListing]:
    return VariantChannelListing.objects.filter(channel=channel, is_published=True)


def products_visible(*, channel: Channel) -> QuerySet[Product]:
    """What the marketplace shows in `channel`: products of approved stalls with a published variant."""
    listed = _published_listings(channel).filter(variant__product=OuterRef("pk"))
    return (
        Product.objects.filter(stall__status=StallStatus.APPROVED)
        .filter(Exists(listed))
        .select_related("category", "stall", "ocop_certificate")
    )


def product_visible(
    *, channel: Channel, product_id: int | None = None, slug: str | None = None
) -> Product | None:
    products = products_visible(channel=channel)
    if product_id is not None:
        return products.filter(pk=product_id).first()
    return products.filter(slug=slug).first() if slug else None


def products_in_season(*, channel: Channel, month: int) -> QuerySet[Product]:
    """Visible products harvested in `month` (1–12); all-year products (no months) are not included."""
    # One test per list position works on SQLite and PostgreSQL alike (JSON `contains` does not).
    harvested = reduce(or_, (Q(**{f"harvest_months__{i}": month}) for i in range(12)))
    return products_visible(channel=channel).filter(harvested)


def _with_min_price(products: QuerySet[Product], channel: Channel) -> QuerySet[Product]:
    cheapest = (
        _published_listings(channel)
        .filter(variant__product=OuterRef("pk"))
        .order_by("price_amount")
        .values("price_amount")[:1]
    )
    return products.annotate(min_price=Subquery(cheapest))


def _category_ids_with_descendants(categories) -> list[int]:
    """Filtering by "fresh fruit" also matches lychee and pomelo below it."""
    ids = {c.pk if isinstance(c, Category) else int(c) for c in categories}
    frontier = set(ids)
    while frontier:
        frontier = set(Category.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - ids
        ids |= frontier
    return sorted(ids)


def products_in_categories(products: QuerySet[Product], *, categories) -> QuerySet[Product]:
    """Narrow `products` to `categories` (Category rows or ids) and every category below them."""
    return products.filter(category_id__in=_category_ids_with_descendants(categories))


def products_with_stock(
    products: QuerySet[Product], *, in_stock: bool, channel: Channel | None = None
) -> QuerySet[Product]:
    """Narrow `products` to those with (or, `in_stock=False`, without) units not yet promised to orders.

    With `channel`, only variants published there count (what a buyer can order); without it, every
    variant counts (what the stall holds, for its own dashboard).
    """
    available = Exists(_stock_available(channel))
    return products.filter(available if in_stock else ~available)


def _stock_available(channel: Channel | None) -> QuerySet[Stock]:
    available = Stock.objects.filter(variant__product=OuterRef("pk"), quantity__gt=F("quantity_allocated"))
    if channel is not None:
        # One filter() call, so both conditions hold for the same listing row.
        available = available.filter(variant__listings__channel=channel, variant__listings__is_published=True)
    return available


def valid_certificate_q(prefix: str = "ocop_certificate__") -> Q:
    """Verified and not expired: the condition for showing an OCOP badge, as a query."""
    oldest_valid = timezone.localdate() - relativedelta(months=OCOP_VALIDITY_MONTHS)
    return Q(**{f"{prefix}status": CertificateStatus.VERIFIED, f"{prefix}decision_date__gt": oldest_valid})


def product_search(
    *,
    channel: Channel,
    search: str | None = None,
    categories=None,
    province_codes: list[int] | None = None,
    ocop_stars: list[int] | None = None,
    price_min: Decimal | None = None,
    price_max: Decimal | None = None,
    stall_ids: list[int] | None = None,
    in_stock: bool | None = None,
    collection_ids: list[int] | None = None,
    product_ids: list[int] | None = None,
    slugs: list[str] | None = None,
    sort: str | None = None,
    descending: bool = False,
) -> QuerySet[Product]:
    """Marketplace search in `channel`: accent-insensitive words, filters, then one sort order.

    Every word of the folded query must occur in the folded search document ("keo dua" finds
    "Kẹo dừa"); `contains` compiles to LIKE '%…%', which the trigram index serves on PostgreSQL.
    `sort` is one of SORT_FIELDS; without it a search ranks by relevance (`catalog/search.py`,
    best first whatever `descending` says) and a listing without search sorts by name.
    """
    query = SearchQuery.parse(search)
    products = _with_min_price(products_visible(channel=channel), channel)
    if categories:
        products = products_in_categories(products, categories=categories)
    if province_codes:
        products = products.filter(
            Q(origin_province_code__in=province_codes)
            | Q(origin_province_code__isnull=True, stall__province_code__in=province_codes)
        )
    if ocop_stars:
        products = products.filter(valid_certificate_q(), ocop_certificate__stars__in=ocop_stars)
    if price_min is not None:
        products = products.filter(min_price__gte=price_min)
    if price_max is not None:
        products = products.filter(min_price__lte=price_max)
    if stall_ids:
        products = products.filter(stall_id__in=stall_ids)
    if in_stock is not None:
        products = products_with_stock(products, in_stock=in_stock, channel=channel)
    if collection_ids:
        shown = collections_visible(channel=channel).filter(pk__in=collection_ids)
        in_collections = CollectionProduct.objects.filter(product=OuterRef("pk"), collection__in=shown)
        products = products.filter(Exists(in_collections))
    if product_ids is not None:
        products = products.filter(pk__in=product_ids)
    if slugs is not None:
        products = products.filter(slug__in=slugs)
    if query:
        stars = Case(
            When(valid_certificate_q(), then=F("ocop_certificate__stars")),
            default=Value(0),
            output_field=IntegerField(),
        )
        products = products_matching(
            products, query=query, in_stock=Exists(_stock_available(channel)), ocop_stars=stars
        )
    if sort is None:
        sort = "relevance" if query else "name"
    if sort == "relevance" and query:
        return products.order_by(*RELEVANCE_ORDERING)
    return products.order_by(*_ordering(sort, descending))


def _ordering(sort: str, descending: bool) -> list:
    sign = "-" if descending else ""
    if sort == "price":
        price = F("min_price").desc(nulls_last=True) if descending else F("min_price").asc(nulls_last=True)
        return [price, "name", "pk"]
    if sort == "newest":
        # "Newest" reads newest first; descending=True flips it to oldest first.
        return ["created_at" if descending else "-created_at", "-pk" if not descending else "pk"]
    return [f"{sign}name", f"{sign}pk"]


def media_for_thumbnail(*, media_id: int) -> ProductMedia | None:
    """A photo for the thumbnail view; the caller has checked the URL's signature, which is the access."""
    return ProductMedia.objects.filter(pk=media_id).first()


def warehouses_for_member(*, user: User | AnonymousUser) -> QuerySet[Warehouse]:
    return Warehouse.objects.filter(stall__in=_member_stalls(user)).order_by("stall_id", "name", "pk")


def product_translations(*, product_ids: list[int]) -> QuerySet[ProductTranslation]:
    return ProductTranslation.objects.filter(product_id__in=product_ids).select_related("product")


def category_translation(*, category: Category, language_code: str) -> CategoryTranslation | None:
    return (
        CategoryTranslation.objects.filter(category=category, language_code=language_code)
        .select_related("category")
        .first()
    )


def collection_translation(*, collection: Collection, language_code: str) -> CollectionTranslation | None:
    return (
        CollectionTranslation.objects.filter(collection=collection, language_code=language_code)
        .select_related("collection")
        .first()
    )


def attribute_glossary(*, sources) -> QuerySet[AttributeTranslation]:
    """Glossary rows for these attribute names and values, every language."""
    return AttributeTranslation.objects.filter(source__in=list(sources))
