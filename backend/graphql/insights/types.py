"""GraphQL types of the insights: aggregates only, money per currency, shares as decimals 0–1."""

import graphene

from backend.graphql.core.money import Money, money
from backend.insights import selectors


def _money_list(amounts: tuple[selectors.Amount, ...]) -> list[Money]:
    return [money(a.amount, a.currency) for a in amounts]


class CurrencyShare(graphene.ObjectType):
    currency = graphene.String(required=True)
    share = graphene.Float(description="0 to 1; null when nothing was sold in this currency.")

    @staticmethod
    def resolve_share(root, _info):
        return None if root.share is None else float(root.share)


class SalesFigures(graphene.ObjectType):
    revenue = graphene.List(
        graphene.NonNull(Money), required=True, description="Net of refunds, per currency."
    )
    order_count = graphene.Int(required=True)
    units_sold = graphene.Int(required=True)
    tonnes_sold = graphene.Float(required=True)
    lines_weight_unknown = graphene.Int(
        required=True, description="Counted lines sold without a unit weight."
    )

    @staticmethod
    def resolve_revenue(root, _info):
        return _money_list(root.revenue)

    @staticmethod
    def resolve_tonnes_sold(root, _info):
        return float(root.tonnes_sold)


class InsightMonth(graphene.ObjectType):
    month = graphene.Date(required=True, description="The first day of the month.")
    sales = graphene.Field(SalesFigures, required=True)
    previous_year = graphene.Field(SalesFigures, required=True, description="The same month a year before.")


class RankedItem(graphene.ObjectType):
    id = graphene.Int(required=True)
    name = graphene.String(required=True)
    stall_name = graphene.String(required=True)
    units_sold = graphene.Int(required=True)
    revenue = graphene.List(graphene.NonNull(Money), required=True)

    @staticmethod
    def resolve_revenue(root, _info):
        return _money_list(root.revenue)


class ProvinceFigure(graphene.ObjectType):
    province_code = graphene.Int(required=True, description="0: not known.")
    province_name = graphene.String(required=True)
    order_count = graphene.Int(required=True)
    units_sold = graphene.Int(required=True)
    revenue = graphene.List(graphene.NonNull(Money), required=True)
    scans = graphene.Int(required=True)

    @staticmethod
    def resolve_revenue(root, _info):
        return _money_list(root.revenue)


class LegalFormCount(graphene.ObjectType):
    legal_form = graphene.String(required=True)
    count = graphene.Int(required=True)


class MonthCount(graphene.ObjectType):
    month = graphene.Date(required=True)
    count = graphene.Int(required=True)


class StampFigures(graphene.ObjectType):
    stamps_issued = graphene.Int(required=True)
    stamps_scanned = graphene.Int(
        required=True, description="Stamps scanned for the first time in the period."
    )
    scans = graphene.Int(required=True)
    suspicious_scans = graphene.Int(required=True)
    scan_rate = graphene.Float(description="stampsScanned ÷ stampsIssued; null when none were issued.")
    recalls = graphene.Int(required=True)

    @staticmethod
    def resolve_scan_rate(root, _info):
        return None if root.scan_rate is None else float(root.scan_rate)


def _stamp(name: str, graphql_type, **kwargs) -> graphene.Field:
    """A stamp figure exposed at the top of provinceInsights, read from its StampFigures."""
    return graphene.Field(graphql_type, resolver=lambda root, _info: getattr(root.stamps, name), **kwargs)


def _shares(attribute: str, description: str) -> graphene.List:
    return graphene.List(
        graphene.NonNull(CurrencyShare),
        required=True,
        description=description,
        resolver=lambda root, _info: getattr(root.declared, attribute),
    )


class ProvinceInsights(graphene.ObjectType):
    """A province's figures for a period; aggregates only (no buyer is ever named)."""

    province = graphene.Int(required=True, resolver=lambda root, _info: root.province_code)
    province_name = graphene.String(required=True)
    date_from = graphene.Date(required=True)
    date_to = graphene.Date(required=True)
    revenue = graphene.List(
        graphene.NonNull(Money), required=True, description="Net of refunds, per currency."
    )
    order_count = graphene.Int(required=True)
    units_sold = graphene.Int(required=True)
    tonnes_sold = graphene.Float(required=True)
    lines_weight_unknown = graphene.Int(
        required=True, resolver=lambda root, _info: root.sales.lines_weight_unknown
    )
    ocop_revenue_share = graphene.List(graphene.NonNull(CurrencyShare), required=True)
    online_share_of_declared_sales = _shares(
        "online", "(Nông Sàn + declared other online) ÷ (Nông Sàn + other online + offline), per currency."
    )
    nongsan_share_of_declared_sales = _shares("nongsan", "Nông Sàn ÷ all declared sales, per currency.")
    stalls_online = graphene.Int(required=True, description="Approved stalls.")
    stalls_online_by_legal_form = graphene.List(graphene.NonNull(LegalFormCount), required=True)
    stalls_new_by_month = graphene.List(graphene.NonNull(MonthCount), required=True)
    stalls_active = graphene.Int(required=True, description="Stalls that sold in the period.")
    stalls_without_declaration = graphene.Int(
        required=True,
        description="Approved stalls that have not declared their sales for the month of dateTo.",
        resolver=lambda root, _info: len(root.stalls_without_declaration),
    )
    ocop_products_certified = graphene.Int(
        required=True,
        description="Current entries of the province's imported OCOP list.",
        resolver=lambda root, _info: root.ocop.ocop_products_certified,
    )
    ocop_products_online = graphene.Int(
        required=True,
        description="Entries of the list matched to a product published on Nông Sàn.",
        resolver=lambda root, _info: root.ocop.ocop_products_online,
    )
    stamps_issued = _stamp("stamps_issued", graphene.Int, required=True)
    stamps_scanned = _stamp("stamps_scanned", graphene.Int, required=True)
    scans = _stamp("scans", graphene.Int, required=True)
    suspicious_scans = _stamp("suspicious_scans", graphene.Int, required=True)
    recalls = _stamp("recalls", graphene.Int, required=True)
    scan_rate = graphene.Float(
        resolver=lambda root, _info: None if root.stamps.scan_rate is None else float(root.stamps.scan_rate)
    )
    monthly = graphene.List(graphene.NonNull(InsightMonth), required=True)
    top_products = graphene.List(graphene.NonNull(RankedItem), required=True)
    top_stalls = graphene.List(graphene.NonNull(RankedItem), required=True)
    buyer_provinces = graphene.List(graphene.NonNull(ProvinceFigure), required=True)

    @staticmethod
    def resolve_revenue(root, _info):
        return _money_list(root.revenue)

    @staticmethod
    def resolve_tonnes_sold(root, _info):
        return float(root.tonnes_sold)


class RatingFigures(graphene.ObjectType):
    count = graphene.Int(required=True)
    average = graphene.Float()

    @staticmethod
    def resolve_average(root, _info):
        return None if root.average is None else float(root.average)


class ProductMonth(graphene.ObjectType):
    month = graphene.Date(required=True)
    product_id = graphene.Int(required=True)
    product_name = graphene.String(required=True)
    units_sold = graphene.Int(required=True)
    revenue = graphene.List(graphene.NonNull(Money), required=True)

    @staticmethod
    def resolve_revenue(root, _info):
        return _money_list(root.revenue)


def _money(attribute: str) -> graphene.List:
    return graphene.List(
        graphene.NonNull(Money),
        required=True,
        resolver=lambda root, _info: _money_list(getattr(root, attribute)),
    )


class StallInsights(graphene.ObjectType):
    """One stall's own figures for a period, for its members."""

    stall_name = graphene.String(required=True)
    date_from = graphene.Date(required=True)
    date_to = graphene.Date(required=True)
    sales = graphene.Field(SalesFigures, required=True)
    monthly = graphene.List(graphene.NonNull(InsightMonth), required=True)
    sales_by_product_month = graphene.List(graphene.NonNull(ProductMonth), required=True)
    buyer_provinces = graphene.List(graphene.NonNull(ProvinceFigure), required=True)
    commission = _money("commission")
    payouts = _money("payouts")
    balance = _money("balance")
    scans_by_province = graphene.List(graphene.NonNull(ProvinceFigure), required=True)
    stamps = graphene.Field(StampFigures, required=True)
    ratings = graphene.Field(RatingFigures, required=True)
