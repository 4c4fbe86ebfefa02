"""Shared setup of the benchmarks: Django on the configured database, and a demo-like released lot.

Everything the benchmarks create hangs off one stall (slug `bench-keo-dua`), created on first use
and reused after, so the benchmarks never touch demo or real data.
"""

import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STALL_SLUG = "bench-keo-dua"
BENCH_GTIN_BODY = "893123400099"  # GS1 prefix 893 (Việt Nam); the check digit is computed


def django_setup() -> None:
    """Configure Django as `manage.py` does, with DEBUG off so no query log grows during a run."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
    os.environ.setdefault("DEBUG", "0")
    import django

    django.setup()


def database_label() -> str:
    from django.db import connection

    settings = connection.settings_dict
    return f"{connection.vendor} {settings.get('NAME')} on {settings.get('HOST') or 'local socket'}"


def bench_lot(*, stamps_label: str):
    """A fresh released lot of the bench stall's GTIN variant, with a short diary, like the demo's."""
    from datetime import date, datetime

    from django.utils import timezone

    from backend.accounts.models import User
    from backend.catalog.gtin import gtin_check_digit
    from backend.catalog.models import Category, Product, ProductVariant
    from backend.stalls.models import LegalForm, MemberRole, Stall, StallMember, StallStatus
    from traceability import actions
    from traceability.models import DiaryKind

    owner, _ = User.objects.get_or_create(email="bench@bench.invalid", defaults={"full_name": "Bench"})
    stall, created = Stall.objects.get_or_create(
        slug=STALL_SLUG,
        defaults={
            "name": "HTX Bench Kẹo dừa",
            "legal_form": LegalForm.COOPERATIVE,
            "province_code": 86,
            "commune_code": 28777,
            "status": StallStatus.APPROVED,
        },
    )
    if created:
        StallMember.objects.create(stall=stall, user=owner, role=MemberRole.OWNER)
    category, _ = Category.objects.get_or_create(slug="dac-san", defaults={"name": "Đặc sản"})
    product, _ = Product.objects.get_or_create(
        stall=stall,
        slug="bench-keo-dua-sap",
        defaults={"category": category, "name": "Kẹo dừa sáp (bench)", "origin_province_code": 86},
    )
    gtin = f"0{BENCH_GTIN_BODY}{gtin_check_digit('0' + BENCH_GTIN_BODY)}"
    variant, _ = ProductVariant.objects.get_or_create(
        product=product, stall=stall, sku="BENCH-250", defaults={"name": "Hộp 250 g", "gtin": gtin}
    )
    lot = actions.lot_create(
        stall=stall,
        variant=variant,
        code=f"B{stamps_label}{secrets.token_hex(3).upper()}"[:20],
        quantity="1000000",
        unit="hộp",
        actor=owner,
        harvest_date=date(2026, 10, 1),
        packing_date=date(2026, 10, 6),
        expiry_date=date(2027, 4, 5),
    )
    for kind, day, notes in (
        (DiaryKind.HARVEST, 1, "Thu hoạch dừa sáp."),
        (DiaryKind.PACKING, 6, "Đóng hộp 250 g."),
    ):
        actions.diary_entry_create(
            author=owner,
            lot=lot,
            kind=kind,
            occurred_at=timezone.make_aware(datetime(2026, 10, day, 8)),
            notes=notes,
        )
    actions.lot_release(lot=lot, actor=owner)
    return lot


def lot_discard(lot) -> None:
    """Remove a bench lot with its stamps, scans and jobs (stamps are PROTECTed, so in order)."""
    from traceability.models import Lot, Scan, Stamp, StampJob

    Scan.objects.filter(stamp__lot=lot).delete()
    Stamp.objects.filter(lot=lot).delete()
    StampJob.objects.filter(lot=lot).delete()
    # Diary entries are append-only evidence even here: the lot and its diary stay, as a record.
    Lot.objects.filter(pk=lot.pk).update(status="recalled", recall_notice="Benchmark lot, not for sale.")
