"""A stall owner with a signed-in client, another stall, and small builders for catalog rows."""

import io

import pytest
from PIL import Image

from backend.catalog.actions import (
    product_create,
    stocks_update,
    variant_channel_listing_update,
    variant_create,
    warehouse_create,
)
from backend.catalog.models import Category, Channel
from tests.factories import make_stall, make_user


@pytest.fixture
def owner(db):
    return make_user(full_name="Trần Văn Dừa")


@pytest.fixture
def stall(owner):
    return make_stall(owner, name="HTX Kẹo dừa Thử")


@pytest.fixture
def member_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def other_stall(db):
    return make_stall(make_user(), name="HTX Vải Khác", province_code=24, commune_code=7582)


@pytest.fixture
def category(db):
    return Category.objects.get(slug="banh-keo")


@pytest.fixture
def vn(db):
    return Channel.objects.get(slug="vn")


@pytest.fixture
def warehouse(stall):
    return warehouse_create(stall=stall, name="Kho Bến Tre", province_code=86, commune_code=28777)


def make_product(
    stall, *, name="Kẹo dừa sáp", category=None, sku=None, price=None, quantity=None, warehouse=None
):
    """A product with one variant, optionally priced in `vn` and stocked in `warehouse`."""
    product = product_create(
        stall=stall, category=category or Category.objects.get(slug="banh-keo"), name=name
    )
    variant = variant_create(product=product, sku=sku or f"SKU-{product.pk}", name="Hộp 500 g")
    if price is not None:
        variant_channel_listing_update(
            variant=variant, channel=Channel.objects.get(slug="vn"), price_amount=price
        )
    if quantity is not None:
        stocks_update(variant=variant, stocks=[(warehouse, quantity)])
    return product


def png_bytes(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, format="PNG")
    return buffer.getvalue()
