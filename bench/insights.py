"""Times the dashboard queries over at least 1,000,000 order lines and 1,000,000 scans.

Builds the volume with set-based SQL (`generate_series`, PostgreSQL only) under bench stalls of
Vĩnh Long (slugs `bench-insights-*`), rebuilds the rollups with the real `rollups_rebuild`, then
times `province_insights` (unfiltered and with each filter) and `stall_insights`, a few runs each,
printing the median and the worst run. Run it on a bench database, never on real data:

    DATABASE_URL=postgres://…/nongsan_bench .venv/bin/python -m bench.insights [--lines 1000000]
"""

import argparse
import statistics
import time
import traceback
from collections import defaultdict
from datetime import date, timedelta

from bench.common import database_label, django_setup

PROVINCE = 86
STALLS = 200
PRODUCTS_PER_STALL = 10
DAYS = 730


def _build(lines: int, scans: int) -> None:
    from django.db import connection

    from backend.catalog.models import Category, Channel, Product, ProductVariant
    from backend.stalls.models import LegalForm, OcopCertificate, Stall, StallStatus
    from traceability.models import Lot, StampJob

    vn = Channel.objects.get(slug="vn")
    category = Category.objects.order_by("pk").first()
    forms = list(LegalForm.values)
    stalls = [
        Stall.objects.get_or_create(
            slug=f"bench-insights-{n}",
            defaults={
                "name": f"HTX Bench {n}",
                "legal_form": forms[n % len(forms)],
                "province_code": PROVINCE,
                "commune_code": 28777 + (n % 5),
                "status": StallStatus.APPROVED,
            },
        )[0]
        for n in range(STALLS)
    ]
    variants = []
    for stall in stalls:
        certificate = OcopCertificate.objects.get_or_create(
            stall=stall,
            decision_number=f"B{stall.pk}/QĐ",
            defaults={
                "stars": 3 + stall.pk % 3,
                "group": 1,
                "decision_date": date.today() - timedelta(days=200),
                "issuing_authority": "Bench",
                "status": "verified",
            },
        )[0]
        for p in range(PRODUCTS_PER_STALL):
            product = Product.objects.get_or_create(
                slug=f"bench-insights-{stall.pk}-{p}",
                defaults={
                    "stall": stall,
                    "category": category,
                    "name": f"Bench {stall.pk}-{p}",
                    "ocop_certificate": certificate if p % 3 == 0 else None,
                },
            )[0]
            variants.append(
                ProductVariant.objects.get_or_create(
                    product=product,
                    sku=f"B-{p}",
                    defaults={"stall": stall, "weight_grams": None if p == 9 else 250 * (p + 1)},
                )[0]
            )
    orders = lines // 2
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO orders_ordergroup (number, email, token, full_name, phone, street, commune_code,
                province_code, currency, subtotal, shipping_total, total, payment_method, created_at,
                channel_id)
            SELECT 'B' || g, 'b@bench.invalid', md5(random()::text || g)::uuid, 'Bench', '+84900000000', '-',
                26882, (ARRAY[1, 79, 48, 31, 92, 86])[1 + g %% 6], 'VND', 0, 0, 0, 'cod',
                now() - (g %% %s) * interval '1 day' - (g %% 86400) * interval '1 second', %s
            FROM generate_series(1, %s) g
            """,
            [DAYS, vn.pk, orders],
        )
        cursor.execute(
            """
            INSERT INTO orders_order (number, status, delivery_method_name, delivery_kind, carrier,
                tracking_number, currency, merchandise_total, shipping_total, total, refunded_amount,
                cancel_reason, created_at, updated_at, stall_id, group_id)
            SELECT g.number || '-1',
                (ARRAY['confirmed', 'delivered', 'delivered', 'cancelled'])[1 + g.id %% 4],
                'Bench', 'pickup', '', '', 'VND', 160000, 0, 160000,
                CASE WHEN g.id %% 20 = 0 THEN 40000 ELSE 0 END, '', g.created_at, g.created_at,
                (%s::int[])[1 + g.id %% %s], g.id
            FROM orders_ordergroup g WHERE g.number LIKE 'B%%'
            """,
            [[s.pk for s in stalls], len(stalls)],
        )
        cursor.execute(
            """
            INSERT INTO orders_orderline (product_name, variant_name, sku, unit_price, quantity,
                quantity_fulfilled, order_id, variant_id, unit_weight_grams, ocop_stars, ocop_group)
            SELECT 'Bench', '', 'B', 40000, 2, 0, o.id, v.id, v.weight_grams,
                CASE WHEN p.ocop_certificate_id IS NULL THEN NULL ELSE 4 END,
                CASE WHEN p.ocop_certificate_id IS NULL THEN NULL ELSE 1 END
            FROM orders_order o
            CROSS JOIN generate_series(0, 1) k
            JOIN catalog_productvariant v ON v.id = (
                SELECT id FROM catalog_productvariant WHERE stall_id = o.stall_id
                ORDER BY id OFFSET (o.id + k) %% %s LIMIT 1)
            JOIN catalog_product p ON p.id = v.product_id
            WHERE o.number LIKE 'B%%'
            """,
            [PRODUCTS_PER_STALL],
        )
    lot_variant = variants[0]
    lot = Lot.objects.get_or_create(
        stall=lot_variant.stall, variant=lot_variant, code="BENCHINS", defaults={"quantity": 1, "unit": "hộp"}
    )[0]
    job = StampJob.objects.create(lot=lot, quantity=scans // 4, total=scans // 4, progress=scans // 4)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO traceability_stamp (job_id, lot_id, serial, key_id, signature, created_at)
            SELECT %s, %s, 'BI' || g, 'k1', 'x', now() FROM generate_series(1, %s) g
            """,
            [job.pk, lot.pk, scans // 4],
        )
        cursor.execute(
            """
            INSERT INTO traceability_scan (stamp_id, serial, verdict, scanned_at, ip_hash, device_hash,
                user_agent, consent, province_code)
            SELECT s.id, s.serial, CASE WHEN k = 3 THEN 'suspicious' ELSE 'genuine_scanned_before' END,
                now() - ((s.id + k) %% %s) * interval '1 day', '', '', '', true,
                (ARRAY[1, 79, 86, NULL])[1 + (s.id + k) %% 4]
            FROM traceability_stamp s CROSS JOIN generate_series(0, 3) k WHERE s.lot_id = %s
            """,
            [DAYS, lot.pk],
        )


class _QueryLog:
    """An execute wrapper that times every SQL query and names it by the insights function that ran it."""

    def __init__(self) -> None:
        self.timings: dict[str, list[float]] = defaultdict(list)

    def __call__(self, execute, sql, params, many, context):
        label = "?"
        for frame in reversed(traceback.extract_stack()[:-1]):
            if "/backend/insights/" in frame.filename:
                label = f"{frame.filename.rsplit('/', 1)[-1][:-3]}.{frame.name}:{frame.lineno}"
                break
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.timings[label].append((time.perf_counter() - start) * 1000)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _time(label: str, read, runs: int = 10) -> None:
    """Time `read` `runs` times after one warm-up: the whole call, then each query on its own."""
    from django.db import connection

    read()
    timings, log = [], _QueryLog()
    with connection.execute_wrapper(log):
        for _ in range(runs):
            start = time.perf_counter()
            read()
            timings.append((time.perf_counter() - start) * 1000)
    queries = sum(len(v) for v in log.timings.values()) // runs
    print(
        f"{label:<40} whole call p50 {statistics.median(timings):6.1f} ms  p95 {_pct(timings, 0.95):6.1f} ms"
        f"  ({queries} queries)"
    )
    worst = sorted(log.timings.items(), key=lambda item: -_pct(item[1], 0.95))
    for query, values in worst[: 4 if label.startswith("  ") else len(worst)]:
        print(f"    {query:<52} p50 {_pct(values, 0.5):6.1f} ms  p95 {_pct(values, 0.95):6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--scans", type=int, default=1_000_000)
    parser.add_argument("--reuse", action="store_true", help="time the data a previous run built")
    args = parser.parse_args()
    django_setup()
    from django.db import connection

    from backend.accounts.models import User
    from backend.insights.actions import insights_rebuild
    from backend.insights.selectors import InsightFilters, province_insights, stall_insights
    from backend.orders.models import OrderLine
    from backend.stalls.models import Stall
    from traceability.models import Scan

    assert connection.vendor == "postgresql", "the benchmark needs PostgreSQL"
    print(f"database: {database_label()}")
    if not args.reuse:
        start = time.perf_counter()
        _build(args.lines, args.scans)
        print(f"built source rows in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        result = insights_rebuild()
        print(f"rollups_rebuild: {time.perf_counter() - start:.1f} s, {result}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"order lines: {OrderLine.objects.count():,}   scans: {Scan.objects.count():,}")
    staff, _ = User.objects.get_or_create(email="bench-staff@bench.invalid", defaults={"is_staff": True})
    today = date.today()
    period = {"date_from": today - timedelta(days=365), "date_to": today}
    stall = Stall.objects.filter(slug="bench-insights-0").first()
    for label, filters in (
        ("province_insights, one year", InsightFilters()),
        ("  + commune", InsightFilters(commune_code=28778)),
        ("  + OCOP 4 stars", InsightFilters(ocop_stars=4)),
        ("  + legal form household", InsightFilters(legal_form="household")),
        ("  + channel vn", InsightFilters(channel="vn")),
    ):
        _time(
            label,
            lambda f=filters: province_insights(user=staff, province_code=PROVINCE, filters=f, **period),
        )
    _time("stall_insights, one year", lambda: stall_insights(user=staff, stall_id=stall.pk, **period))


if __name__ == "__main__":
    main()
