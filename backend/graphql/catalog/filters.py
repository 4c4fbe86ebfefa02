"""Product list arguments (filter, where, sortBy, search, ids) in Saleor's shapes → one `product_search`.

`products`, `category.products` and `collection.products` share them, so every product list
filters and sorts the same way through the one search implementation.
"""

import graphene
from graphql import GraphQLError

from backend.catalog import selectors
from backend.catalog.models import Channel
from backend.graphql.core.connection import OrderDirection, decode_id
from backend.graphql.core.types import require_list_bound


class PriceRangeInput(graphene.InputObjectType):
    gte = graphene.Decimal(description="Cheapest published variant at least this much.")
    lte = graphene.Decimal(description="Cheapest published variant at most this much.")


class StockAvailability(graphene.Enum):
    IN_STOCK = "in_stock"
    OUT_OF_STOCK = "out_of_stock"


class ProductFilterInput(graphene.InputObjectType):
    search = graphene.String(description="Accent-insensitive words: `keo dua` finds `Kẹo dừa`.")
    categories = graphene.List(graphene.NonNull(graphene.ID), description="Includes their subcategories.")
    collections = graphene.List(graphene.NonNull(graphene.ID))
    provinces = graphene.List(graphene.NonNull(graphene.Int), description="Origin province codes (2025).")
    ocop_stars = graphene.List(graphene.NonNull(graphene.Int), description="Verified, unexpired OCOP stars.")
    price = graphene.Field(PriceRangeInput)
    minimal_price = graphene.Field(PriceRangeInput, description="The same as `price`: the cheapest variant.")
    stalls = graphene.List(graphene.NonNull(graphene.ID))
    in_stock = graphene.Boolean()
    stock_availability = StockAvailability()
    is_available = graphene.Boolean(description="The same as `inStock`.")
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))


class GlobalIDFilterInput(graphene.InputObjectType):
    eq = graphene.ID()
    one_of = graphene.List(graphene.NonNull(graphene.ID))


class StringFilterInput(graphene.InputObjectType):
    eq = graphene.String()
    one_of = graphene.List(graphene.NonNull(graphene.String))


class DecimalRangeInput(graphene.InputObjectType):
    gte = graphene.Decimal()
    lte = graphene.Decimal()


class DecimalFilterInput(graphene.InputObjectType):
    eq = graphene.Decimal()
    one_of = graphene.List(graphene.NonNull(graphene.Decimal))
    range = graphene.Field(DecimalRangeInput)


class ProductWhereInput(graphene.InputObjectType):
    """Saleor's `where`: each field narrows the list (`AND`/`OR` are not supported here)."""

    ids = graphene.List(graphene.NonNull(graphene.ID))
    name = graphene.Field(StringFilterInput)
    slug = graphene.Field(StringFilterInput)
    category = graphene.Field(GlobalIDFilterInput)
    collection = graphene.Field(GlobalIDFilterInput)
    is_available = graphene.Boolean()
    stock_availability = StockAvailability()
    minimal_price = graphene.Field(DecimalFilterInput)
    price = graphene.Field(DecimalFilterInput)


class ProductOrderField(graphene.Enum):
    NAME = "name"
    PRICE = "price"
    MINIMAL_PRICE = "minimal_price"
    CREATED_AT = "created_at"
    DATE = "date"
    RANK = "rank"
    COLLECTION = "collection"

    @property
    def description(self):
        if self == ProductOrderField.RANK:
            return (
                "Relevance to `filter.search` (or `search`), best match first whatever the direction; "
                "the default when a search is given, and only available with one."
            )
        if self == ProductOrderField.COLLECTION:
            return "The curated order of `collection.products` (its default there)."
        return None


class ProductOrder(graphene.InputObjectType):
    field = ProductOrderField(description="NAME when not given.")
    direction = OrderDirection(required=True)
    channel = graphene.String(description="Ignored: the list's own channel prices the sort.")


def product_list_arguments() -> dict:
    return {
        "filter": ProductFilterInput(),
        "where": ProductWhereInput(),
        "sort_by": ProductOrder(description="By relevance (RANK) with a search, else by name."),
        "search": graphene.String(description="Accent-insensitive words, as `filter.search`."),
        "ids": graphene.List(graphene.NonNull(graphene.ID), description="Only these products."),
    }


def ids_of(values, type_name: str, field: str) -> list[int]:
    """Database ids of a list of global IDs of `type_name` (plain digits accepted); bounded to 100."""
    require_list_bound(values, field)
    ids = [decode_id(v, type_name) for v in values or []]
    if None in ids:
        raise GraphQLError(
            f"`{field}` holds an ID that is not a {type_name}.", extensions={"code": "INVALID_ID"}
        )
    return ids


def _sort(sort_by, *, searching: bool) -> tuple[str | None, bool]:
    if not sort_by or (not sort_by.get("field") and sort_by.get("direction") is None):
        # The selector ranks a search by relevance and sorts a plain listing by name.
        return None, False
    field = sort_by.get("field") or ProductOrderField.NAME.value
    if field == ProductOrderField.RANK.value:
        if not searching:
            raise GraphQLError("Sorting by RANK needs a search.", extensions={"code": "INVALID_SORT"})
        return "relevance", False
    descending = sort_by.get("direction") == OrderDirection.DESC.value
    if field in (ProductOrderField.PRICE.value, ProductOrderField.MINIMAL_PRICE.value):
        return "price", descending
    if field in (ProductOrderField.CREATED_AT.value, ProductOrderField.DATE.value):
        # The selector's "newest" sort reads newest first; ascending creation time is its reverse.
        return "newest", not descending
    if field == ProductOrderField.COLLECTION.value:
        return "collection", descending
    return "name", descending


def _merge(*lists):
    """Intersect the id lists given (None = no constraint)."""
    given = [set(x) for x in lists if x is not None]
    if not given:
        return None
    return sorted(set.intersection(*given))


def _stock(value) -> bool | None:
    if value is None:
        return None
    return value == StockAvailability.IN_STOCK.value


def _global_id_filter(value, type_name: str, field: str) -> list[int] | None:
    if not value:
        return None
    values = ([value["eq"]] if value.get("eq") else []) + list(value.get("one_of") or [])
    return ids_of(values, type_name, field)


def _string_filter(value, field: str) -> list[str] | None:
    if not value:
        return None
    require_list_bound(value.get("one_of"), field)
    return ([value["eq"]] if value.get("eq") is not None else []) + list(value.get("one_of") or [])


def products_for_arguments(
    *,
    channel: Channel,
    filter=None,
    where=None,
    sort_by=None,
    search=None,
    ids=None,
    collection=None,  # noqa: A002
):
    """The ordered queryset a product list's arguments ask for, through `selectors.product_search`."""
    filter = filter or {}  # noqa: A001
    where = where or {}
    words = " ".join(w for w in ((filter.get("search") or "").strip(), (search or "").strip()) if w)
    price = filter.get("price") or filter.get("minimal_price") or {}
    where_price = where.get("minimal_price") or where.get("price") or {}
    price_range = where_price.get("range") or {}
    price_min = price.get("gte") if price.get("gte") is not None else price_range.get("gte")
    price_max = price.get("lte") if price.get("lte") is not None else price_range.get("lte")
    if where_price.get("eq") is not None:
        price_min = price_max = where_price["eq"]
    require_list_bound(filter.get("provinces"), "filter.provinces")
    require_list_bound(filter.get("ocop_stars"), "filter.ocopStars")
    in_stock = filter.get("in_stock")
    for value in (
        _stock(filter.get("stock_availability")),
        filter.get("is_available"),
        _stock(where.get("stock_availability")),
        where.get("is_available"),
    ):
        if in_stock is None and value is not None:
            in_stock = value
    categories = ids_of(filter.get("categories"), "Category", "filter.categories")
    where_categories = _global_id_filter(where.get("category"), "Category", "where.category")
    collections = _merge(
        ids_of(filter.get("collections"), "Collection", "filter.collections") or None,
        _global_id_filter(where.get("collection"), "Collection", "where.collection"),
        [collection.pk] if collection is not None else None,
    )
    product_ids = _merge(
        ids_of(ids, "Product", "ids") if ids is not None else None,
        ids_of(filter.get("ids"), "Product", "filter.ids") if filter.get("ids") is not None else None,
        ids_of(where.get("ids"), "Product", "where.ids") if where.get("ids") is not None else None,
    )
    slugs = _string_filter(where.get("slug"), "where.slug")
    if filter.get("slugs") is not None:
        require_list_bound(filter.get("slugs"), "filter.slugs")
        slugs = list(filter["slugs"]) if slugs is None else sorted(set(slugs) & set(filter["slugs"]))
    sort, descending = _sort(sort_by, searching=bool(words))
    curated = collection is not None and (sort is None or sort == "collection") and not words
    products = selectors.product_search(
        channel=channel,
        search=words or None,
        categories=categories or where_categories,
        province_codes=filter.get("provinces"),
        ocop_stars=filter.get("ocop_stars"),
        price_min=price_min,
        price_max=price_max,
        stall_ids=ids_of(filter.get("stalls"), "Stall", "filter.stalls"),
        in_stock=in_stock,
        collection_ids=collections,
        product_ids=product_ids,
        slugs=slugs,
        sort=None if sort == "collection" else sort,
        descending=descending,
    )
    if categories and where_categories:
        products = selectors.products_in_categories(products, categories=where_categories)
    names = _string_filter(where.get("name"), "where.name")
    if names is not None:
        products = products.filter(name__in=names)
    if curated:
        products = selectors.products_in_collection_order(
            products, collection=collection, descending=descending
        )
    return products
