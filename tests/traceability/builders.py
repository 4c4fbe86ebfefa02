"""Builders for traceability tests: a stall with a product variant, lots in any status, issued stamps."""

import itertools
from datetime import date
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from backend.catalog.models import Category, Channel, Product, ProductVariant, Stock, Warehouse
from backend.orders.models import Allocation, Order, OrderGroup, OrderLine, OrderStatus
from backend.stalls.models import Stall
from tests.factories import make_stall, make_user
from traceability import actions
from traceability.models import Lot, LotStatus, StampJob

_seq = itertools.count(1)


def make_variant(stall: Stall | None = None, *, gtin: str | None = None) -> ProductVariant:
    stall = stall or make_stall(make_user())
    n = next(_seq)
    category, _ = Category.objects.get_or_create(slug="dac-san", defaults={"name": "Đặc sản"})
    product = Product.objects.create(
        stall=stall, category=category, name=f"Kẹo dừa {n}", slug=f"keo-dua-{n}", origin_province_code=86
    )
    return ProductVariant.objects.create(
        product=product, stall=stall, sku=f"SKU-{n}", name="Hộp 500 g", gtin=gtin
    )


def make_lot(
    variant: ProductVariant | None = None,
    *,
    status: str = LotStatus.RELEASED,
    code: str | None = None,
    quantity: str = "100",
    **fields,
) -> Lot:
    variant = variant or make_variant()
    owner = variant.stall.members.first()
    lot = actions.lot_create(
        stall=variant.stall,
        variant=variant,
        code=code or f"L{next(_seq):04d}",
        quantity=Decimal(quantity),
        unit="hộp",
        actor=owner.user if owner else make_user(),
        **{"harvest_date": date(2026, 6, 10), **fields},
    )
    if status != LotStatus.DRAFT:
        actions.lot_release(lot=lot, actor=lot.created_by)
    if status in (LotStatus.ON_HOLD, LotStatus.RECALLED):
        Lot.objects.filter(pk=lot.pk).update(status=status, recall_notice="Ngừng sử dụng lô này.")
        lot.refresh_from_db()
    return lot


def issue_stamps(lot: Lot, quantity: int = 3, *, with_pin: bool = False) -> StampJob:
    """Issue stamps synchronously (the job runs in-process)."""
    job = StampJob.objects.create(
        lot=lot, quantity=quantity, total=quantity, with_pin=with_pin, gtin=lot.variant.gtin or ""
    )
    return actions.stamp_job_run(job_id=job.pk)


DEFAULT_BUYER = {
    "email": "buyer@example.vn",
    "full_name": "Mai",
    "phone": "+84912345678",
    "street": "1 Dừa",
    "commune_code": 28777,
    "province_code": 86,
}


def make_confirmed_order(
    variant: ProductVariant, quantity: int, *, buyer: dict | None = None, user=None
) -> Order:
    """A confirmed one-stall order of `quantity` units, its stock promised (allocated) from the
    stall's warehouse, as checkout leaves it; `buyer` holds the group's contact and address."""
    n = next(_seq)
    channel, _ = Channel.objects.get_or_create(slug="vn", defaults={"name": "VN", "currency_code": "VND"})
    stall = variant.stall
    warehouse, _ = Warehouse.objects.get_or_create(
        stall=stall,
        name="Kho",
        defaults={"province_code": stall.province_code, "commune_code": stall.commune_code},
    )
    stock, _ = Stock.objects.get_or_create(variant=variant, warehouse=warehouse, defaults={"quantity": 1000})
    Stock.objects.filter(pk=stock.pk).update(quantity_allocated=F("quantity_allocated") + quantity)
    now, total = timezone.now(), Decimal(50000 * quantity)
    group = OrderGroup.objects.create(
        number=f"NT{n:08d}",
        user=user,
        channel=channel,
        currency="VND",
        subtotal=total,
        shipping_total=0,
        total=total,
        payment_method="cod",
        created_at=now,
        **{**DEFAULT_BUYER, **(buyer or {})},
    )
    order = Order.objects.create(
        group=group,
        stall=stall,
        number=f"NT{n:08d}-1",
        status=OrderStatus.CONFIRMED,
        delivery_method_name="Nhận tại HTX",
        delivery_kind="pickup",
        currency="VND",
        merchandise_total=total,
        shipping_total=0,
        total=total,
        created_at=now,
    )
    line = OrderLine.objects.create(
        order=order,
        variant=variant,
        product_name="Kẹo dừa",
        sku=variant.sku,
        unit_price=50000,
        quantity=quantity,
    )
    Allocation.objects.create(order_line=line, stock=stock, quantity=quantity)
    return order
