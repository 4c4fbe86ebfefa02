"""Catalog: channels, categories, products owned by stalls, variants, listings, media, stock."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.stalls.models import OcopCertificate, Stall


class Channel(models.Model):
    """A sales channel fixes the currency: `vn` (VND, default) and `export` (USD)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    currency_code = models.CharField(max_length=3)
    is_active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.slug


class Category(models.Model):
    """A node of the category tree (fresh fruit › lychee …)."""

    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    name = models.CharField(_("name"), max_length=128)
    name_en = models.CharField(_("English name"), max_length=128, blank=True)
    slug = models.SlugField(max_length=128, unique=True)
    description = models.TextField(blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    """A product listed by exactly one stall."""

    stall = models.ForeignKey(Stall, on_delete=models.CASCADE, related_name="products")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    name = models.CharField(_("name"), max_length=250)
    slug = models.SlugField(max_length=255, unique=True)
    description = models.TextField(_("description"), blank=True)
    ocop_certificate = models.ForeignKey(
        OcopCertificate, null=True, blank=True, on_delete=models.SET_NULL, related_name="products"
    )
    origin_province_code = models.PositiveSmallIntegerField(_("origin province"), null=True)
    origin_commune_code = models.PositiveIntegerField(_("origin commune"), null=True, blank=True)
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    # Month numbers 1–12 in ascending order, each once; empty means all year.
    harvest_months = models.JSONField(_("harvest months"), default=list, blank=True)
    # fold(name + description + stall + category): the accent-insensitive search key.
    search_document = models.TextField(blank=True, default="")
    # Ranking keys (catalog/search.py): the name folded, the name with its diacritics kept (lower
    # case), and the folded category and origin province; words separated by single spaces.
    search_name = models.TextField(blank=True, default="")
    search_name_marked = models.TextField(blank=True, default="")
    search_facets = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class ProductVariant(models.Model):
    """A sellable unit ("Hộp 500 g"); SKU unique within its stall, GTIN stored as 14 digits."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    # Denormalised from product.stall so SKU uniqueness per stall is a database constraint.
    stall = models.ForeignKey(Stall, on_delete=models.CASCADE, related_name="variants")
    sku = models.CharField(max_length=64)
    name = models.CharField(max_length=255, blank=True)
    gtin = models.CharField(max_length=14, null=True, blank=True, unique=True)
    weight_grams = models.PositiveIntegerField(null=True, blank=True)
    sort_order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["stall", "sku"], name="uniq_sku_per_stall")]

    def __str__(self) -> str:
        return f"{self.product.name} – {self.name or self.sku}"


class VariantChannelListing(models.Model):
    """A variant's price and publication in one channel."""

    variant = models.ForeignKey(ProductVariant, on_delete=models.CASCADE, related_name="listings")
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="variant_listings")
    price_amount = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3)
    is_published = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["variant", "channel"], name="uniq_variant_channel"),
            models.CheckConstraint(condition=models.Q(price_amount__gte=0), name="price_not_negative"),
        ]


class ProductMedia(models.Model):
    """An uploaded product photo; thumbnails are made by a Celery task."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="media")
    image = models.ImageField(upload_to="products/")
    alt = models.CharField(max_length=250, blank=True)
    sort_order = models.PositiveIntegerField(default=0)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]


class Thumbnail(models.Model):
    """A WebP rendition of a product photo at one of the fixed sizes."""

    media = models.ForeignKey(ProductMedia, on_delete=models.CASCADE, related_name="thumbnails")
    size = models.PositiveIntegerField()
    image = models.ImageField(upload_to="thumbnails/")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["media", "size"], name="uniq_thumb_size")]


class Warehouse(models.Model):
    """A place a stall keeps stock."""

    stall = models.ForeignKey(Stall, on_delete=models.CASCADE, related_name="warehouses")
    name = models.CharField(max_length=200)
    province_code = models.PositiveSmallIntegerField()
    commune_code = models.PositiveIntegerField()
    address = models.CharField(max_length=255, blank=True)

    def __str__(self) -> str:
        return self.name


class Stock(models.Model):
    """Units of a variant in a warehouse; `quantity_allocated` are promised to open orders."""

    variant = models.ForeignKey(ProductVariant, on_delete=models.CASCADE, related_name="stocks")
    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE, related_name="stocks")
    quantity = models.PositiveIntegerField(default=0)
    quantity_allocated = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["variant", "warehouse"], name="uniq_stock"),
            models.CheckConstraint(
                condition=models.Q(quantity_allocated__lte=models.F("quantity")),
                name="allocated_within_quantity",
            ),
        ]

    @property
    def quantity_available(self) -> int:
        return self.quantity - self.quantity_allocated


class ProductTranslation(models.Model):
    """A product's name and description in another language (`en`); Vietnamese lives on the product."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="translations")
    language_code = models.CharField(max_length=10)
    name = models.CharField(max_length=250, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product", "language_code"], name="uniq_product_translation")
        ]


class CategoryTranslation(models.Model):
    """A category's name and description in another language."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="translations")
    language_code = models.CharField(max_length=10)
    name = models.CharField(max_length=128, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["category", "language_code"], name="uniq_category_translation")
        ]


class AttributeTranslation(models.Model):
    """A glossary entry: an attribute name or value as written on products (`Khối lượng`) in a language.

    Product attributes are free `name → value` pairs on each product, so their translations are
    keyed by the Vietnamese text itself and shared by every product that uses it.
    """

    source = models.CharField(max_length=250)
    language_code = models.CharField(max_length=10)
    text = models.CharField(max_length=250)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "language_code"], name="uniq_attribute_translation")
        ]


class Collection(models.Model):
    """A curated list of products ("Đặc sản Tết", "OCOP 5 sao"), published per channel."""

    name = models.CharField(_("name"), max_length=250)
    slug = models.SlugField(max_length=255, unique=True)
    description = models.TextField(blank=True)
    background_image = models.ImageField(upload_to="collections/", blank=True)
    background_image_alt = models.CharField(max_length=250, blank=True)
    sort_order = models.PositiveIntegerField(default=0)
    products = models.ManyToManyField(Product, through="CollectionProduct", related_name="collections")

    class Meta:
        ordering = ["sort_order", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class CollectionProduct(models.Model):
    """A product's place in a collection."""

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="entries")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="collection_entries")
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "product"], name="uniq_collection_product")
        ]


class CollectionChannelListing(models.Model):
    """Whether a collection is shown in a channel."""

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="channel_listings")
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="collection_listings")
    is_published = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["collection", "channel"], name="uniq_collection_channel")
        ]


class CollectionTranslation(models.Model):
    """A collection's name and description in another language."""

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="translations")
    language_code = models.CharField(max_length=10)
    name = models.CharField(max_length=250, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "language_code"], name="uniq_collection_translation"
            )
        ]
