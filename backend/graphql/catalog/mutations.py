"""Catalog mutations for stall members: products, variants, prices, photos, warehouses, stock.

Each mutation resolves what it touches through a scoped selector (a member of another stall gets
NOT_FOUND, exactly as for an ID that does not exist) and calls one action of `backend.catalog.actions`.
"""

import graphene

from backend.catalog import actions, selectors
from backend.catalog.error_codes import CatalogErrorCode
from backend.core.errors import DomainError
from backend.graphql.catalog.types import (
    Product,
    ProductMedia,
    ProductVariant,
    Stock,
    VariantChannelListingType,
    Warehouse,
    product_context,
)
from backend.graphql.core.permissions import is_member
from backend.graphql.core.types import BaseMutation, error_type, errors_field, require_list_bound
from backend.graphql.core.upload import Upload
from backend.stalls.selectors import certificate_for_member

CatalogError = error_type("CatalogError", CatalogErrorCode)


class CatalogMemberMutation(BaseMutation):
    """Every catalog mutation: for stall members (the object's stall is checked by the selectors).

    Subclasses declare `errors = errors_field(CatalogError)` after their own fields, so the payload
    types list them in the same order as every other mutation's.
    """

    class Meta:
        abstract = True

    permission = is_member
    error_type_class = CatalogError

    @classmethod
    def own_product(cls, info, value, field: str = "id"):
        user = info.context.user
        return cls.get_scoped(
            value, "Product", lambda pk: selectors.product_for_member(user=user, product_id=pk), field=field
        )

    @classmethod
    def own_variant(cls, info, value, field: str = "id"):
        user = info.context.user
        return cls.get_scoped(
            value,
            "ProductVariant",
            lambda pk: selectors.variant_for_member(user=user, variant_id=pk),
            what="Variant",
            field=field,
        )

    @classmethod
    def product_fields(cls, info, data: dict) -> dict:
        """Translate GraphQL input into action keyword arguments, resolving IDs through selectors."""
        fields = {}
        if "name" in data:
            fields["name"] = data["name"]
        if "description" in data:
            fields["description"] = data["description"] or ""
        if "category" in data:
            # Categories are public: any existing one will do, and a bad ID has its own code.
            fields["category"] = cls.get_scoped(
                data["category"] or "",
                "Category",
                lambda pk: selectors.categories_all().filter(pk=pk).first(),
                field="category",
                code=CatalogErrorCode.CATEGORY_NOT_FOUND,
            )
        if "ocop_certificate" in data:
            certificate = None
            if data["ocop_certificate"]:
                user = info.context.user
                certificate = cls.get_scoped(
                    data["ocop_certificate"],
                    "OcopCertificate",
                    lambda pk: certificate_for_member(user=user, certificate_id=pk),
                    what="OCOP certificate",
                    field="ocopCertificate",
                )
            fields["ocop_certificate"] = certificate
        if "origin_province" in data:
            fields["origin_province_code"] = data["origin_province"]
        if "origin_commune" in data:
            fields["origin_commune_code"] = data["origin_commune"]
        if "attributes" in data:
            require_list_bound(data["attributes"], "attributes")
            fields["attributes"] = {a["name"]: a["value"] for a in data["attributes"] or []}
        return fields


def _delete_keeping_id(instance, delete):
    """Run the action `delete(instance)` and give the id back, so the payload still names what went."""
    pk = instance.pk
    delete(instance)
    instance.pk = pk
    return instance


def _member_view(product):
    """Results of mutations are shown as the member sees them, priced in the default channel."""
    return product_context([product], channel=selectors.channel_for_slug(None), member=True)[0]


class AttributeValueInput(graphene.InputObjectType):
    name = graphene.String(required=True, description="e.g. `Đóng gói` (packaging).")
    value = graphene.String(required=True, description="e.g. `Hộp giấy 500 g`.")


class ProductInput(graphene.InputObjectType):
    category = graphene.ID()
    name = graphene.String()
    description = graphene.String(description="HTML; sanitised to p, br, strong, em, lists, links, h3, h4.")
    ocop_certificate = graphene.ID()
    origin_province = graphene.Int(description="Province code (2025 list).")
    origin_commune = graphene.Int(description="Commune code (2025 list).")
    attributes = graphene.List(graphene.NonNull(AttributeValueInput))


class ProductCreateInput(ProductInput):
    stall = graphene.ID(required=True)
    category = graphene.ID(required=True)
    name = graphene.String(required=True)


class ProductCreate(CatalogMemberMutation):
    """Add a product to one of the caller's stalls."""

    class Arguments:
        input = ProductCreateInput(required=True)

    product = graphene.Field(Product)
    errors = errors_field(CatalogError)

    @classmethod
    def perform_mutation(cls, _root, info, input):  # noqa: A002
        stall = cls.member_stall(info, input["stall"])
        fields = cls.product_fields(info, {k: v for k, v in input.items() if k != "stall"})
        return cls(product=_member_view(actions.product_create(stall=stall, **fields)))


class ProductUpdate(CatalogMemberMutation):
    """Change a product of the caller's stall; omitted fields stay as they are."""

    class Arguments:
        id = graphene.ID(required=True)
        input = ProductInput(required=True)

    product = graphene.Field(Product)
    errors = errors_field(CatalogError)

    @classmethod
    def perform_mutation(cls, _root, info, id, input):  # noqa: A002
        product = cls.own_product(info, id)
        fields = cls.product_fields(info, dict(input))
        return cls(product=_member_view(actions.product_update(product=product, **fields)))


class ProductDelete(CatalogMemberMutation):
    """Delete a product of the caller's stall with its variants, prices, photos and stock."""

    class Arguments:
        id = graphene.ID(required=True)

    product = graphene.Field(Product)
    errors = errors_field(CatalogError)

    @classmethod
    def perform_mutation(cls, _root, info, id):  # noqa: A002
        product = _delete_keeping_id(cls.own_product(info, id), lambda p: actions.product_delete(product=p))
        return cls(product=_member_view(product))


class ProductVariantInput(graphene.InputObjectType):
    sku = graphene.String()
    name = graphene.String(description="e.g. `Hộp 500 g`.")
    gtin = graphene.String(description="GTIN-8/12/13/14 with a valid check digit; stored as 14 digits.")
    weight_grams = graphene.Int()


class ProductVariantCreateInput(ProductVariantInput):
    product = graphene.ID(required=True)
    sku = graphene.String(required=True)


def _variant_result(variant):
    _member_view(variant.product)
    return variant


class ProductVariantCreate(CatalogMemberMutation):
    class Arguments:
        input = ProductVariantCreateInput(required=True)

    product_variant = graphene.Field(ProductVariant)
    errors = errors_field(CatalogError)

    @classmethod
    def perform_mutation(cls, _root, info, input):  # noqa: A002
        product = cls.own_product(info, input["product"], "product")
        variant = actions.variant_create(
            product=product,
            sku=input["sku"],
            name=input.get("name") or "",
            gtin=input.get("gtin"),
            weight_grams=input.get("weight_grams"),
        )
        return cls(product_variant=_variant_result(variant))


class ProductVariantUpdate(CatalogMemberMutation):
    class Arguments:
        id = graphene.ID(required=True)
        input = ProductVariantInput(required=True)

    product_variant = graphene.Field(ProductVariant)
    errors = errors_field(CatalogError)

    @classmethod
    def perform_mutation(cls, _root, info, id, input):  # noqa: A002
        variant = cls.own_variant(info, id)
        variant = actions.variant_update(variant=variant, **dict(input))
        return cls(product_variant=_variant_result(variant))


class ProductVariantDelete(CatalogMemberMutation):
    class Arguments:
        id = graphene.ID(required=True)

    product_variant = graphene.Field(ProductVariant)
    errors = errors_field(CatalogError)

    @classmethod
    def perform_mutation(cls, _root, info, id):  # noqa: A002
        variant = _delete_keeping_id(cls.own_variant(info, id), lambda v: actions.variant_delete(variant=v))
        return cls(product_variant=_variant_result(variant))


class ProductChannelListingInput(graphene.InputObjectType):
    channel = graphene.String(required=True, description="Channel slug: `vn` (VND) or `export` (USD).")
    price = graphene.Decimal(required=True, description="In the channel's currency.")
    is_published = graphene.Boolean(description="For sale in the channel; true when not given.")


class ProductChannelListingUpdate(CatalogMemberMutation):
    """Set a variant's price and publication in one channel."""

    class Arguments:
        variant_id = graphene.ID(required=True)
        input = ProductChannelListingInput(required=True)

    product_variant = graphene.Field(ProductVariant)
    channel_listing = graphene.Field(VariantChannelListingType)
    errors = errors_field(CatalogError)

    @classmethod
    def perform_mutation(cls, _root, info, variant_id, input):  # noqa: A002
        variant = cls.own_variant(info, variant_id, "variantId")
        channel = selectors.channel_for_slug(input["channel"])
        if channel is None:
            raise DomainError(CatalogErrorCode.CHANNEL_NOT_FOUND, "Channel not found.", "channel")
        published = input.get("is_published")
        listing = actions.variant_channel_listing_update(
            variant=variant,
            channel=channel,
            price_amount=input["price"],
            is_published=True if published is None else published,
        )
        return cls(product_variant=_variant_result(variant), channel_listing=listing)


class ProductChannelListingRemove(CatalogMemberMutation):
    """Withdraw a variant from channels: it has no price there any more, so it cannot be bought there.

    Every slug is checked before anything is removed. A channel the variant is not listed in is
    already as wanted, so it is not an error.
    """

    # A mutation of its own, not a `removeChannels` field of `ProductChannelListingInput`: that input
    # requires `channel` and `price`, which a removal has no use for.

    class Arguments:
        variant_id = graphene.ID(required=True)
        channels = graphene.List(
            graphene.NonNull(graphene.String),
            required=True,
            description="Channel slugs to remove the variant from (at most 100).",
        )

    product_variant = graphene.Field(ProductVariant)
    errors = errors_field(CatalogError)

    @classmethod
    def perform_mutation(cls, _root, info, variant_id, channels):
        require_list_bound(channels, "channels")
        variant = cls.own_variant(info, variant_id, "variantId")
        found = []
        for slug in dict.fromkeys(channels):
            # An empty slug would mean the default channel to `channel_for_slug`; here it means nothing.
            channel = selectors.channel_for_slug(slug) if slug else None
            if channel is None:
                raise DomainError(
                    CatalogErrorCode.CHANNEL_NOT_FOUND, f"Channel {slug!r} not found.", "channels"
                )
            found.append(channel)
        for channel in found:
            actions.variant_channel_listing_remove(variant=variant, channel=channel)
        return cls(product_variant=_variant_result(variant))


class ProductMediaCreateInput(graphene.InputObjectType):
    product = graphene.ID(required=True)
    image = Upload(required=True, description="JPEG, PNG or WebP, sent as a multipart file.")
    alt = graphene.String()


class ProductMediaCreate(CatalogMemberMutation):
    """Upload a product photo (GraphQL multipart request); thumbnails follow in the background."""

    class Arguments:
        input = ProductMediaCreateInput(required=True)

    product = graphene.Field(Product)
    media = graphene.Field(ProductMedia)
    errors = errors_field(CatalogError)

    @classmethod
    def perform_mutation(cls, _root, info, input):  # noqa: A002
        product = cls.own_product(info, input["product"], "product")
        upload = input.get("image")
        if upload is None or not hasattr(upload, "read"):
            raise DomainError(CatalogErrorCode.REQUIRED, "Send the photo as a multipart file.", "image")
        media = actions.product_media_create(product=product, upload=upload, alt=input.get("alt") or "")
        return cls(product=_member_view(product), media=media)


class ProductMediaDelete(CatalogMemberMutation):
    class Arguments:
        id = graphene.ID(required=True)

    product = graphene.Field(Product)
    errors = errors_field(CatalogError)

    @classmethod
    def perform_mutation(cls, _root, info, id):  # noqa: A002
        user = info.context.user
        media = cls.get_scoped(
            id, "ProductMedia", lambda pk: selectors.media_for_member(user=user, media_id=pk), what="Photo"
        )
        product = media.product
        actions.product_media_delete(media=media)
        return cls(product=_member_view(product))


class StockInput(graphene.InputObjectType):
    warehouse = graphene.ID(required=True)
    quantity = graphene.Int(required=True)


class ProductVariantStocksUpdate(CatalogMemberMutation):
    """Set on-hand quantities of a variant in the stall's warehouses."""

    class Arguments:
        variant_id = graphene.ID(required=True)
        stocks = graphene.List(graphene.NonNull(StockInput), required=True)

    product_variant = graphene.Field(ProductVariant)
    stocks = graphene.List(graphene.NonNull(Stock))
    errors = errors_field(CatalogError)

    @classmethod
    def perform_mutation(cls, _root, info, variant_id, stocks):
        require_list_bound(stocks, "stocks")
        variant = cls.own_variant(info, variant_id, "variantId")
        user = info.context.user

        def find(pk):
            return selectors.warehouse_for_member(user=user, warehouse_id=pk)

        pairs = [
            (cls.get_scoped(entry["warehouse"], "Warehouse", find, field="warehouse"), entry["quantity"])
            for entry in stocks
        ]
        result = actions.stocks_update(variant=variant, stocks=pairs)
        return cls(product_variant=_variant_result(variant), stocks=result)


class WarehouseCreateInput(graphene.InputObjectType):
    stall = graphene.ID(required=True)
    name = graphene.String(required=True)
    province = graphene.Int(required=True)
    commune = graphene.Int(required=True)
    address = graphene.String()


class WarehouseCreate(CatalogMemberMutation):
    class Arguments:
        input = WarehouseCreateInput(required=True)

    warehouse = graphene.Field(Warehouse)
    errors = errors_field(CatalogError)

    @classmethod
    def perform_mutation(cls, _root, info, input):  # noqa: A002
        stall = cls.member_stall(info, input["stall"])
        warehouse = actions.warehouse_create(
            stall=stall,
            name=input["name"],
            province_code=input["province"],
            commune_code=input["commune"],
            address=input.get("address") or "",
        )
        return cls(warehouse=warehouse)


class CatalogMutations(graphene.ObjectType):
    product_create = ProductCreate.Field()
    product_update = ProductUpdate.Field()
    product_delete = ProductDelete.Field()
    product_variant_create = ProductVariantCreate.Field()
    product_variant_update = ProductVariantUpdate.Field()
    product_variant_delete = ProductVariantDelete.Field()
    product_channel_listing_update = ProductChannelListingUpdate.Field()
    product_channel_listing_remove = ProductChannelListingRemove.Field()
    product_media_create = ProductMediaCreate.Field()
    product_media_delete = ProductMediaDelete.Field()
    product_variant_stocks_update = ProductVariantStocksUpdate.Field()
    warehouse_create = WarehouseCreate.Field()
