"""From the insights selectors' values to what the pages show: key figures, and one `Table` (with its
chart) per figure. Only aggregates reach here: the selectors never return a buyer's personal data.

Money is never added across currencies: a table gets one revenue column per currency that occurs,
or, where rows are currencies, a currency column beside plain amounts.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from backend.dashboard.insights import formats
from backend.dashboard.insights.charts import Series, bar_chart, line_chart, share_chart
from backend.dashboard.insights.tables import Column, Kind, Table
from backend.insights.selectors import (
    Amount,
    MonthFigures,
    ProvinceCount,
    ProvinceInsights,
    Ranked,
    Share,
    StallInsights,
    StampFigures,
)
from backend.stalls.models import LegalForm


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: str
    hint: str = ""


def month_label(month: date) -> str:
    return f"{month.month:02d}/{month.year}"


def _currencies(*groups: Iterable[Amount | Share]) -> list[str]:
    """The currencies that occur, VND first; VND alone when there is nothing yet."""
    found = {a.currency for group in groups for a in group}
    return sorted(found, key=lambda c: (c != "VND", c)) or ["VND"]


def _by_currency(amounts: Iterable[Amount]) -> dict[str, Decimal]:
    return {a.currency: a.amount for a in amounts}


def _money_text(amounts: Sequence[Amount]) -> str:
    return " · ".join(formats.money(a.amount, a.currency) for a in amounts) or formats.money(0, "VND")


def _share_text(shares: Sequence[Share]) -> str:
    if not shares:
        return "—"
    if len(shares) == 1:
        return formats.percent(shares[0].share)
    return " · ".join(f"{formats.percent(s.share)} ({s.currency})" for s in shares)


def _money(amount: Decimal) -> str:
    return formats.compact(amount)


# --- Tables shared by both pages -------------------------------------------------------------------


def monthly_table(monthly: Sequence[MonthFigures], *, slug: str = "monthly") -> Table:
    """Orders, units, tonnes and revenue per month, beside the same month a year before."""
    currencies = _currencies(*(m.sales.revenue for m in monthly), *(m.previous_year.revenue for m in monthly))
    columns = [
        Column(_("Month")),
        Column(_("Orders"), Kind.COUNT),
        Column(_("Units sold"), Kind.COUNT),
        Column(_("Tonnes sold"), Kind.DECIMAL),
        *(Column(_("Revenue"), Kind.MONEY, c) for c in currencies),
        Column(_("Orders a year before"), Kind.COUNT),
        *(Column(_("Revenue a year before"), Kind.MONEY, c) for c in currencies),
    ]
    rows = []
    for m in monthly:
        now, before = _by_currency(m.sales.revenue), _by_currency(m.previous_year.revenue)
        rows.append(
            [
                month_label(m.month),
                m.sales.order_count,
                m.sales.units_sold,
                m.sales.tonnes_sold,
                *(now.get(c, Decimal(0)) for c in currencies),
                m.previous_year.order_count,
                *(before.get(c, Decimal(0)) for c in currencies),
            ]
        )
    table = Table(slug=slug, title=_("Sales by month"), columns=columns, rows=rows)
    labels = [month_label(m.month) for m in monthly]
    charts = [
        line_chart(
            chart_id=f"chart-{slug}-{currency.lower()}",
            title=_("Revenue by month (%(currency)s), with the same months a year before")
            % {"currency": currency},
            labels=labels,
            series=[
                Series(_("This period"), [_by_currency(m.sales.revenue).get(currency, 0) for m in monthly]),
                Series(
                    _("A year before"),
                    [_by_currency(m.previous_year.revenue).get(currency, 0) for m in monthly],
                ),
            ],
            describe=lambda value, currency=currency: formats.money(value, currency),
            axis_label=_money,
        )
        for currency in currencies
    ]
    # Each chart is SafeString markup; joining them gives a plain str, which the template would escape.
    return replace(table, chart=mark_safe("".join(charts)))  # noqa: S308 - only charts.py markup


def _ranked_table(slug: str, title: str, ranked: Sequence[Ranked], *, with_stall: bool) -> Table:
    currencies = _currencies(*(r.revenue for r in ranked))
    columns = [
        Column(_("Product") if with_stall else _("Stall")),
        *([Column(_("Stall"))] if with_stall else []),
        Column(_("Units sold"), Kind.COUNT),
        *(Column(_("Revenue"), Kind.MONEY, c) for c in currencies),
    ]
    rows = [
        [
            r.name,
            *([r.stall_name] if with_stall else []),
            r.units_sold,
            *(_by_currency(r.revenue).get(c, Decimal(0)) for c in currencies),
        ]
        for r in ranked
    ]
    chart = bar_chart(
        chart_id=f"chart-{slug}",
        title=title,
        labels=[r.name for r in ranked],
        values=[r.units_sold for r in ranked],
        describe=lambda value: _("%(units)s units") % {"units": formats.count(value)},
    )
    return Table(slug=slug, title=title, columns=columns, rows=rows, chart=chart)


def buyer_provinces_table(provinces: Sequence[ProvinceCount]) -> Table:
    currencies = _currencies(*(p.revenue for p in provinces))
    title = _("Buyers' provinces")
    columns = [
        Column(_("Buyers' province")),
        Column(_("Orders"), Kind.COUNT),
        Column(_("Units sold"), Kind.COUNT),
        *(Column(_("Revenue"), Kind.MONEY, c) for c in currencies),
    ]
    rows = [
        [
            p.province_name or _("Not known"),
            p.order_count,
            p.units_sold,
            *(_by_currency(p.revenue).get(c, Decimal(0)) for c in currencies),
        ]
        for p in provinces
    ]
    chart = bar_chart(
        chart_id="chart-buyer-provinces",
        title=title,
        labels=[row[0] for row in rows],
        values=[p.order_count for p in provinces],
        describe=lambda value: _("%(orders)s orders") % {"orders": formats.count(value)},
    )
    return Table(slug="buyer-provinces", title=title, columns=columns, rows=rows, chart=chart)


def stamps_table(stamps: StampFigures) -> Table:
    title = _("Stamps and scans")
    columns = [
        Column(_("Stamps issued"), Kind.COUNT),
        Column(_("Stamps scanned"), Kind.COUNT),
        Column(_("Scan rate"), Kind.PERCENT),
        Column(_("Scans"), Kind.COUNT),
        Column(_("Suspicious scans"), Kind.COUNT),
        Column(_("Lots recalled"), Kind.COUNT),
    ]
    row = [
        stamps.stamps_issued,
        stamps.stamps_scanned,
        stamps.scan_rate,
        stamps.scans,
        stamps.suspicious_scans,
        stamps.recalls,
    ]
    chart = bar_chart(
        chart_id="chart-stamps",
        title=title,
        labels=[_("Stamps issued"), _("Stamps scanned"), _("Scans"), _("Suspicious scans")],
        values=[stamps.stamps_issued, stamps.stamps_scanned, stamps.scans, stamps.suspicious_scans],
        describe=formats.count,
    )
    note = _("Stamps scanned counts each stamp at its first scan in the period.")
    return Table(slug="stamps", title=title, columns=columns, rows=[row], chart=chart, note=note)


# --- The province ------------------------------------------------------------------------------------


def province_key_figures(insights: ProvinceInsights) -> list[KeyFigure]:
    sales, stamps, declared = insights.sales, insights.stamps, insights.declared
    unknown = sales.lines_weight_unknown
    return [
        KeyFigure(_("Orders"), formats.count(sales.order_count)),
        KeyFigure(_("Revenue"), _money_text(sales.revenue)),
        KeyFigure(_("Units sold"), formats.count(sales.units_sold)),
        KeyFigure(
            _("Tonnes sold"),
            formats.decimal(sales.tonnes_sold),
            _("%(lines)s order lines without a weight") % {"lines": formats.count(unknown)}
            if unknown
            else "",
        ),
        KeyFigure(_("OCOP share of revenue"), _share_text(insights.ocop_revenue_share)),
        KeyFigure(
            _("E-commerce share of sales"),
            _share_text(declared.online),
            _("Nông Sàn alone: %(share)s") % {"share": _share_text(declared.nongsan)}
            if declared.nongsan
            else "",
        ),
        KeyFigure(
            _("Producers online"),
            formats.count(insights.stalls_online),
            _("%(active)s sold in the period") % {"active": formats.count(insights.stalls_active)},
        ),
        KeyFigure(
            _("OCOP products online"),
            f"{formats.count(insights.ocop.ocop_products_online)} / "
            f"{formats.count(insights.ocop.ocop_products_certified)}",
            _("of the certified products on the province's list"),
        ),
        KeyFigure(
            _("Stamps issued"),
            formats.count(stamps.stamps_issued),
            _("%(scanned)s scanned, scan rate %(rate)s")
            % {"scanned": formats.count(stamps.stamps_scanned), "rate": formats.percent(stamps.scan_rate)},
        ),
        KeyFigure(
            _("Suspicious scans"),
            formats.count(stamps.suspicious_scans),
            _("%(recalls)s lots recalled") % {"recalls": formats.count(stamps.recalls)},
        ),
    ]


def _ocop_share_table(insights: ProvinceInsights) -> Table:
    title = _("OCOP share of revenue")
    columns = [
        Column(_("Currency")),
        Column(_("Revenue"), Kind.DECIMAL),
        Column(_("OCOP share of revenue"), Kind.PERCENT),
    ]
    revenue = _by_currency(insights.sales.revenue)
    rows = [[s.currency, revenue.get(s.currency, Decimal(0)), s.share] for s in insights.ocop_revenue_share]
    first = insights.ocop_revenue_share[0] if insights.ocop_revenue_share else None
    share = first.share if first is not None else None
    chart = share_chart(
        chart_id="chart-ocop-share",
        title=f"{title} ({first.currency})" if first else title,
        slices=[
            (_("OCOP products"), share or 0),
            (_("Other products"), 1 - share if share is not None else 0),
        ],
        describe=formats.percent,
    )
    return Table(slug="ocop-share", title=title, columns=columns, rows=rows, chart=chart)


def _ecommerce_table(insights: ProvinceInsights) -> Table:
    declared = insights.declared
    title = _("E-commerce share of sales")
    columns = [
        Column(_("Currency")),
        Column(_("Sales on Nông Sàn"), Kind.DECIMAL),
        Column(_("Declared sales on other e-commerce platforms"), Kind.DECIMAL),
        Column(_("Declared sales offline"), Kind.DECIMAL),
        Column(_("E-commerce share"), Kind.PERCENT),
        Column(_("Nông Sàn's share"), Kind.PERCENT),
    ]
    nongsan, other = _by_currency(declared.nongsan_revenue), _by_currency(declared.declared_other_online)
    offline = _by_currency(declared.declared_offline)
    online_share = {s.currency: s.share for s in declared.online}
    own_share = {s.currency: s.share for s in declared.nongsan}
    currencies = [s.currency for s in declared.online]
    rows = [
        [c, nongsan.get(c, 0), other.get(c, 0), offline.get(c, 0), online_share.get(c), own_share.get(c)]
        for c in currencies
    ]
    first = currencies[0] if currencies else "VND"
    chart = share_chart(
        chart_id="chart-ecommerce-share",
        title=f"{title} ({first})",
        slices=[
            (_("Nông Sàn"), nongsan.get(first, 0)),
            (_("Other e-commerce platforms"), other.get(first, 0)),
            (_("Offline"), offline.get(first, 0)),
        ],
        describe=lambda value: formats.money(value, first),
    )
    note = _(
        "E-commerce share = (Nông Sàn + declared other online) ÷ (Nông Sàn + declared other online + "
        "declared offline), over the stalls and months that declared."
    )
    ignores = _(
        "The commune, legal form and category filters apply to this share (with a category, only "
        "declarations for a product or category inside it count); the OCOP stars, OCOP group and "
        "channel filters do not, because a declaration records neither the OCOP status of what was "
        "sold nor a Nông Sàn channel."
    )
    note = f"{note} {ignores}"
    return Table(slug="ecommerce-share", title=title, columns=columns, rows=rows, chart=chart, note=note)


def _undeclared_table(insights: ProvinceInsights) -> Table:
    month = month_label(insights.date_to)
    return Table(
        slug="not-declared",
        title=_("Stalls that have not declared %(month)s") % {"month": month},
        columns=[Column(_("Stall"))],
        rows=[[stall.name] for stall in insights.stalls_without_declaration],
    )


def _producers_table(insights: ProvinceInsights) -> Table:
    title = _("Producers online by legal form")
    labels = dict(LegalForm.choices)
    rows = [
        [str(labels.get(f.legal_form, f.legal_form)), f.count] for f in insights.stalls_online_by_legal_form
    ]
    chart = bar_chart(
        chart_id="chart-producers",
        title=title,
        labels=[row[0] for row in rows],
        values=[row[1] for row in rows],
        describe=formats.count,
    )
    return Table(
        slug="producers",
        title=title,
        columns=[Column(_("Legal form")), Column(_("Stalls online"), Kind.COUNT)],
        rows=rows,
        total=[_("Total"), insights.stalls_online],
        chart=chart,
    )


def _new_stalls_table(insights: ProvinceInsights) -> Table:
    title = _("New stalls by month")
    months = insights.stalls_new_by_month
    chart = line_chart(
        chart_id="chart-new-stalls",
        title=title,
        labels=[month_label(m.month) for m in months],
        series=[Series(_("New stalls"), [m.count for m in months])],
        describe=formats.count,
    )
    return Table(
        slug="new-stalls",
        title=title,
        columns=[Column(_("Month")), Column(_("New stalls"), Kind.COUNT)],
        rows=[[month_label(m.month), m.count] for m in months],
        total=[_("Total"), sum(m.count for m in months)],
        chart=chart,
    )


def _ocop_list_table(insights: ProvinceInsights) -> Table:
    report = insights.ocop
    title = _("The province's OCOP list on Nông Sàn")
    rows = [
        [_("Certified products on the list"), report.ocop_products_certified],
        [_("Certified and online"), report.ocop_products_online],
        [_("Certified, not online"), len(report.entries_not_online)],
        [
            _("Products claiming OCOP without a matching certificate on the list"),
            len(report.claims_without_listing),
        ],
    ]
    note = "" if report.imported_at else _("No list has been imported for this province yet.")
    return Table(
        slug="ocop-list",
        title=title,
        columns=[Column(_("Figure")), Column(_("Products"), Kind.COUNT)],
        rows=rows,
        note=note,
    )


def province_tables(
    insights: ProvinceInsights, *, trend: Sequence[MonthFigures] | None = None
) -> list[Table]:
    """Every table of the officials' page, in page order (`trend` replaces the period's months)."""
    return [
        monthly_table(trend if trend is not None else insights.monthly),
        _ranked_table("top-products", _("Top products"), insights.top_products, with_stall=True),
        _ranked_table("top-stalls", _("Top stalls"), insights.top_stalls, with_stall=False),
        _ocop_share_table(insights),
        _ecommerce_table(insights),
        _undeclared_table(insights),
        _producers_table(insights),
        _new_stalls_table(insights),
        stamps_table(insights.stamps),
        buyer_provinces_table(insights.buyer_provinces),
        _ocop_list_table(insights),
    ]


# --- A stall ------------------------------------------------------------------------------------------


def stall_key_figures(insights: StallInsights) -> list[KeyFigure]:
    sales, ratings = insights.sales, insights.ratings
    return [
        KeyFigure(_("Orders"), formats.count(sales.order_count)),
        KeyFigure(_("Revenue"), _money_text(sales.revenue)),
        KeyFigure(_("Units sold"), formats.count(sales.units_sold)),
        KeyFigure(_("Tonnes sold"), formats.decimal(sales.tonnes_sold)),
        KeyFigure(_("Commission"), _money_text(insights.commission)),
        KeyFigure(_("Paid out"), _money_text(insights.payouts)),
        KeyFigure(_("Balance owed to you"), _money_text(insights.balance)),
        KeyFigure(_("Stamp scans"), formats.count(insights.stamps.scans)),
        KeyFigure(
            _("Average rating"),
            formats.decimal(ratings.average, 2) if ratings.average is not None else "—",
            _("%(count)s reviews") % {"count": formats.count(ratings.count)},
        ),
    ]


def _product_month_table(insights: StallInsights) -> Table:
    rows_in = insights.sales_by_product_month
    currencies = _currencies(*(r.revenue for r in rows_in))
    title = _("Sales by product and month")
    columns = [
        Column(_("Month")),
        Column(_("Product")),
        Column(_("Units sold"), Kind.COUNT),
        *(Column(_("Revenue"), Kind.MONEY, c) for c in currencies),
    ]
    rows = [
        [
            month_label(r.month),
            r.product_name,
            r.units_sold,
            *(_by_currency(r.revenue).get(c, Decimal(0)) for c in currencies),
        ]
        for r in rows_in
    ]
    units: dict[str, int] = {}
    for r in rows_in:
        units[r.product_name] = units.get(r.product_name, 0) + r.units_sold
    best = sorted(units.items(), key=lambda item: -item[1])[:10]
    chart = bar_chart(
        chart_id="chart-product-months",
        title=_("Units sold by product in the period"),
        labels=[name for name, _units in best],
        values=[n for _name, n in best],
        describe=formats.count,
    )
    return Table(slug="product-months", title=title, columns=columns, rows=rows, chart=chart)


def _money_table(insights: StallInsights) -> Table:
    currencies = _currencies(insights.commission, insights.payouts, insights.balance)
    commission, payouts = _by_currency(insights.commission), _by_currency(insights.payouts)
    balance = _by_currency(insights.balance)
    return Table(
        slug="commission-payouts",
        title=_("Commission and payouts"),
        columns=[
            Column(_("Currency")),
            Column(_("Commission"), Kind.DECIMAL),
            Column(_("Paid out"), Kind.DECIMAL),
            Column(_("Balance owed to you"), Kind.DECIMAL),
        ],
        rows=[[c, commission.get(c, 0), payouts.get(c, 0), balance.get(c, 0)] for c in currencies],
        note=_(
            "Commission on the orders placed in the period; payouts made in the period; the balance today."
        ),
    )


def _scans_table(insights: StallInsights) -> Table:
    title = _("Stamp scans by province")
    rows = [[p.province_name or _("Not known"), p.scans] for p in insights.scans_by_province]
    chart = bar_chart(
        chart_id="chart-scan-provinces",
        title=title,
        labels=[row[0] for row in rows],
        values=[row[1] for row in rows],
        describe=formats.count,
    )
    return Table(
        slug="scan-provinces",
        title=title,
        columns=[Column(_("Scanner's province")), Column(_("Scans"), Kind.COUNT)],
        rows=rows,
        chart=chart,
    )


def _ratings_table(insights: StallInsights) -> Table:
    ratings = insights.ratings
    title = _("Review ratings")
    rows = [[f"{stars} ★", count] for stars, count in reversed(ratings.by_stars)]
    chart = bar_chart(
        chart_id="chart-ratings",
        title=title,
        labels=[row[0] for row in rows],
        values=[row[1] for row in rows],
        describe=formats.count,
    )
    return Table(
        slug="ratings",
        title=title,
        columns=[Column(_("Review stars")), Column(_("Reviews"), Kind.COUNT)],
        rows=rows,
        total=[_("Total"), ratings.count],
        chart=chart,
    )


def stall_tables(insights: StallInsights) -> list[Table]:
    return [
        monthly_table(insights.monthly),
        _product_month_table(insights),
        buyer_provinces_table(insights.buyer_provinces),
        _money_table(insights),
        _scans_table(insights),
        stamps_table(insights.stamps),
        _ratings_table(insights),
    ]
