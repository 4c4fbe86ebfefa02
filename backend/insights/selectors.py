"""Scoped reads of the insights: a province's figures for its officials, a stall's for its members.

Every figure is an aggregate: nothing here returns a buyer's name, phone, email or street. Money
is summed per currency and never across currencies. Sales figures read the rollup tables
(`backend.insights.rollups` defines what counts as a sale); the filters by category, OCOP stars
and group and channel narrow the sales figures, the filters by the producing stall's commune and
legal form narrow every figure about stalls (sales, producers online, stamps, declarations); the
declared e-commerce share follows the category filter too, but not OCOP or channel (a declaration
records neither). Each sales figure is read in as few grouped queries as possible (the period and
the year before in one read), so the whole dashboard stays within its time budget at scale.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, BooleanField, Count, ExpressionWrapper, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from backend.accounts import roles
from backend.accounts.models import User
from backend.catalog.models import Channel, Product
from backend.core.errors import DomainError
from backend.insights.error_codes import InsightErrorCode
from backend.insights.models import ANY, ANY_CATEGORY, OrderRollup, SalesDeclaration, SalesRollup, ScanRollup
from backend.insights.ocop_list import OcopListReport, ocop_list_report
from backend.insights.rollups import COUNTED_STATUSES, category_lineage, day_bounds
from backend.orders.models import CommissionLine, LedgerKind, PayoutLedgerEntry
from backend.orders.selectors import stall_balance
from backend.regions.selectors import province_by_code
from backend.reviews.models import Review, ReviewStatus
from backend.stalls.models import LegalForm, Stall, StallStatus
from traceability.models import Lot, StampJob, VerdictKind

# A dashboard period is at most five years: the monthly series and its year-before twin stay small.
MAX_PERIOD_DAYS = 5 * 366
TOP = 10
SUSPICIOUS_VERDICTS = (VerdictKind.SUSPICIOUS, VerdictKind.FORGED)


# --- Values ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InsightFilters:
    """What the officials' dashboard narrows by; None means "all"."""

    commune_code: int | None = None
    category_id: int | None = None
    ocop_stars: int | None = None  # 0: products without OCOP stars at the sale
    ocop_group: int | None = None
    legal_form: str | None = None
    channel: str | None = None  # a channel slug: "vn" (VND) or "export" (USD)

    @property
    def narrows_lines(self) -> bool:
        return any(v is not None for v in (self.category_id, self.ocop_stars, self.ocop_group))


@dataclass(frozen=True)
class Amount:
    currency: str
    amount: Decimal


@dataclass(frozen=True)
class Share:
    """A ratio in one currency; None when the denominator is zero."""

    currency: str
    share: Decimal | None


@dataclass(frozen=True)
class SalesFigures:
    revenue: tuple[Amount, ...] = ()
    order_count: int = 0
    units_sold: int = 0
    tonnes_sold: Decimal = Decimal("0.000")
    lines_weight_unknown: int = 0  # counted lines whose unit weight was not recorded


@dataclass(frozen=True)
class MonthFigures:
    month: date
    sales: SalesFigures
    previous_year: SalesFigures  # the same month one year before


@dataclass(frozen=True)
class Ranked:
    """A product or stall in a top list: units sold and revenue per currency."""

    id: int
    name: str
    stall_name: str
    units_sold: int
    revenue: tuple[Amount, ...]


@dataclass(frozen=True)
class ProvinceCount:
    """A figure per province (buyers' provinces of sales, scanners' provinces of scans)."""

    province_code: int  # 0: not known (a scanner who did not share it)
    province_name: str
    order_count: int = 0
    units_sold: int = 0
    revenue: tuple[Amount, ...] = ()
    scans: int = 0


@dataclass(frozen=True)
class LegalFormCount:
    legal_form: str
    count: int


@dataclass(frozen=True)
class MonthCount:
    month: date
    count: int


@dataclass(frozen=True)
class StallRef:
    id: int
    name: str


@dataclass(frozen=True)
class StampFigures:
    stamps_issued: int = 0
    stamps_scanned: int = 0  # stamps scanned for the first time in the period
    scans: int = 0
    suspicious_scans: int = 0
    recalls: int = 0

    @property
    def scan_rate(self) -> Decimal | None:
        """Stamps first scanned ÷ stamps issued in the period (older stamps can push it above 1)."""
        if not self.stamps_issued:
            return None
        return (Decimal(self.stamps_scanned) / self.stamps_issued).quantize(Decimal("0.0001"))


@dataclass(frozen=True)
class DeclaredShares:
    """E-commerce share = (Nông Sàn + declared other online) ÷ (Nông Sàn + other online + offline),
    over the stalls and months that declared; Nông Sàn's own share beside it."""

    online: tuple[Share, ...] = ()
    nongsan: tuple[Share, ...] = ()
    declared_other_online: tuple[Amount, ...] = ()
    declared_offline: tuple[Amount, ...] = ()
    nongsan_revenue: tuple[Amount, ...] = ()


@dataclass(frozen=True)
class ProvinceInsights:
    province_code: int
    province_name: str
    date_from: date
    date_to: date
    filters: InsightFilters
    sales: SalesFigures
    ocop_revenue_share: tuple[Share, ...]
    declared: DeclaredShares
    stalls_online: int
    stalls_online_by_legal_form: tuple[LegalFormCount, ...]
    stalls_new_by_month: tuple[MonthCount, ...]
    stalls_active: int
    ocop: OcopListReport
    stamps: StampFigures
    monthly: tuple[MonthFigures, ...]
    top_products: tuple[Ranked, ...]
    top_stalls: tuple[Ranked, ...]
    buyer_provinces: tuple[ProvinceCount, ...]
    stalls_without_declaration: tuple[StallRef, ...]  # for the month of date_to

    # The GraphQL field names, read straight off the value.
    @property
    def revenue(self) -> tuple[Amount, ...]:
        return self.sales.revenue

    @property
    def order_count(self) -> int:
        return self.sales.order_count

    @property
    def units_sold(self) -> int:
        return self.sales.units_sold

    @property
    def tonnes_sold(self) -> Decimal:
        return self.sales.tonnes_sold


@dataclass(frozen=True)
class RatingFigures:
    count: int = 0
    average: Decimal | None = None
    by_stars: tuple[tuple[int, int], ...] = field(default_factory=tuple)  # (stars, reviews)


@dataclass(frozen=True)
class ProductMonth:
    month: date
    product_id: int
    product_name: str
    units_sold: int
    revenue: tuple[Amount, ...]


@dataclass(frozen=True)
class StallInsights:
    stall_id: int
    stall_name: str
    date_from: date
    date_to: date
    sales: SalesFigures
    monthly: tuple[MonthFigures, ...]
    sales_by_product_month: tuple[ProductMonth, ...]
    buyer_provinces: tuple[ProvinceCount, ...]
    commission: tuple[Amount, ...]  # on the counted orders placed in the period
    payouts: tuple[Amount, ...]  # paid to the stall in the period
    balance: tuple[Amount, ...]  # owed to the stall now
    scans_by_province: tuple[ProvinceCount, ...]
    stamps: StampFigures
    ratings: RatingFigures


# --- Scope and period ------------------------------------------------------------------------------


def province_readable(*, user: User | AnonymousUser, province_code: int) -> bool:
    """Platform staff read every province; an official only those of their OfficialScope rows."""
    return roles.is_platform_staff(user) or province_code in roles.official_province_codes(user)


def insight_provinces(*, user: User | AnonymousUser) -> list[int]:
    """The provinces whose figures `user` may read (every province code for staff)."""
    if roles.is_platform_staff(user):
        return sorted(Stall.objects.values_list("province_code", flat=True).distinct())
    return roles.official_province_codes(user)


def _period_check(date_from: date, date_to: date) -> None:
    if date_from > date_to:
        raise DomainError(InsightErrorCode.INVALID_PERIOD, "The period ends before it starts.", "dateTo")
    if (date_to - date_from).days > MAX_PERIOD_DAYS:
        raise DomainError(InsightErrorCode.INVALID_PERIOD, "A period is at most five years.", "dateFrom")


def _months(date_from: date, date_to: date) -> list[date]:
    months, month = [], date_from.replace(day=1)
    while month <= date_to:
        months.append(month)
        month += relativedelta(months=1)
    return months


# --- Sales from the rollups ------------------------------------------------------------------------


def _amounts(rows: dict[str, Decimal]) -> tuple[Amount, ...]:
    return tuple(Amount(currency, rows[currency]) for currency in sorted(rows))


def _tonnes(grams: int) -> Decimal:
    return (Decimal(grams) / 1_000_000).quantize(Decimal("0.001"))


def _category_subtree(category_id: int) -> list[int]:
    """The category and every category below it."""
    return [c for c, chain in category_lineage().items() if category_id in chain]


def _channel_ids(filters: InsightFilters) -> list[int]:
    # Resolved to ids first: a literal list lets the planner estimate the rollup rows it matches.
    return list(Channel.objects.filter(slug=filters.channel).values_list("pk", flat=True))


def _line_rows(stalls: list[int], date_from: date, date_to: date, filters: InsightFilters) -> QuerySet:
    rows = SalesRollup.objects.filter(stall_id__in=stalls, day__gte=date_from, day__lte=date_to)
    if filters.category_id is not None:
        rows = rows.filter(category_id__in=_category_subtree(filters.category_id))
    if filters.ocop_stars is not None:
        rows = rows.filter(ocop_stars=filters.ocop_stars)
    if filters.ocop_group is not None:
        rows = rows.filter(ocop_group=filters.ocop_group)
    if filters.channel is not None:
        rows = rows.filter(channel_id__in=_channel_ids(filters))
    return rows


def _order_rows(stalls: list[int], date_from: date, date_to: date, filters: InsightFilters) -> QuerySet:
    rows = OrderRollup.objects.filter(
        stall_id__in=stalls,
        day__gte=date_from,
        day__lte=date_to,
        category_id=ANY_CATEGORY if filters.category_id is None else filters.category_id,
        ocop_stars=ANY if filters.ocop_stars is None else filters.ocop_stars,
        ocop_group=ANY if filters.ocop_group is None else filters.ocop_group,
    )
    if filters.channel is not None:
        rows = rows.filter(channel_id__in=_channel_ids(filters))
    return rows


_LINE_SUMS = {
    "units": Sum("units"),
    "revenue": Sum("revenue"),
    "grams": Sum("grams"),
    "unknown": Sum("lines_weight_unknown"),
}


@dataclass
class _Tally:
    """Sales measures summed in Python from grouped rollup rows (money kept per currency)."""

    units: int = 0
    grams: int = 0
    unknown: int = 0
    orders: int = 0
    revenue: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))

    def add_lines(self, row: dict) -> None:
        self.units += row["units"]
        self.grams += row["grams"]
        self.unknown += row["unknown"]
        self.revenue[row["currency"]] += row["revenue"]

    def figures(self) -> SalesFigures:
        return SalesFigures(
            revenue=_amounts(self.revenue),
            order_count=self.orders,
            units_sold=self.units,
            tonnes_sold=_tonnes(self.grams),
            lines_weight_unknown=self.unknown,
        )


@dataclass(frozen=True)
class _SalesOverview:
    total: SalesFigures
    ocop_revenue_share: tuple[Share, ...]
    monthly: tuple[MonthFigures, ...]
    buyer_provinces: tuple[ProvinceCount, ...]


def _sales_overview(
    stalls: list[int], date_from: date, date_to: date, filters: InsightFilters
) -> _SalesOverview:
    """The period's totals, OCOP share and buyers' provinces, and the monthly series with its
    year-before twin, from two grouped reads over both years: one of the line rollup, one of the
    order rollup. Each row says whether its day is in the period, in the year before, or (for a
    period longer than a year) in both, so the edges of partial months stay exact."""
    year = relativedelta(years=1)
    in_period = Q(day__gte=date_from, day__lte=date_to)
    in_year_before = Q(day__gte=date_from - year, day__lte=date_to - year)
    flags = {
        "month": TruncMonth("day"),
        "now": ExpressionWrapper(in_period, output_field=BooleanField()),
        "before": ExpressionWrapper(in_year_before, output_field=BooleanField()),
    }
    total, ocop = _Tally(), _Tally()
    by_province: dict[int, _Tally] = defaultdict(_Tally)
    now: dict[date, _Tally] = defaultdict(_Tally)
    before: dict[date, _Tally] = defaultdict(_Tally)
    lines = (
        _line_rows(stalls, date_from - year, date_to, filters)
        .filter(in_period | in_year_before)
        .annotate(**flags, ocop=ExpressionWrapper(Q(ocop_stars__gt=0), output_field=BooleanField()))
        .values("month", "now", "before", "buyer_province_code", "currency", "ocop")
        .annotate(**_LINE_SUMS)
        .order_by()
    )
    for row in lines:
        month = _as_date(row["month"])
        if row["now"]:
            total.add_lines(row)
            by_province[row["buyer_province_code"]].add_lines(row)
            now[month].add_lines(row)
            if row["ocop"]:
                ocop.add_lines(row)
        if row["before"]:
            before[month].add_lines(row)
    orders = (
        _order_rows(stalls, date_from - year, date_to, filters)
        .filter(in_period | in_year_before)
        .annotate(**flags)
        .values("month", "now", "before", "buyer_province_code")
        .annotate(n=Sum("orders"))
        .order_by()
    )
    for row in orders:
        month = _as_date(row["month"])
        if row["now"]:
            total.orders += row["n"]
            by_province[row["buyer_province_code"]].orders += row["n"]
            now[month].orders += row["n"]
        if row["before"]:
            before[month].orders += row["n"]
    sales = total.figures()
    provinces = [
        ProvinceCount(
            province_code=code,
            province_name=_province_name(code),
            order_count=tally.orders,
            units_sold=tally.units,
            revenue=_amounts(tally.revenue),
        )
        for code, tally in by_province.items()
    ]
    return _SalesOverview(
        total=sales,
        ocop_revenue_share=tuple(
            Share(a.currency, _ratio(ocop.revenue.get(a.currency, Decimal(0)), a.amount))
            for a in sales.revenue
        ),
        monthly=tuple(
            MonthFigures(
                month=month,
                sales=now[month].figures() if month in now else SalesFigures(),
                previous_year=before[month - year].figures() if month - year in before else SalesFigures(),
            )
            for month in _months(date_from, date_to)
        ),
        buyer_provinces=tuple(sorted(provinces, key=lambda p: (-p.order_count, p.province_code))),
    )


def _as_date(value) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


@dataclass(frozen=True)
class _Rankings:
    top_products: tuple[Ranked, ...]
    top_stalls: tuple[Ranked, ...]
    stalls_active: int  # stalls with a counted line in the period


def _top(sums: dict[int, _Tally]) -> list[tuple[int, _Tally]]:
    return sorted(sums.items(), key=lambda item: (-item[1].units, item[0]))[:TOP]


def _rankings(stalls: list[int], date_from: date, date_to: date, filters: InsightFilters) -> _Rankings:
    """Top products, top stalls and the active stalls from one read: units and revenue per
    (stall, product, currency), ranked in Python (a province has thousands of products, not millions)."""
    products: dict[int, _Tally] = defaultdict(_Tally)
    by_stall: dict[int, _Tally] = defaultdict(_Tally)
    rows = (
        _line_rows(stalls, date_from, date_to, filters)
        .values("stall_id", "product_id", "currency")
        .annotate(**_LINE_SUMS)
        .order_by()
    )
    for row in rows:
        products[row["product_id"]].add_lines(row)
        by_stall[row["stall_id"]].add_lines(row)
    top_products, top_stalls = _top(products), _top(by_stall)
    found = Product.objects.select_related("stall").in_bulk([pk for pk, _t in top_products])
    names = dict(Stall.objects.filter(pk__in=[pk for pk, _t in top_stalls]).values_list("pk", "name"))
    return _Rankings(
        top_products=tuple(
            Ranked(
                id=pk,
                name=found[pk].name if pk in found else "",
                stall_name=found[pk].stall.name if pk in found else "",
                units_sold=tally.units,
                revenue=_amounts(tally.revenue),
            )
            for pk, tally in top_products
        ),
        top_stalls=tuple(
            Ranked(
                id=pk,
                name=names.get(pk, ""),
                stall_name=names.get(pk, ""),
                units_sold=tally.units,
                revenue=_amounts(tally.revenue),
            )
            for pk, tally in top_stalls
        ),
        stalls_active=len(by_stall),
    )


def _province_name(code: int) -> str:
    province = province_by_code(code) if code else None
    return province.name if province else ""


# --- Stalls, stamps, declarations ------------------------------------------------------------------


def _province_stalls(province_code: int, filters: InsightFilters) -> QuerySet[Stall]:
    stalls = Stall.objects.filter(province_code=province_code)
    if filters.commune_code is not None:
        stalls = stalls.filter(commune_code=filters.commune_code)
    if filters.legal_form is not None:
        stalls = stalls.filter(legal_form=filters.legal_form)
    return stalls


def _stamp_figures(stalls: list[int], date_from: date, date_to: date) -> StampFigures:
    start, _ = day_bounds(date_from)
    _, end = day_bounds(date_to)
    scans = ScanRollup.objects.filter(stall_id__in=stalls, day__gte=date_from, day__lte=date_to).aggregate(
        all_scans=Sum("scans"),
        first=Sum("first_scans"),
        suspicious=Sum("scans", filter=Q(verdict__in=SUSPICIOUS_VERDICTS)),
    )
    issued = StampJob.objects.filter(
        lot__stall_id__in=stalls, created_at__gte=start, created_at__lt=end
    ).aggregate(n=Sum("progress"))["n"]
    recalls = Lot.objects.filter(stall_id__in=stalls, recalled_at__gte=start, recalled_at__lt=end).count()
    return StampFigures(
        stamps_issued=issued or 0,
        stamps_scanned=scans["first"] or 0,
        scans=scans["all_scans"] or 0,
        suspicious_scans=scans["suspicious"] or 0,
        recalls=recalls,
    )


def _ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    return (part / whole).quantize(Decimal("0.0001")) if whole else None


# The filters the e-commerce share cannot follow: a declaration records neither the OCOP status of
# what was sold nor a Nông Sàn channel (its sales were made elsewhere).
DECLARED_SHARE_IGNORES = ("ocop_stars", "ocop_group", "channel")


def _declared_shares(
    stalls: list[int], date_from: date, date_to: date, filters: InsightFilters
) -> DeclaredShares:
    """Over the (stall, month) pairs that declared in the months the period touches: Nông Sàn's
    revenue in those whole months against what the stalls declared for them.

    The commune and legal-form filters narrow the stalls. A category filter keeps the declarations
    made for a product of that category (or below it) or for that category or one below it, and
    Nông Sàn's revenue in it; a whole-stall declaration cannot be split by category, so it drops
    out. The OCOP and channel filters are ignored (DECLARED_SHARE_IGNORES)."""
    months = _months(date_from, date_to)
    declarations = SalesDeclaration.objects.filter(stall_id__in=stalls, month__in=months)
    categories = None if filters.category_id is None else _category_subtree(filters.category_id)
    if categories is not None:
        declarations = declarations.filter(
            Q(category_id__in=categories) | Q(product__category_id__in=categories)
        )
    other: dict[str, Decimal] = defaultdict(Decimal)
    offline: dict[str, Decimal] = defaultdict(Decimal)
    pairs: set[tuple[int, date]] = set()
    for row in declarations.values("stall_id", "month", "currency", "other_online_amount", "offline_amount"):
        other[row["currency"]] += row["other_online_amount"]
        offline[row["currency"]] += row["offline_amount"]
        pairs.add((row["stall_id"], row["month"]))
    if not pairs:
        return DeclaredShares()
    nongsan: dict[str, Decimal] = defaultdict(Decimal)
    lines = SalesRollup.objects.filter(
        stall_id__in={stall for stall, _m in pairs},
        day__gte=months[0],
        day__lt=months[-1] + relativedelta(months=1),
    ).annotate(month=TruncMonth("day"))
    if categories is not None:
        lines = lines.filter(category_id__in=categories)
    for row in lines.values("stall_id", "month", "currency").annotate(r=Sum("revenue")).order_by():
        if (row["stall_id"], _as_date(row["month"])) in pairs:
            nongsan[row["currency"]] += row["r"]
    currencies = sorted(set(other) | set(offline) | set(nongsan))
    whole = {c: nongsan[c] + other[c] + offline[c] for c in currencies}
    return DeclaredShares(
        online=tuple(Share(c, _ratio(nongsan[c] + other[c], whole[c])) for c in currencies),
        nongsan=tuple(Share(c, _ratio(nongsan[c], whole[c])) for c in currencies),
        declared_other_online=tuple(Amount(c, other[c]) for c in currencies),
        declared_offline=tuple(Amount(c, offline[c]) for c in currencies),
        nongsan_revenue=tuple(Amount(c, nongsan[c]) for c in currencies),
    )


def declarations_missing(*, province: int, month: date) -> QuerySet[Stall]:
    """Approved stalls of `province` that have not declared their sales for `month`."""
    declared = SalesDeclaration.objects.filter(month=month.replace(day=1)).values("stall_id")
    return (
        Stall.objects.filter(province_code=province, status=StallStatus.APPROVED)
        .exclude(pk__in=declared)
        .order_by("name", "pk")
    )


def declarations_for_stall(*, stall: Stall, months: list[date] | None = None) -> QuerySet[SalesDeclaration]:
    """A stall's declarations (of `months` when given), newest month first."""
    rows = SalesDeclaration.objects.filter(stall=stall).select_related("product", "category")
    if months is not None:
        rows = rows.filter(month__in=[m.replace(day=1) for m in months])
    return rows.order_by("-month", "pk")


# --- The two entry points --------------------------------------------------------------------------


def province_insights(
    *,
    user: User | AnonymousUser,
    province_code: int,
    date_from: date,
    date_to: date,
    filters: InsightFilters | None = None,
) -> ProvinceInsights:
    """A province's figures for the period (both days included), for its officials or staff.

    Raises PermissionDenied for anyone else and DomainError(INVALID_PERIOD / UNKNOWN_PROVINCE).
    """
    if not province_readable(user=user, province_code=province_code):
        raise PermissionDenied("Not an official of this province.")
    province = province_by_code(province_code)
    if province is None:
        raise DomainError(InsightErrorCode.UNKNOWN_PROVINCE, "Unknown province.", "province")
    _period_check(date_from, date_to)
    filters = filters or InsightFilters()
    stalls = _province_stalls(province_code, filters)
    stall_ids = list(stalls.values_list("pk", flat=True))
    overview = _sales_overview(stall_ids, date_from, date_to, filters)
    rankings = _rankings(stall_ids, date_from, date_to, filters)
    online = stalls.filter(status=StallStatus.APPROVED)
    by_form = dict(online.values("legal_form").annotate(n=Count("pk")).values_list("legal_form", "n"))
    start, _ = day_bounds(date_from)
    _, end = day_bounds(date_to)
    new = (
        online.filter(created_at__gte=start, created_at__lt=end)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    new_by_month = {_as_date(month): n for month, n in new}
    return ProvinceInsights(
        province_code=province_code,
        province_name=province.name,
        date_from=date_from,
        date_to=date_to,
        filters=filters,
        sales=overview.total,
        ocop_revenue_share=overview.ocop_revenue_share,
        declared=_declared_shares(stall_ids, date_from, date_to, filters),
        stalls_online=sum(by_form.values()),
        stalls_online_by_legal_form=tuple(
            LegalFormCount(form, by_form.get(form, 0)) for form in LegalForm.values
        ),
        stalls_new_by_month=tuple(MonthCount(m, new_by_month.get(m, 0)) for m in _months(date_from, date_to)),
        stalls_active=rankings.stalls_active,
        ocop=ocop_list_report(province_code=province_code, on=date_to),
        stamps=_stamp_figures(stall_ids, date_from, date_to),
        monthly=overview.monthly,
        top_products=rankings.top_products,
        top_stalls=rankings.top_stalls,
        buyer_provinces=overview.buyer_provinces,
        stalls_without_declaration=tuple(
            StallRef(s.pk, s.name)
            for s in declarations_missing(province=province_code, month=date_to)
            if filters.commune_code in (None, s.commune_code) and filters.legal_form in (None, s.legal_form)
        ),
    )


def stall_insights_readable(*, user: User | AnonymousUser, stall: Stall) -> bool:
    """A stall's own figures (commission, payouts, balance) are for its members and platform staff."""
    if roles.is_platform_staff(user):
        return True
    return bool(user.is_authenticated and stall.members.filter(user=user).exists())


def stall_insights(
    *, user: User | AnonymousUser, stall_id: int, date_from: date, date_to: date
) -> StallInsights:
    """One stall's figures for the period, for its members and platform staff (PermissionDenied
    for anyone else, the same for a stall that does not exist)."""
    stall = Stall.objects.filter(pk=stall_id).first()
    if stall is None or not stall_insights_readable(user=user, stall=stall):
        raise PermissionDenied("Not a member of this stall.")
    _period_check(date_from, date_to)
    only = [stall.pk]
    filters = InsightFilters()
    lines = _line_rows(only, date_from, date_to, filters)
    overview = _sales_overview(only, date_from, date_to, filters)
    start, _ = day_bounds(date_from)
    _, end = day_bounds(date_to)
    by_product = (
        lines.annotate(month=TruncMonth("day"))
        .values("month", "product_id", "currency")
        .annotate(units=Sum("units"), revenue=Sum("revenue"))
        .order_by()
    )
    grouped: dict[tuple[date, int], list] = {}
    for row in by_product:
        entry = grouped.setdefault((_as_date(row["month"]), row["product_id"]), [0, {}])
        entry[0] += row["units"]
        entry[1][row["currency"]] = row["revenue"]
    names = dict(Product.objects.filter(pk__in={pk for _m, pk in grouped}).values_list("pk", "name"))
    commission = (
        CommissionLine.objects.filter(
            order__stall=stall,
            order__status__in=COUNTED_STATUSES,
            order__created_at__gte=start,
            order__created_at__lt=end,
        )
        .values("currency")
        .annotate(total=Sum("amount"))
    )
    payouts = (
        PayoutLedgerEntry.objects.filter(
            stall=stall, kind=LedgerKind.PAYOUT, created_at__gte=start, created_at__lt=end
        )
        .values("currency")
        .annotate(total=Sum("amount"))
    )
    currencies = PayoutLedgerEntry.objects.filter(stall=stall).values_list("currency", flat=True).distinct()
    scans = (
        ScanRollup.objects.filter(stall=stall, day__gte=date_from, day__lte=date_to)
        .values("province_code")
        .annotate(n=Sum("scans"))
        .order_by("-n", "province_code")
    )
    reviews = Review.objects.filter(
        product__stall=stall,
        status=ReviewStatus.VISIBLE,
        created_at__gte=start,
        created_at__lt=end,
    )
    rating = reviews.aggregate(n=Count("pk"), avg=Avg("rating"))
    by_stars = dict(reviews.values("rating").annotate(n=Count("pk")).values_list("rating", "n"))
    return StallInsights(
        stall_id=stall.pk,
        stall_name=stall.name,
        date_from=date_from,
        date_to=date_to,
        sales=overview.total,
        monthly=overview.monthly,
        sales_by_product_month=tuple(
            ProductMonth(month, pk, names.get(pk, ""), units, _amounts(revenue))
            for (month, pk), (units, revenue) in sorted(
                grouped.items(), key=lambda item: (item[0][0], -item[1][0])
            )
        ),
        buyer_provinces=overview.buyer_provinces,
        commission=tuple(Amount(r["currency"], r["total"]) for r in commission.order_by("currency")),
        payouts=tuple(Amount(r["currency"], -r["total"]) for r in payouts.order_by("currency")),
        balance=tuple(Amount(c, stall_balance(stall=stall, currency=c)) for c in sorted(set(currencies))),
        scans_by_province=tuple(
            ProvinceCount(
                province_code=r["province_code"],
                province_name=_province_name(r["province_code"]),
                scans=r["n"],
            )
            for r in scans
        ),
        stamps=_stamp_figures(only, date_from, date_to),
        ratings=RatingFigures(
            count=rating["n"],
            average=Decimal(str(rating["avg"])).quantize(Decimal("0.01"))
            if rating["avg"] is not None
            else None,
            by_stars=tuple((stars, by_stars.get(stars, 0)) for stars in range(1, 6)),
        ),
    )
