"""Insights writes: cooperatives' declared sales, provinces' OCOP lists, and keeping the rollups current."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from backend.accounts import roles
from backend.accounts.models import User
from backend.catalog.importing import RowError
from backend.catalog.models import Category, Product
from backend.core.errors import DomainError
from backend.core.money import quantize
from backend.core.text import fold
from backend.insights import rollups
from backend.insights.error_codes import InsightErrorCode
from backend.insights.models import OcopListEntry, SalesDeclaration
from backend.insights.ocop_list import decision_key, ocop_list_rows
from backend.orders.models import Order
from backend.stalls.models import Stall
from traceability.models import Scan

DECLARATION_CURRENCIES = ("VND", "USD")
# The current month and the two before it may be declared or corrected; older months are closed.
EDITABLE_MONTHS = 3
MAX_DECLARED_AMOUNT = Decimal("1e13")


def declaration_months(*, today: date | None = None) -> list[date]:
    """The months a stall may declare or correct, newest first."""
    current = (today or timezone.localdate()).replace(day=1)
    return [current - relativedelta(months=n) for n in range(EDITABLE_MONTHS)]


def _amount(value: Decimal | int | str, currency: str, field: str) -> Decimal:
    try:
        amount = quantize(Decimal(str(value)), currency)
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(InsightErrorCode.INVALID_AMOUNT, "Enter an amount.", field) from exc
    if amount < 0 or amount >= MAX_DECLARED_AMOUNT:
        raise DomainError(InsightErrorCode.INVALID_AMOUNT, "Enter an amount of zero or more.", field)
    return amount


def sales_declaration_save(
    *,
    stall: Stall,
    month: date,
    other_online_amount: Decimal,
    offline_amount: Decimal,
    currency: str = "VND",
    product: Product | None = None,
    category: Category | None = None,
    actor: User | None,
    today: date | None = None,
) -> SalesDeclaration:
    """Declare (or correct) a stall's sales outside Nông Sàn for one month: the whole stall, one of
    its products or one category. Only the last three months are open."""
    month = month.replace(day=1)
    if month not in declaration_months(today=today):
        raise DomainError(
            InsightErrorCode.MONTH_NOT_EDITABLE, "Only the last three months can be declared.", "month"
        )
    if currency not in DECLARATION_CURRENCIES:
        raise DomainError(InsightErrorCode.INVALID_CURRENCY, "Declare sales in VND or USD.", "currency")
    if product is not None and category is not None:
        raise DomainError(
            InsightErrorCode.PRODUCT_OR_CATEGORY,
            "Declare for a product or for a category, not both.",
            "product",
        )
    if product is not None and product.stall_id != stall.pk:
        raise DomainError(
            InsightErrorCode.PRODUCT_NOT_IN_STALL, "Declare only your stall's own products.", "product"
        )
    values = {
        "other_online_amount": _amount(other_online_amount, currency, "otherOnlineAmount"),
        "offline_amount": _amount(offline_amount, currency, "offlineAmount"),
        "declared_by": actor,
    }
    with transaction.atomic():
        # Two members saving the same month at once: the conditional unique constraints make the
        # second insert fail, so update_or_create runs again under the row that now exists.
        declaration, _created = SalesDeclaration.objects.update_or_create(
            stall=stall, month=month, currency=currency, product=product, category=category, defaults=values
        )
    return declaration


def sales_declaration_delete(*, declaration: SalesDeclaration, today: date | None = None) -> None:
    """Remove a declaration of an open month (a closed month's figures stay as declared)."""
    if declaration.month not in declaration_months(today=today):
        raise DomainError(
            InsightErrorCode.MONTH_NOT_EDITABLE, "Only the last three months can be changed.", "month"
        )
    declaration.delete()


@dataclass(frozen=True)
class OcopListImportResult:
    errors: tuple[RowError, ...] = ()
    imported: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def ocop_list_import(*, user: User, province_code: int, data: bytes) -> OcopListImportResult:
    """Replace a province's OCOP list with the rows of a CSV/XLSX file: every row or none.

    Officials import their own provinces' lists, platform staff any province's.
    """
    if not (roles.is_platform_staff(user) or province_code in roles.official_province_codes(user)):
        raise DomainError(
            InsightErrorCode.OUT_OF_SCOPE, "You may import only your province's list.", "province"
        )
    now = timezone.now()
    rows, errors = ocop_list_rows(data, today=timezone.localdate(now))
    if errors:
        return OcopListImportResult(errors=tuple(sorted(errors, key=lambda e: e.row)))
    with transaction.atomic():
        OcopListEntry.objects.filter(province_code=province_code).delete()
        OcopListEntry.objects.bulk_create(
            OcopListEntry(
                province_code=province_code,
                row=row.row,
                product_name=row.product_name,
                producer_name=row.producer_name,
                stars=row.stars,
                decision_number=row.decision_number,
                decision_date=row.decision_date,
                product_key=fold(row.product_name),
                producer_key=fold(row.producer_name),
                decision_key=decision_key(row.decision_number),
                imported_by=user,
                imported_at=now,
            )
            for row in rows
        )
    return OcopListImportResult(imported=len(rows))


# --- Rollups (called after commit, from backend.insights.tasks) ------------------------------------


def sales_refresh_for_order(*, order_id: int) -> None:
    """Recompute the sales bucket (stall, placing day) of one order, as it stands now."""
    order = Order.objects.filter(pk=order_id).values("stall_id", "created_at").first()
    if order is not None:
        rollups.sales_bucket_refresh(stall_id=order["stall_id"], day=rollups.local_day(order["created_at"]))


def scans_refresh_for_scan(*, scan_id: int) -> None:
    """Recompute the scan bucket (stall, day) of one scan; scans of unknown serials belong to no stall."""
    scan = (
        Scan.objects.filter(pk=scan_id, stamp__isnull=False)
        .values("stamp__lot__stall_id", "scanned_at")
        .first()
    )
    if scan is not None:
        rollups.scans_bucket_refresh(
            stall_id=scan["stamp__lot__stall_id"], day=rollups.local_day(scan["scanned_at"])
        )


def insights_rebuild() -> rollups.RebuildResult:
    """Every rollup row recomputed from the orders and scans (beat, nightly; `rebuild_insights`)."""
    return rollups.rollups_rebuild()
