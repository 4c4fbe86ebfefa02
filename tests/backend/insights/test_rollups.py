"""The rollups kept current after each commit equal a full rebuild and a direct count over the orders
and scans, after a randomised sequence of orders, cancellations, refunds and scans."""

import random
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from backend.checkout.complete import checkout_complete
from backend.insights.models import OrderRollup, SalesRollup, ScanRollup
from backend.insights.rollups import COUNTED_STATUSES, line_revenues, rollups_rebuild
from backend.orders import actions as orders
from backend.orders.models import Order, OrderLine
from backend.stalls.models import OcopCertificate
from tests.backend.checkout.builders import make_shipping, make_variant, place, ready_checkout
from tests.backend.discounts.builders import make_voucher, with_code
from tests.factories import make_stall, make_user
from tests.traceability.builders import issue_stamps, make_lot
from traceability.models import Scan, VerdictKind
from traceability.verification import ScanMeta, Verdict, scan_record

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _snapshot() -> dict:
    return {
        "sales": sorted(
            SalesRollup.objects.values_list(
                "day", "stall_id", "product_id", "category_id", "ocop_stars", "ocop_group", "channel_id",
                "currency", "buyer_province_code", "lines", "units", "revenue", "grams",
                "lines_weight_unknown",
            )
        ),
        "orders": sorted(
            OrderRollup.objects.values_list(
                "day", "stall_id", "channel_id", "currency", "buyer_province_code", "category_id",
                "ocop_stars", "ocop_group", "orders",
            )
        ),
        "scans": sorted(
            ScanRollup.objects.values_list(
                "day", "stall_id", "verdict", "province_code", "scans", "first_scans"
            )
        ),
    }  # fmt: skip


def _direct_counts() -> dict:
    """Straight from the orders and scans, without the rollup code's helpers (line shares excepted)."""
    counted = Order.objects.filter(status__in=COUNTED_STATUSES)
    revenue: dict[int, Decimal] = defaultdict(Decimal)
    units: dict[int, int] = defaultdict(int)
    grams: dict[int, int] = defaultdict(int)
    ocop_revenue: dict[int, Decimal] = defaultdict(Decimal)
    for order in counted.prefetch_related("lines"):
        lines = sorted(order.lines.all(), key=lambda line: line.pk)
        goods = sum((line.total for line in lines), Decimal(0))
        off = order.discount_amount + order.refunded_amount
        net = goods - min(off, goods)
        revenue[order.stall_id] += net
        shares = line_revenues([line.total for line in lines], off, order.currency)
        assert sum(shares) == net
        for line, share in zip(lines, shares, strict=True):
            units[order.stall_id] += line.quantity
            grams[order.stall_id] += line.quantity * (line.unit_weight_grams or 0)
            if line.ocop_stars:
                ocop_revenue[order.stall_id] += share
    orders_per_stall = defaultdict(int)
    for stall_id in counted.values_list("stall_id", flat=True):
        orders_per_stall[stall_id] += 1
    scans = defaultdict(int)
    for stall_id in Scan.objects.filter(stamp__isnull=False).values_list("stamp__lot__stall_id", flat=True):
        scans[stall_id] += 1
    first = defaultdict(int)
    scanned = set(Scan.objects.filter(stamp__isnull=False).values_list("stamp_id", "stamp__lot__stall_id"))
    for _stamp_id, stall_id in scanned:
        first[stall_id] += 1
    return {
        "revenue": dict(revenue),
        "units": dict(units),
        "grams": dict(grams),
        "ocop_revenue": dict(ocop_revenue),
        "orders": dict(orders_per_stall),
        "scans": dict(scans),
        "first_scans": dict(first),
    }


def _from_rollups() -> dict:
    def per_stall(model, field, **filters):
        totals = defaultdict(int)
        for stall_id, value in model.objects.filter(**filters).values_list("stall_id", field):
            totals[stall_id] += value
        return {k: v for k, v in totals.items() if v}

    return {
        "revenue": per_stall(SalesRollup, "revenue"),
        "units": per_stall(SalesRollup, "units"),
        "grams": per_stall(SalesRollup, "grams"),
        "ocop_revenue": per_stall(SalesRollup, "revenue", ocop_stars__gt=0),
        "orders": per_stall(OrderRollup, "orders", category_id=0, ocop_stars=-1, ocop_group=-1),
        "scans": per_stall(ScanRollup, "scans"),
        "first_scans": per_stall(ScanRollup, "first_scans"),
    }


def _scan(stamp, rng: random.Random) -> None:
    meta = ScanMeta(
        device_hash=f"d{rng.randrange(5)}", consent=True, province_code=rng.choice([86, 79, None])
    )
    verdict = Verdict(
        kind=rng.choice([VerdictKind.GENUINE_FIRST_SCAN, VerdictKind.SUSPICIOUS]),
        serial=stamp.serial,
        stamp=stamp,
    )
    scan_record(verdict=verdict, request_meta=meta)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rollups_after_random_history_equal_rebuild_and_direct_count(
    seed, django_capture_on_commit_callbacks
):
    rng = random.Random(seed)
    owner = make_user()
    stalls = [make_stall(owner), make_stall(owner, legal_form="household")]
    certificate = OcopCertificate.objects.create(
        stall=stalls[0],
        stars=4,
        group=1,
        decision_number="123/QĐ-UBND",
        decision_date=timezone.localdate() - timedelta(days=100),
        issuing_authority="UBND tỉnh Vĩnh Long",
        status="verified",
    )
    variants = []
    for stall in stalls:
        make_shipping(stall, kind="pickup", price=0)
        for weight in (500, None):
            variant = make_variant(stall, stock=1000, weight=weight or 1)
            if weight is None:
                variant.weight_grams = None
                variant.save(update_fields=["weight_grams"])
            variants.append(variant)
    variants[0].product.ocop_certificate = certificate
    variants[0].product.save(update_fields=["ocop_certificate"])
    stamps = list(issue_stamps(make_lot(variants[0]), quantity=6).stamps.all())
    staff = make_user(is_staff=True)
    # Vouchers funded by a stall and by the platform: revenue is what the goods sold for.
    make_voucher("KHO10", stall=stalls[0], kind="percentage", value="10")
    make_voucher("SAN15", kind="fixed", value="15000")

    with django_capture_on_commit_callbacks(execute=True):
        for _step in range(40):
            action = rng.random()
            open_orders = list(Order.objects.filter(status="confirmed"))
            delivered = list(Order.objects.filter(status="delivered", refunded_amount=0))
            if action < 0.45 or not open_orders:
                lines = [(v, rng.randint(1, 3)) for v in rng.sample(variants, rng.randint(1, 3))]
                code = rng.choice([None, None, "KHO10", "SAN15"])
                if code is None or (code == "KHO10" and all(v.stall_id != stalls[0].pk for v, _ in lines)):
                    place(lines, payment_method="cod")
                else:
                    checkout = with_code(ready_checkout(lines, email=f"b{_step}@example.vn"), code)
                    checkout_complete(checkout=checkout, payment_method="cod", user=AnonymousUser())
            elif action < 0.6:
                orders.order_cancel(
                    order=rng.choice(open_orders), actor=staff, reason="Hết hàng", by_stall=True
                )
            elif action < 0.75:
                order = rng.choice(open_orders)
                orders.order_fulfill(order=order, actor=staff, carrier="", tracking_number="")
                orders.order_mark_delivered(order=order, actor=staff)
            elif action < 0.85 and delivered:
                order = rng.choice(delivered)
                amount = (order.total * Decimal(rng.choice(["0.3", "0.5", "1"]))).quantize(Decimal(1))
                orders.order_refund(order=order, amount=amount, actor=staff, reason="Hàng dập")
            else:
                _scan(rng.choice(stamps), rng)

    assert OrderLine.objects.exists() and Scan.objects.exists()
    assert Order.objects.filter(status__in=COUNTED_STATUSES, discount_amount__gt=0).exists()
    incremental = _snapshot()
    assert incremental["sales"] and incremental["orders"] and incremental["scans"]
    assert _from_rollups() == {k: {s: v for s, v in d.items() if v} for k, d in _direct_counts().items()}
    rollups_rebuild()
    assert _snapshot() == incremental


def test_line_revenues_share_a_refund_exactly():
    shares = line_revenues([Decimal(100_000), Decimal(50_000), Decimal(1)], Decimal(100_001), "VND")
    assert sum(shares) == Decimal(50_000)
    assert all(share >= 0 for share in shares)
    assert shares == [Decimal(33_333), Decimal(16_667), Decimal(0)]
    assert line_revenues([Decimal(10)], Decimal(99), "VND") == [Decimal(0)]
