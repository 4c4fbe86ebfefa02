"""Catalog writes: products, variants, channel prices, photos, warehouses and stock of one stall.

Callers (GraphQL mutations, dashboard views, the CSV/XLSX import) resolve the stall-owned objects
through `backend.catalog.selectors` first; these actions trust that the objects are the caller's.
"""

import uuid
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q

from backend.catalog import tasks
from backend.catalog.error_codes import CatalogErrorCode
from backend.catalog.gtin import gtin_normalize
from backend.catalog.models import (
    AttributeTranslation,
    Category,
    CategoryTranslation,
    Channel,
    Collection,
    CollectionChannelListing,
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
from backend.catalog.search import search_keys
from backend.core.errors import DomainError
from backend.core.images import image_validate
from backend.core.money import quantize
from backend.core.richtext import html_to_text, sanitize_html
from backend.core.slugs import unique_slug
from backend.core.text import fold
from backend.regions.selectors import address_area_validate, province_by_code
from backend.stalls.models import OcopCertificate, Stall

PRODUCT_UPDATABLE_FIELDS = frozenset(
    {
        "category",
        "name",
        "description",
        "ocop_certificate",
        "origin_province_code",
        "origin_commune_code",
        "attributes",
        "harvest_months",
    }
)
VARIANT_UPDATABLE_FIELDS = frozenset({"sku", "name", "gtin", "weight_grams", "sort_order"})
MAX_PRICE = Decimal("999999999999")
MAX_ATTRIBUTES = 30
MONTHS = range(1, 13)


def _region_validate(province_code: int, commune_code: int, field_prefix: str) -> None:
    try:
        address_area_validate(province_code=province_code, commune_code=commune_code)
    except DomainError as exc:
        field = f"{field_prefix}{exc.field.capitalize()}" if field_prefix else f"{exc.field}Code"
        raise DomainError(CatalogErrorCode[exc.code.name], exc.message, field) from exc


def _search_fields(product: Product) -> dict[str, str]:
    """The product's search document and ranking keys (`catalog/search.py`), from its current fields."""
    province = province_by_code(product.origin_province_code) if product.origin_province_code else None
    province_name = province.name if province else ""
    category_names = [product.category.name, product.category.name_en]
    parts = [
        product.name,
        html_to_text(product.description),
        product.stall.name,
        *category_names,
        province_name,
    ]
    return {
        "search_document": fold(" ".join(p for p in parts if p)),
        **search_keys(name=product.name, category_names=category_names, province_name=province_name),
    }


def _search_fields_set(product: Product) -> None:
    for field, value in _search_fields(product).items():
        setattr(product, field, value)


def products_search_document_refresh(*, stall: Stall) -> None:
    """Rebuild the search documents of a stall's products (after the stall was renamed)."""
    for product in Product.objects.filter(stall=stall).select_related("stall", "category"):
        product.stall = stall
        Product.objects.filter(pk=product.pk).update(**_search_fields(product))


def _clean_product_fields(*, stall: Stall, fields: dict) -> dict:
    cleaned = dict(fields)
    if "name" in cleaned:
        cleaned["name"] = " ".join((cleaned["name"] or "").split())
        if not cleaned["name"]:
            raise DomainError(CatalogErrorCode.REQUIRED, "A product needs a name.", "name")
        if len(cleaned["name"]) > 250:
            raise DomainError(CatalogErrorCode.INVALID, "A product name has at most 250 characters.", "name")
    if "category" in cleaned and not isinstance(cleaned["category"], Category):
        raise DomainError(CatalogErrorCode.CATEGORY_NOT_FOUND, "Choose a category.", "category")
    if "description" in cleaned:
        cleaned["description"] = sanitize_html(cleaned["description"] or "")
    certificate = cleaned.get("ocop_certificate")
    if certificate is not None and certificate.stall_id != stall.pk:
        raise DomainError(
            CatalogErrorCode.CERTIFICATE_NOT_IN_STALL,
            "The OCOP certificate belongs to another stall.",
            "ocopCertificate",
        )
    if "attributes" in cleaned:
        attributes = cleaned["attributes"] or {}
        if not isinstance(attributes, dict) or len(attributes) > MAX_ATTRIBUTES:
            raise DomainError(
                CatalogErrorCode.INVALID,
                f"At most {MAX_ATTRIBUTES} attributes, as names and values.",
                "attributes",
            )
        cleaned["attributes"] = {
            str(k).strip()[:64]: str(v).strip()[:255] for k, v in attributes.items() if str(k).strip()
        }
    if "harvest_months" in cleaned:
        cleaned["harvest_months"] = _harvest_months_clean(cleaned["harvest_months"])
    return cleaned


def _harvest_months_clean(months) -> list[int]:
    """Month numbers 1–12, each once, in calendar order; an empty list means all year."""
    months = months or []
    if not isinstance(months, list | tuple | set | frozenset) or not all(
        isinstance(m, int) and not isinstance(m, bool) and m in MONTHS for m in months
    ):
        raise DomainError(
            CatalogErrorCode.INVALID, "Harvest months are month numbers from 1 to 12.", "harvestMonths"
        )
    return sorted(set(months))


def _origin_validate(province_code: int | None, commune_code: int | None) -> None:
    if commune_code is not None and province_code is None:
        raise DomainError(CatalogErrorCode.REQUIRED, "Give the origin province too.", "originProvince")
    if province_code is None:
        return
    if commune_code is not None:
        _region_validate(province_code, commune_code, "origin")
    elif province_by_code(province_code) is None:
        raise DomainError(
            CatalogErrorCode.UNKNOWN_PROVINCE, f"Unknown province code {province_code}.", "originProvince"
        )


def product_create(
    *,
    stall: Stall,
    category: Category,
    name: str,
    description: str = "",
    ocop_certificate: OcopCertificate | None = None,
    origin_province_code: int | None = None,
    origin_commune_code: int | None = None,
    attributes: dict | None = None,
    harvest_months: list[int] | None = None,
) -> Product:
    """Add a product to `stall`; it appears in the marketplace once a variant is published in a channel."""
    cleaned = _clean_product_fields(
        stall=stall,
        fields={
            "category": category,
            "name": name,
            "description": description,
            "ocop_certificate": ocop_certificate,
            "attributes": attributes or {},
            "harvest_months": harvest_months or [],
        },
    )
    if origin_province_code is None and origin_commune_code is None:
        origin_province_code = stall.province_code
    _origin_validate(origin_province_code, origin_commune_code)
    product = Product(
        stall=stall,
        origin_province_code=origin_province_code,
        origin_commune_code=origin_commune_code,
        **cleaned,
    )
    _search_fields_set(product)
    with transaction.atomic():
        product.slug = unique_slug(Product, product.name, max_length=255)
        product.save()
    return product


def product_update(*, product: Product, **fields) -> Product:
    """Change some of a product's fields; the slug stays so shared links keep working."""
    unknown = set(fields) - PRODUCT_UPDATABLE_FIELDS
    if unknown:
        raise DomainError(CatalogErrorCode.INVALID, f"Cannot update {', '.join(sorted(unknown))}.")
    cleaned = _clean_product_fields(stall=product.stall, fields=fields)
    if "origin_province_code" in cleaned or "origin_commune_code" in cleaned:
        province_code = cleaned.get("origin_province_code", product.origin_province_code)
        commune_code = cleaned.get("origin_commune_code", product.origin_commune_code)
        if "origin_province_code" in cleaned and "origin_commune_code" not in cleaned:
            # A new province makes the old commune meaningless unless it still lies in it.
            commune_code = None if province_code != product.origin_province_code else commune_code
            cleaned["origin_commune_code"] = commune_code
        _origin_validate(province_code, commune_code)
    for key, value in cleaned.items():
        setattr(product, key, value)
    _search_fields_set(product)
    product.save()
    return product


def product_delete(*, product: Product) -> None:
    """Remove a product with its variants, prices, photos and stock."""
    with transaction.atomic():
        media_files = [m.image.name for m in product.media.all()]
        thumb_files = [t.image.name for m in product.media.all() for t in m.thumbnails.all()]
        product.delete()
        transaction.on_commit(lambda: _files_delete(media_files + thumb_files))


def _files_delete(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        if name:
            default_storage.delete(name)


def _clean_variant_fields(*, stall: Stall, fields: dict, exclude_pk: int | None = None) -> dict:
    cleaned = dict(fields)
    if "sku" in cleaned:
        cleaned["sku"] = (cleaned["sku"] or "").strip()
        if not cleaned["sku"]:
            raise DomainError(CatalogErrorCode.REQUIRED, "A variant needs a SKU.", "sku")
        if len(cleaned["sku"]) > 64:
            raise DomainError(CatalogErrorCode.INVALID, "A SKU has at most 64 characters.", "sku")
        clash = ProductVariant.objects.filter(stall=stall, sku=cleaned["sku"]).exclude(pk=exclude_pk)
        if clash.exists():
            raise DomainError(
                CatalogErrorCode.DUPLICATED_SKU, f"SKU {cleaned['sku']} is already used in this stall.", "sku"
            )
    if "name" in cleaned:
        cleaned["name"] = " ".join((cleaned["name"] or "").split())[:255]
    if cleaned.get("gtin"):
        try:
            cleaned["gtin"] = gtin_normalize(cleaned["gtin"])
        except ValueError as exc:
            raise DomainError(CatalogErrorCode.INVALID_GTIN, str(exc), "gtin") from exc
        if ProductVariant.objects.filter(gtin=cleaned["gtin"]).exclude(pk=exclude_pk).exists():
            raise DomainError(CatalogErrorCode.DUPLICATED_GTIN, "This GTIN is already registered.", "gtin")
    elif "gtin" in cleaned:
        cleaned["gtin"] = None
    weight = cleaned.get("weight_grams")
    if weight is not None and not 0 < int(weight) <= 1_000_000:
        raise DomainError(CatalogErrorCode.INVALID, "Weight is 1 g to 1,000 kg.", "weightGrams")
    return cleaned


def variant_create(
    *, product: Product, sku: str, name: str = "", gtin: str | None = None, weight_grams: int | None = None
) -> ProductVariant:
    """Add a sellable unit ("Hộp 500 g") to a product; SKU unique in the stall, GTIN checked."""
    cleaned = _clean_variant_fields(
        stall=product.stall, fields={"sku": sku, "name": name, "gtin": gtin, "weight_grams": weight_grams}
    )
    try:
        with transaction.atomic():
            return ProductVariant.objects.create(product=product, stall=product.stall, **cleaned)
    except IntegrityError as exc:
        # A concurrent create took the SKU or GTIN between the check and the insert.
        raise DomainError(CatalogErrorCode.UNIQUE, "The SKU or GTIN is already used.", "sku") from exc


def variant_update(*, variant: ProductVariant, **fields) -> ProductVariant:
    unknown = set(fields) - VARIANT_UPDATABLE_FIELDS
    if unknown:
        raise DomainError(CatalogErrorCode.INVALID, f"Cannot update {', '.join(sorted(unknown))}.")
    cleaned = _clean_variant_fields(stall=variant.stall, fields=fields, exclude_pk=variant.pk)
    for key, value in cleaned.items():
        setattr(variant, key, value)
    try:
        with transaction.atomic():
            variant.save()
    except IntegrityError as exc:
        raise DomainError(CatalogErrorCode.UNIQUE, "The SKU or GTIN is already used.", "sku") from exc
    return variant


def variant_delete(*, variant: ProductVariant) -> None:
    variant.delete()


def _price_clean(price_amount, currency: str) -> Decimal:
    try:
        amount = quantize(Decimal(str(price_amount)), currency)
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise DomainError(CatalogErrorCode.INVALID_PRICE, "The price is not a number.", "price") from exc
    if amount < 0 or amount > MAX_PRICE:
        raise DomainError(CatalogErrorCode.INVALID_PRICE, "The price must be 0 or more.", "price")
    return amount


def variant_channel_listing_update(
    *, variant: ProductVariant, channel: Channel, price_amount, is_published: bool = True
) -> VariantChannelListing:
    """Set a variant's price (in the channel's currency) and whether it is for sale there."""
    amount = _price_clean(price_amount, channel.currency_code)
    listing, _created = VariantChannelListing.objects.update_or_create(
        variant=variant,
        channel=channel,
        defaults={"price_amount": amount, "currency": channel.currency_code, "is_published": is_published},
    )
    return listing


def variant_channel_listing_remove(*, variant: ProductVariant, channel: Channel) -> None:
    """Withdraw a variant from a channel altogether (no price there any more)."""
    VariantChannelListing.objects.filter(variant=variant, channel=channel).delete()


@transaction.atomic
def variant_channel_listings_set(
    *,
    variant: ProductVariant,
    prices: list[tuple[Channel, object, bool]],
    remove: list[Channel],
) -> None:
    """Apply a whole price form at once: withdraw from `remove`, set `prices`; all or nothing."""
    for channel in remove:
        variant_channel_listing_remove(variant=variant, channel=channel)
    for channel, amount, published in prices:
        variant_channel_listing_update(
            variant=variant, channel=channel, price_amount=amount, is_published=published
        )


def product_media_create(*, product: Product, upload, alt: str = "") -> ProductMedia:
    """Store a checked JPEG/PNG/WebP photo; WebP thumbnails are made by a task after commit."""
    checked = image_validate(upload, codes=CatalogErrorCode)
    upload.seek(0)
    with transaction.atomic():
        last = product.media.order_by("-sort_order").values_list("sort_order", flat=True).first()
        media = ProductMedia(
            product=product,
            alt=" ".join((alt or "").split())[:250],
            sort_order=0 if last is None else last + 1,
            width=checked.width,
            height=checked.height,
        )
        # A server-chosen name: the uploader's file name never reaches the file system.
        media.image.save(f"{uuid.uuid4().hex}.{checked.extension}", ContentFile(upload.read()), save=False)
        media.save()
        transaction.on_commit(lambda: tasks.thumbnails_make.delay(media.pk))
    return media


def product_media_delete(*, media: ProductMedia) -> None:
    names = [media.image.name, *(t.image.name for t in media.thumbnails.all())]
    with transaction.atomic():
        media.delete()
        transaction.on_commit(lambda: _files_delete(names))


def warehouse_create(
    *, stall: Stall, name: str, province_code: int, commune_code: int, address: str = ""
) -> Warehouse:
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(CatalogErrorCode.REQUIRED, "A warehouse needs a name.", "name")
    _region_validate(province_code, commune_code, "")
    return Warehouse.objects.create(
        stall=stall,
        name=name[:200],
        province_code=province_code,
        commune_code=commune_code,
        address=" ".join((address or "").split())[:255],
    )


def stocks_update(*, variant: ProductVariant, stocks: list[tuple[Warehouse, int]]) -> list[Stock]:
    """Set the on-hand quantity of `variant` in each given warehouse of its stall."""
    for warehouse, quantity in stocks:
        if warehouse.stall_id != variant.stall_id:
            raise DomainError(
                CatalogErrorCode.WAREHOUSE_NOT_IN_STALL,
                "The warehouse belongs to another stall.",
                "warehouse",
            )
        if quantity is None or int(quantity) < 0:
            raise DomainError(CatalogErrorCode.INVALID_QUANTITY, "Quantity must be 0 or more.", "quantity")
    result = []
    with transaction.atomic():
        warehouse_ids = [w.pk for w, _q in stocks]
        # Lock the rows: checkout allocates from these rows concurrently, and a quantity below what
        # is already allocated would break the allocated <= quantity invariant. Primary-key order,
        # like every other path that locks stock rows (backend.orders.stock), so none deadlocks.
        existing = {
            s.warehouse_id: s
            for s in Stock.objects.select_for_update()
            .filter(Q(variant=variant) & Q(warehouse_id__in=warehouse_ids))
            .order_by("pk")
        }
        for warehouse, quantity in stocks:
            stock = existing.get(warehouse.pk) or Stock(variant=variant, warehouse=warehouse)
            if int(quantity) < stock.quantity_allocated:
                raise DomainError(
                    CatalogErrorCode.QUANTITY_BELOW_ALLOCATED,
                    f"{stock.quantity_allocated} units are already promised to open orders.",
                    "quantity",
                )
            stock.quantity = int(quantity)
            stock.save()
            result.append(stock)
    return result


def _translation_language(language_code: str) -> str:
    """A translation is for another language than Vietnamese, the language the rows are written in."""
    code = (language_code or "").strip().lower()
    others = {code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE.split("-")[0]}
    if code not in others:
        raise DomainError(
            CatalogErrorCode.INVALID,
            f"Translations are kept for {', '.join(sorted(others))}; {language_code!r} is not one.",
            field="languageCode",
        )
    return code


def product_translation_set(
    *, product: Product, language_code: str, name: str, description: str = ""
) -> ProductTranslation:
    """Create or replace the product's name and description in `language_code` (description sanitised)."""
    row, _created = ProductTranslation.objects.update_or_create(
        product=product,
        language_code=_translation_language(language_code),
        defaults={"name": name.strip()[:250], "description": sanitize_html(description or "")},
    )
    return row


def category_translation_set(
    *, category: Category, language_code: str, name: str, description: str = ""
) -> CategoryTranslation:
    row, _created = CategoryTranslation.objects.update_or_create(
        category=category,
        language_code=_translation_language(language_code),
        defaults={"name": name.strip()[:128], "description": sanitize_html(description or "")},
    )
    return row


def attribute_translation_set(*, source: str, language_code: str, text: str) -> AttributeTranslation:
    """Translate an attribute name or value as products write it, for every product using it."""
    row, _created = AttributeTranslation.objects.update_or_create(
        source=source.strip()[:250],
        language_code=_translation_language(language_code),
        defaults={"text": text.strip()[:250]},
    )
    return row


@transaction.atomic
def collection_save(
    *, slug: str, name: str, description: str = "", products: list[Product], channels: list[Channel]
) -> Collection:
    """Create or update the collection `slug`: its products in the given order, published in `channels`.

    Products and channels not given are removed from it; one transaction, so a reader never sees a
    half-replaced list.
    """
    if not name.strip():
        raise DomainError(CatalogErrorCode.REQUIRED, "A collection needs a name.", field="name")
    collection, _created = Collection.objects.update_or_create(
        slug=slug, defaults={"name": name.strip()[:250], "description": sanitize_html(description or "")}
    )
    collection.entries.exclude(product__in=products).delete()
    for position, product in enumerate(products):
        CollectionProduct.objects.update_or_create(
            collection=collection, product=product, defaults={"sort_order": position}
        )
    collection.channel_listings.exclude(channel__in=channels).delete()
    for channel in channels:
        CollectionChannelListing.objects.update_or_create(
            collection=collection, channel=channel, defaults={"is_published": True}
        )
    return collection


def collection_translation_set(
    *, collection: Collection, language_code: str, name: str, description: str = ""
) -> CollectionTranslation:
    row, _created = CollectionTranslation.objects.update_or_create(
        collection=collection,
        language_code=_translation_language(language_code),
        defaults={"name": name.strip()[:250], "description": sanitize_html(description or "")},
    )
    return row
