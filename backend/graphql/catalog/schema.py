"""Catalog queries: products (search, filters, sort), product, categories, channels, a member's own."""

import graphene
from graphql import GraphQLError

from backend.catalog import selectors
from backend.core.text import fold
from backend.graphql.catalog.filters import ids_of, product_list_arguments, products_for_arguments
from backend.graphql.catalog.types import (
    Category,
    CategoryCountableConnection,
    Channel,
    Collection,
    CollectionCountableConnection,
    Product,
    ProductCountableConnection,
    ProductVariant,
    Warehouse,
    collection_context,
    product_connection,
    product_context,
    product_prefetch,
)
from backend.graphql.core.connection import connection_args, connection_page, decode_id
from backend.graphql.core.permissions import is_member
from backend.graphql.core.types import PermissionDenied, require_list_bound


def channel_or_error(slug: str | None):
    channel = selectors.channel_for_slug(slug)
    if channel is None:
        raise GraphQLError(f"Channel {slug!r} does not exist.", extensions={"code": "CHANNEL_NOT_FOUND"})
    return channel


class CategoryFilterInput(graphene.InputObjectType):
    search = graphene.String(description="Accent-insensitive words of the Vietnamese or English name.")
    slugs = graphene.List(graphene.NonNull(graphene.String))
    ids = graphene.List(graphene.NonNull(graphene.ID))


class CollectionPublished(graphene.Enum):
    PUBLISHED = "published"
    HIDDEN = "hidden"


class CollectionFilterInput(graphene.InputObjectType):
    published = CollectionPublished(description="Only published collections are shown: HIDDEN finds none.")
    search = graphene.String()
    slugs = graphene.List(graphene.NonNull(graphene.String))
    ids = graphene.List(graphene.NonNull(graphene.ID))


class CatalogQueries(graphene.ObjectType):
    products = graphene.Field(
        ProductCountableConnection,
        required=True,
        channel=graphene.String(description="Channel slug; `vn` when not given."),
        description="Products on sale in a channel: approved stalls, published variants.",
        **product_list_arguments(),
        **connection_args(),
    )
    product = graphene.Field(
        Product,
        id=graphene.ID(),
        slug=graphene.String(),
        channel=graphene.String(),
        description="A product on sale, or one of the caller's own stall (published or not).",
    )
    product_variant = graphene.Field(
        ProductVariant,
        id=graphene.ID(),
        sku=graphene.String(description="SKUs are unique per stall: the first match on sale."),
        channel=graphene.String(),
        description="A variant on sale in the channel, or one of the caller's own stall.",
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
    categories = graphene.Field(
        CategoryCountableConnection,
        filter=CategoryFilterInput(),
        level=graphene.Int(description="Depth in the tree: 0 for top-level categories."),
        description="Categories in Saleor's connection shape.",
        **connection_args(),
    )
    category_list = graphene.List(
        graphene.NonNull(Category),
        required=True,
        top_level=graphene.Boolean(description="Only the roots of the tree."),
        description="Every category as one list (at most 100).",
    )
    category = graphene.Field(Category, slug=graphene.String(), id=graphene.ID())
    channels = graphene.List(graphene.NonNull(Channel), required=True)
    channel = graphene.Field(
        Channel, slug=graphene.String(), id=graphene.ID(), description="An active channel; null when unknown."
    )
    collections = graphene.Field(
        CollectionCountableConnection,
        channel=graphene.String(description="Channel slug; `vn` when not given."),
        filter=CollectionFilterInput(),
        description="Curated collections published in the channel.",
        **connection_args(),
    )
    collection = graphene.Field(
        Collection, id=graphene.ID(), slug=graphene.String(), channel=graphene.String()
    )

    @staticmethod
    def resolve_products(
        _root,
        info,
        channel=None,
        filter=None,
        where=None,
        sort_by=None,
        search=None,
        ids=None,
        **page,  # noqa: A002
    ):
        current = channel_or_error(channel)
        products = products_for_arguments(
            channel=current, filter=filter, where=where, sort_by=sort_by, search=search, ids=ids
        )
        return product_connection(products, channel=current, **page)

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
    def resolve_product_variant(_root, info, id=None, sku=None, channel=None):  # noqa: A002
        if bool(id) == bool(sku):
            raise GraphQLError("Give exactly one of `id` or `sku`.", extensions={"code": "REQUIRED"})
        pk = decode_id(id, "ProductVariant") if id else None
        if id and pk is None:
            return None
        lookup = {"variants__pk": pk} if pk is not None else {"variants__sku": sku}
        current = channel_or_error(channel)
        own = selectors.products_for_member(user=info.context.user).filter(**lookup)
        visible = selectors.products_visible(channel=current).filter(**lookup)
        for queryset in (own, visible):
            for product_pk in queryset.order_by("pk").values_list("pk", flat=True)[:1]:
                product = CatalogQueries.resolve_product(
                    _root, info, id=str(product_pk), channel=current.slug
                )
                for variant in Product.resolve_variants(product, info) if product else []:
                    if variant.pk == pk or (sku and variant.sku == sku):
                        return variant
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
    def resolve_categories(_root, _info, filter=None, level=None, **page):  # noqa: A002
        filter = filter or {}  # noqa: A001
        require_list_bound(filter.get("slugs"), "filter.slugs")
        categories = selectors.categories_matching(
            slugs=filter.get("slugs"),
            ids=ids_of(filter.get("ids"), "Category", "filter.ids")
            if filter.get("ids") is not None
            else None,
            search=filter.get("search"),
            level=level,
        )
        return connection_page(
            categories.prefetch_related("children", "translations"), CategoryCountableConnection, **page
        )

    @staticmethod
    def resolve_category_list(_root, _info, top_level=False):
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

    @staticmethod
    def resolve_channel(_root, _info, slug=None, id=None):  # noqa: A002
        channels = selectors.channels_active()
        if id:
            pk = decode_id(id, "Channel")
            return channels.filter(pk=pk).first() if pk else None
        return channels.filter(slug=slug).first() if slug else None

    @staticmethod
    def resolve_collections(_root, _info, channel=None, filter=None, **page):  # noqa: A002
        current = channel_or_error(channel)
        filter = filter or {}  # noqa: A001
        collections = selectors.collections_visible(channel=current)
        if filter.get("published") == CollectionPublished.HIDDEN.value:
            collections = collections.none()
        if filter.get("slugs") is not None:
            require_list_bound(filter.get("slugs"), "filter.slugs")
            collections = collections.filter(slug__in=filter["slugs"])
        if filter.get("ids") is not None:
            collections = collections.filter(pk__in=ids_of(filter["ids"], "Collection", "filter.ids"))
        matching = collections.prefetch_related("translations")
        words = fold(filter.get("search") or "").split()[:10]
        return connection_page(
            [c for c in matching if all(w in fold(c.name) for w in words)] if words else matching,
            CollectionCountableConnection,
            prepare=lambda items: collection_context(items, channel=current),
            **page,
        )

    @staticmethod
    def resolve_collection(_root, _info, id=None, slug=None, channel=None):  # noqa: A002
        current = channel_or_error(channel)
        pk = decode_id(id, "Collection") if id else None
        if id and pk is None:
            return None
        found = selectors.collection_visible(channel=current, slug=slug, collection_id=pk)
        return collection_context([found], channel=current)[0] if found else None
