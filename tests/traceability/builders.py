"""Builders for traceability tests: a stall with a product variant, lots in any status, issued stamps."""

import itertools
from datetime import date
from decimal import Decimal

from backend.catalog.models import Category, Product, ProductVariant
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
