"""Computing the rollup tables from orders and scans: one bucket after a commit, or all of them.

What counts as a sale (the one definition every figure uses): an order counts once it is confirmed
(cash on delivery at once, prepaid orders when their payment arrived) and while it stays confirmed,
packed, shipped or delivered; an unpaid order that expires or any cancelled order does not count.
It counts on the local day (Asia/Ho_Chi_Minh) it was placed. Revenue is what the goods sold for:
the line totals less the order's voucher discount (whoever funds it, the buyer paid that much less)
and less refunds, both taken off the goods and shared over the lines in proportion to their totals
(never below zero), shipping apart; units and weight stay. Money stays in the order's currency.

A bucket is (stall, local day). After an order or a scan commits, its bucket is recomputed from the
source rows: delete the bucket's rows, insert what the source says now. That is idempotent (a task
run twice writes the same rows) and never touches the checkout's or the scan's own transaction. On
PostgreSQL a transaction-scoped advisory lock per bucket keeps two recomputes of one bucket from
interleaving, and a shared lock that `rollups_rebuild` takes exclusively keeps a bucket recompute
from overlapping a rebuild of its month, so the later writer always read the later data.
"""

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_DOWN, Decimal
from itertools import product as cartesian

from dateutil.relativedelta import relativedelta
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from backend.catalog.models import Category
from backend.core.money import quantize
from backend.insights.models import ANY, ANY_CATEGORY, OrderRollup, SalesRollup, ScanRollup
from backend.orders.models import Order, OrderLine, OrderStatus
from traceability.models import Scan

COUNTED_STATUSES = (OrderStatus.CONFIRMED, OrderStatus.PACKED, OrderStatus.SHIPPED, OrderStatus.DELIVERED)
_CHUNK = 2000
# Advisory lock keys: one bigint for "the rollups as a whole", and (kind, bucket) pairs per bucket.
_GLOBAL_LOCK = 7_211_001
_SALES, _SCANS = 1, 2


# --- Time ----------------------------------------------------------------------------------------


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The aware [start, end) of a local day."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=tz)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)


def local_day(moment: datetime) -> date:
    return timezone.localdate(moment)


# --- Locks ---------------------------------------------------------------------------------------


def _advisory_lock(*keys: int, shared: bool = False) -> None:
    """A PostgreSQL transaction-scoped advisory lock (other databases have one writer anyway)."""
    if connection.vendor != "postgresql":
        return
    function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    placeholders = ", ".join(["%s"] * len(keys))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}({placeholders})", keys)


def _lock_bucket(kind: int, stall_id: int, day: date) -> None:
    # Shared: any number of buckets recompute at once, but not while a rebuild rewrites a month.
    _advisory_lock(_GLOBAL_LOCK, shared=True)
    # Exclusive per bucket: two recomputes of one bucket would each delete, then both insert.
    _advisory_lock(stall_id * 4 + kind, day.toordinal())


# --- Sales ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    order_id: int
    product_id: int
    category_id: int
    ocop_stars: int
    ocop_group: int
    quantity: int
    total: Decimal
    unit_weight_grams: int | None


def category_lineage() -> dict[int, tuple[int, ...]]:
    """Category id → itself and every ancestor (the tree is small and read once per computation)."""
    parent = dict(Category.objects.values_list("pk", "parent_id"))
    lineage: dict[int, tuple[int, ...]] = {}
    for pk in parent:
        chain, node, seen = [], pk, set()
        while node is not None and node not in seen:
            seen.add(node)
            chain.append(node)
            node = parent.get(node)
        lineage[pk] = tuple(chain)
    return lineage


def line_revenues(totals: list[Decimal], refunded: Decimal, currency: str) -> list[Decimal]:
    """Each line's revenue after `refunded` (the order's discount plus its refunds) comes off the
    goods (never more than their sum), shared in proportion to the line totals in the currency's
    unit, the units rounding leaves over going to the lines with the largest remainders (so the
    parts add up exactly and no line goes below zero)."""
    goods = sum(totals, Decimal(0))
    refund = min(refunded, goods)
    if refund <= 0 or goods <= 0:
        return list(totals)
    unit = Decimal(1).scaleb(quantize(Decimal(0), currency).as_tuple().exponent)
    exact = [refund * total / goods for total in totals]
    shares = [value.quantize(unit, rounding=ROUND_DOWN) for value in exact]
    left = int((refund - sum(shares, Decimal(0))) / unit)
    by_remainder = sorted(range(len(totals)), key=lambda i: (shares[i] - exact[i], i))
    for i in by_remainder[:left]:
        shares[i] += unit
    return [total - share for total, share in zip(totals, shares, strict=True)]


def _sales_contributions(
    orders: Iterable[dict], lineage: dict[int, tuple[int, ...]]
) -> tuple[Counter, Counter]:
    """Sum counted orders (dicts from `_counted_orders`) into SalesRollup and OrderRollup keys."""
    orders = list(orders)
    sales: dict[tuple, list] = {}
    order_keys: Counter = Counter()
    lines_by_order: dict[int, list[_Line]] = {}
    rows = OrderLine.objects.filter(order_id__in=[o["id"] for o in orders]).values_list(
        "order_id",
        "variant__product_id",
        "variant__product__category_id",
        "ocop_stars",
        "ocop_group",
        "quantity",
        "unit_price",
        "unit_weight_grams",
    )
    for order_id, product_id, category_id, stars, group, quantity, price, grams in rows.order_by("pk"):
        lines_by_order.setdefault(order_id, []).append(
            _Line(
                order_id,
                product_id or 0,
                category_id or 0,
                stars or 0,
                (group or 0) if stars else 0,
                quantity,
                price * quantity,
                grams,
            )
        )
    for order in orders:
        lines = lines_by_order.get(order["id"], [])
        if not lines:
            continue
        revenues = line_revenues(
            [line.total for line in lines],
            order["discount_amount"] + order["refunded_amount"],
            order["currency"],
        )
        head = (local_day(order["created_at"]), order["stall_id"])
        tail = (order["group__channel_id"], order["currency"], order["group__province_code"])
        combos: set[tuple[int, int, int]] = set()
        for line, revenue in zip(lines, revenues, strict=True):
            key = (*head, line.product_id, line.ocop_stars, line.ocop_group, *tail)
            measures = sales.setdefault(key, [line.category_id, 0, 0, Decimal(0), 0, 0])
            measures[1] += 1
            measures[2] += line.quantity
            measures[3] += revenue
            if line.unit_weight_grams is None:
                measures[5] += 1
            else:
                measures[4] += line.quantity * line.unit_weight_grams
            categories = (ANY_CATEGORY, *lineage.get(line.category_id, ()))
            combos.update(cartesian(categories, (ANY, line.ocop_stars), (ANY, line.ocop_group)))
        for combo in combos:
            order_keys[(*head, *tail, *combo)] += 1
    return Counter(sales), order_keys


def _counted_orders(**filters) -> Iterator[dict]:
    """Counted orders matching `filters`, as dicts, in chunks (a rebuild reads millions of lines)."""
    queryset = (
        Order.objects.filter(status__in=COUNTED_STATUSES, **filters)
        .order_by("pk")
        .values(
            "id",
            "stall_id",
            "created_at",
            "currency",
            "refunded_amount",
            "discount_amount",
            "group__channel_id",
            "group__province_code",
        )
    )
    return queryset.iterator(chunk_size=_CHUNK)


def _chunks(items: Iterator[dict], size: int = _CHUNK) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _write_sales(sales: Counter, order_keys: Counter) -> None:
    SalesRollup.objects.bulk_create(
        (
            SalesRollup(
                day=day,
                stall_id=stall_id,
                product_id=product_id,
                category_id=m[0],
                ocop_stars=stars,
                ocop_group=group,
                channel_id=channel_id,
                currency=currency,
                buyer_province_code=province,
                lines=m[1],
                units=m[2],
                revenue=m[3],
                grams=m[4],
                lines_weight_unknown=m[5],
            )
            for (day, stall_id, product_id, stars, group, channel_id, currency, province), m in sales.items()
        ),
        batch_size=5000,
    )
    OrderRollup.objects.bulk_create(
        (
            OrderRollup(
                day=day,
                stall_id=stall_id,
                channel_id=channel_id,
                currency=currency,
                buyer_province_code=province,
                category_id=category_id,
                ocop_stars=stars,
                ocop_group=group,
                orders=count,
            )
            for (day, stall_id, channel_id, currency, province, category_id, stars, group), count in (
                order_keys.items()
            )
        ),
        batch_size=5000,
    )


def _merge(total: tuple[Counter, Counter], part: tuple[Counter, Counter]) -> None:
    sales, orders = total
    for key, measures in part[0].items():
        if key in sales:
            current = sales[key]
            sales[key] = [current[0], *(a + b for a, b in zip(current[1:], measures[1:], strict=True))]
        else:
            sales[key] = measures
    orders.update(part[1])


def sales_bucket_refresh(*, stall_id: int, day: date) -> None:
    """Rewrite one stall's sales rows for one local day from its orders as they stand now."""
    start, end = day_bounds(day)
    with transaction.atomic():
        _lock_bucket(_SALES, stall_id, day)
        SalesRollup.objects.filter(stall_id=stall_id, day=day).delete()
        OrderRollup.objects.filter(stall_id=stall_id, day=day).delete()
        lineage = category_lineage()
        orders = _counted_orders(stall_id=stall_id, created_at__gte=start, created_at__lt=end)
        _write_sales(*_sales_contributions(orders, lineage))


# --- Scans ---------------------------------------------------------------------------------------


def _scan_aggregates(**filters) -> Iterator[dict]:
    """Scans of known stamps grouped by (local day, stall, verdict, province), with first scans."""
    earlier = Scan.objects.filter(stamp_id=OuterRef("stamp_id")).filter(
        Q(scanned_at__lt=OuterRef("scanned_at")) | Q(scanned_at=OuterRef("scanned_at"), pk__lt=OuterRef("pk"))
    )
    return (
        Scan.objects.filter(stamp__isnull=False, **filters)
        .annotate(repeat=Exists(earlier), day=TruncDate("scanned_at", tzinfo=timezone.get_current_timezone()))
        .values("day", "stamp__lot__stall_id", "verdict", "province_code")
        .annotate(scans=Count("pk"), first_scans=Count("pk", filter=Q(repeat=False)))
        .order_by()
        .iterator(chunk_size=_CHUNK)
    )


def _write_scans(rows: Iterable[dict]) -> None:
    ScanRollup.objects.bulk_create(
        (
            ScanRollup(
                day=row["day"],
                stall_id=row["stamp__lot__stall_id"],
                verdict=row["verdict"],
                province_code=row["province_code"] or 0,
                scans=row["scans"],
                first_scans=row["first_scans"],
            )
            for row in _merge_scan_provinces(rows)
        ),
        batch_size=5000,
    )


def _merge_scan_provinces(rows: Iterable[dict]) -> Iterator[dict]:
    """NULL and 0 provinces are both "not shared": one row for them."""
    merged: dict[tuple, dict] = {}
    for row in rows:
        key = (row["day"], row["stamp__lot__stall_id"], row["verdict"], row["province_code"] or 0)
        if key in merged:
            merged[key]["scans"] += row["scans"]
            merged[key]["first_scans"] += row["first_scans"]
        else:
            merged[key] = dict(row)
    return iter(merged.values())


def scans_bucket_refresh(*, stall_id: int, day: date) -> None:
    """Rewrite one stall's scan rows for one local day from the scans stored now."""
    start, end = day_bounds(day)
    with transaction.atomic():
        _lock_bucket(_SCANS, stall_id, day)
        ScanRollup.objects.filter(stall_id=stall_id, day=day).delete()
        _write_scans(
            _scan_aggregates(stamp__lot__stall_id=stall_id, scanned_at__gte=start, scanned_at__lt=end)
        )


# --- Rebuild -------------------------------------------------------------------------------------


def _months(first: date, last: date) -> Iterator[date]:
    month = first.replace(day=1)
    while month <= last:
        yield month
        month += relativedelta(months=1)


def _source_span() -> tuple[date, date] | None:
    moments = [
        moment
        for moment in (
            Order.objects.order_by("created_at").values_list("created_at", flat=True).first(),
            Order.objects.order_by("-created_at").values_list("created_at", flat=True).first(),
            Scan.objects.order_by("scanned_at").values_list("scanned_at", flat=True).first(),
            Scan.objects.order_by("-scanned_at").values_list("scanned_at", flat=True).first(),
        )
        if moment is not None
    ]
    if not moments:
        return None
    return local_day(min(moments)), local_day(max(moments))


@dataclass(frozen=True)
class RebuildResult:
    months: int
    sales_rows: int
    order_rows: int
    scan_rows: int


def rollups_rebuild() -> RebuildResult:
    """Recompute every rollup row from the orders and scans, one month per transaction.

    Rows outside the source's months are dropped first. Each month takes the rollups' lock
    exclusively before reading, so bucket recomputes wait for it and then read what it read or later.
    """
    span = _source_span()
    months = list(_months(*span)) if span else []
    with transaction.atomic():
        _advisory_lock(_GLOBAL_LOCK)
        for model in (SalesRollup, OrderRollup, ScanRollup):
            stale = model.objects.all()
            if span:
                stale = stale.filter(Q(day__lt=months[0]) | Q(day__gte=months[-1] + relativedelta(months=1)))
            stale.delete()
    lineage = category_lineage()
    for month in months:
        start, _ = day_bounds(month)
        end, _ = day_bounds(month + relativedelta(months=1))
        with transaction.atomic():
            _advisory_lock(_GLOBAL_LOCK)
            next_month = month + relativedelta(months=1)
            for model in (SalesRollup, OrderRollup, ScanRollup):
                model.objects.filter(day__gte=month, day__lt=next_month).delete()
            totals: tuple[Counter, Counter] = (Counter(), Counter())
            for chunk in _chunks(_counted_orders(created_at__gte=start, created_at__lt=end)):
                _merge(totals, _sales_contributions(chunk, lineage))
            _write_sales(*totals)
            _write_scans(_scan_aggregates(scanned_at__gte=start, scanned_at__lt=end))
    return RebuildResult(
        months=len(months),
        sales_rows=SalesRollup.objects.count(),
        order_rows=OrderRollup.objects.count(),
        scan_rows=ScanRollup.objects.count(),
    )
