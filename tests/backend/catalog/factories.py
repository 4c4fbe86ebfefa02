"""Builders for catalog test data, going through the real actions so data is always valid."""

import io
import itertools
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from backend.catalog import actions
from backend.catalog.models import Category, Channel, Product, Warehouse
from backend.stalls.models import Stall

_seq = itertools.count(1)


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (40, 30), color: str = "orange") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return buffer.getvalue()


def image_upload(
    fmt: str = "PNG", size: tuple[int, int] = (40, 30), name: str | None = None
) -> SimpleUploadedFile:
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}[fmt]
    return SimpleUploadedFile(
        name or f"photo.{fmt.lower()}", image_bytes(fmt, size), content_type=content_type
    )


def warehouse_for(stall: Stall) -> Warehouse:
    existing = Warehouse.objects.filter(stall=stall).first()
    if existing:
        return existing
    return actions.warehouse_create(
        stall=stall, name="Kho chính", province_code=stall.province_code, commune_code=stall.commune_code
    )


def make_product(
    stall: Stall,
    name: str = "Kẹo dừa sáp",
    *,
    category: str = "banh-keo",
    description: str = "",
    price: Decimal | int | None = 45000,
    channel: str = "vn",
    published: bool = True,
    stock: int | None = 10,
    sku: str | None = None,
    gtin: str | None = None,
    **fields,
) -> Product:
    """A product with one variant, priced in `channel` (unless price is None) and stocked."""
    product = actions.product_create(
        stall=stall,
        category=Category.objects.get(slug=category),
        name=name,
        description=description,
        **fields,
    )
    variant = actions.variant_create(
        product=product, sku=sku or f"SKU-{next(_seq)}", name="Hộp 500 g", gtin=gtin
    )
    if price is not None:
        actions.variant_channel_listing_update(
            variant=variant,
            channel=Channel.objects.get(slug=channel),
            price_amount=price,
            is_published=published,
        )
    if stock is not None:
        actions.stocks_update(variant=variant, stocks=[(warehouse_for(stall), stock)])
    return product
