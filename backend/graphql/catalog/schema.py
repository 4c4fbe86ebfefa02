"""Catalog queries: products (search, filters, sort), product, categories, channels, a member's own."""

import graphene
from graphql import GraphQLError

from backend.catalog import selectors
from backend.core.text import fold
from backend.graphql.catalog.types import (
    Category,
    Channel,
    Product,
    ProductCountableConnection,
    Warehouse,
    product_context,
    product_prefetch,
)
from backend.graphql.core.connection import OrderDirection, connection_args, connection_page, decode_id
from backend.graphql.core.permissions import is_member
from backend.graphql.core.types import PermissionDenied, require_list_bound


class PriceRangeInput(graphene.InputObjectType):
    gte = graphene.Decimal(description="Cheapest published variant at least this much.")
    lte = graphene.Decimal(description="Cheapest published variant at most this much.")


class ProductFilterInput(graphene.InputObjectType):
    search = graphene.String(description="Accent-insensitive words: `keo dua` finds `Kẹo dừa`.")
    categories = graphene.List(graphene.NonNull(graphene.ID), description="Includes their subcategories.")
    provinces = graphene.List(graphene.NonNull(graphene.Int), description="Origin province codes (2025).")
    ocop_stars = graphene.List(graphene.NonNull(graphene.Int), description="Verified, unexpired OCOP stars.")
    price = graphene.Field(PriceRangeInput)
    stalls = graphene.List(graphene.NonNull(graphene.ID))
    in_stock = graphene.Boolean()


class ProductOrderField(graphene.Enum):
    NAME = "name"
    PRICE = "price"
    CREATED_AT = "created_at"
    RANK = "rank"

    @property
    def description(self):
        if self == ProductOrderField.RANK:
            return (
                "Relevance to `filter.search`, best match first whatever the direction; the default "
                "when a search is given, and only available with one."
            )
        return None


class ProductOrder(graphene.InputObjectType):
    field = ProductOrderField(required=True)
    direction = OrderDirection(required=True)


def channel_or_error(slug: str | None):
    channel = selectors.channel_for_slug(slug)
    if channel is None:
        raise GraphQLError(f"Channel {slug!r} does not exist.", extensions={"code": "CHANNEL_NOT_FOUND"})
    return channel


def _ids(values, type_name: str, field: str) -> list[int]:
    require_list_bound(values, field)
    ids = [decode_id(v, type_name) for v in values or []]
    if None in ids:
        raise GraphQLError(
            f"`{field}` holds an ID that is not a {type_name}.", extensions={"code": "INVALID_ID"}
        )
    return ids


def _sort(sort_by, *, searching: bool) -> tuple[str | None, bool]:
    if not sort_by:
        # The selector ranks a search by relevance and sorts a plain listing by name.
        return None, False
    if sort_by.field == ProductOrderField.RANK.value:
        if not searching:
            raise GraphQLError("Sorting by RANK needs filter.search.", extensions={"code": "INVALID_SORT"})
        return "relevance", False
    descending = sort_by.direction == OrderDirection.DESC.value
    if sort_by.field == ProductOrderField.PRICE.value:
        return "price", descending
    if sort_by.field == ProductOrderField.CREATED_AT.value:
        # The selector's "newest" sort reads newest first; ascending creation time is its reverse.
        return "newest", not descending
    return "name", descending


class CatalogQueries(graphene.ObjectType):
    products = graphene.Field(
        ProductCountableConnection,
        required=True,
        channel=graphene.String(description="Channel slug; `vn` when not given."),
        filter=ProductFilterInput(),
        sort_by=ProductOrder(description="By relevance (RANK) when `filter.search` is given, else by name."),
        description="Products on sale in a channel: approved stalls, published variants.",
        **connection_args(),
    )
    product = graphene.Field(
        Product,
        id=graphene.ID(),
        slug=graphene.String(),
        channel=graphene.String(),
        description="A product on sale, or one of the caller's own stall (published or not).",
    )
    my_products = graphene.Field(
        ProductCountableConnection,
        required=True,
        stall=graphene.ID(description="Only this one of the caller's stalls."),
        search=graphene.String(),
        channel=graphene.String(description="Channel whose prices `pricing` shows; `vn` by default."),
        description="Every product of the stalls the caller belongs to, newest first.",
        **connection_args(),
    )
    my_warehouses = graphene.List(
        graphene.NonNull(Warehouse),
        required=True,
        stall=graphene.ID(),
        description="The caller's warehouses.",
    )
    categories = graphene.List(
        graphene.NonNull(Category),
        required=True,
        top_level=graphene.Boolean(description="Only the roots of the tree."),
    )
    category = graphene.Field(Category, slug=graphene.String(), id=graphene.ID())
    channels = graphene.List(graphene.NonNull(Channel), required=True)

    @staticmethod
    def resolve_products(_root, info, channel=None, filter=None, sort_by=None, **page):  # noqa: A002
        current = channel_or_error(channel)
        filter = filter or {}  # noqa: A001
        price = filter.get("price") or {}
        require_list_bound(filter.get("provinces"), "filter.provinces")
        require_list_bound(filter.get("ocop_stars"), "filter.ocopStars")
        sort, descending = _sort(sort_by, searching=bool((filter.get("search") or "").strip()))
        products = selectors.product_search(
            channel=current,
            search=filter.get("search"),
            categories=_ids(filter.get("categories"), "Category", "filter.categories"),
            province_codes=filter.get("provinces"),
            ocop_stars=filter.get("ocop_stars"),
            price_min=price.get("gte"),
            price_max=price.get("lte"),
            stall_ids=_ids(filter.get("stalls"), "Stall", "filter.stalls"),
            in_stock=filter.get("in_stock"),
            sort=sort,
            descending=descending,
        )
        return connection_page(
            product_prefetch(products, channel=current, member=False),
            ProductCountableConnection,
            prepare=lambda items: product_context(items, channel=current, member=False),
            **page,
        )

    @staticmethod
    def resolve_product(_root, info, id=None, slug=None, channel=None):  # noqa: A002
        if not id and not slug:
            raise GraphQLError("Give `id` or `slug`.", extensions={"code": "REQUIRED"})
        current = channel_or_error(channel)
        pk = decode_id(id, "Product") if id else None
        if id and pk is None:
            return None
        lookup = {"pk": pk} if pk is not None else {"slug": slug}
        own = product_prefetch(
            selectors.products_for_member(user=info.context.user), channel=current, member=True
        ).filter(**lookup)
        for product in own[:1]:
            return product_context([product], channel=current, member=True)[0]
        visible = product_prefetch(selectors.products_visible(channel=current), channel=current, member=False)
        for product in visible.filter(**lookup)[:1]:
            return product_context([product], channel=current, member=False)[0]
        return None

    @staticmethod
    def resolve_my_products(_root, info, stall=None, search=None, channel=None, **page):
        user = info.context.user
        if not is_member(user):
            raise PermissionDenied()
        current = channel_or_error(channel)
        products = selectors.products_for_member(user=user)
        if stall:
            products = products.filter(stall_id=decode_id(stall, "Stall"))
        for word in fold(search or "").split()[:10]:
            products = products.filter(search_document__contains=word)
        return connection_page(
            product_prefetch(products.order_by("-created_at", "-pk"), channel=current, member=True),
            ProductCountableConnection,
            prepare=lambda items: product_context(items, channel=current, member=True),
            **page,
        )

    @staticmethod
    def resolve_my_warehouses(_root, info, stall=None):
        user = info.context.user
        if not is_member(user):
            raise PermissionDenied()
        warehouses = selectors.warehouses_for_member(user=user)
        if stall:
            warehouses = warehouses.filter(stall_id=decode_id(stall, "Stall"))
        return list(warehouses[:100])

    @staticmethod
    def resolve_categories(_root, _info, top_level=False):
        categories = selectors.categories_all().prefetch_related("children")
        if top_level:
            categories = categories.filter(parent__isnull=True)
        return list(categories.select_related("parent")[:100])

    @staticmethod
    def resolve_category(_root, _info, slug=None, id=None):  # noqa: A002
        if id:
            pk = decode_id(id, "Category")
            return selectors.categories_all().filter(pk=pk).first() if pk else None
        return selectors.category_by_slug(slug) if slug else None

    @staticmethod
    def resolve_channels(_root, _info):
        return list(selectors.channels_active())
