"""Demo insights: declared sales for most Vĩnh Long stalls, Vĩnh Long's imported OCOP list, and the
rollups rebuilt from the demo history (its timestamps were moved back after the orders were placed,
so the buckets the live refresh wrote are rewritten once here).

Idempotent: declarations are saved by (stall, month), the list is replaced as a whole, and the
rebuild recomputes every row.
"""

import csv
import io
from decimal import Decimal

from django.utils import timezone

from backend.accounts.models import User
from backend.insights import actions
from backend.insights.models import OcopListEntry, SalesDeclaration
from backend.insights.selectors import declarations_missing
from backend.stalls.models import OcopCertificate, Stall, StallStatus

VINH_LONG = 86
OFFICIAL = "official@demo.vn"
# Listed products that are not on Nông Sàn: the "certified but not online" side of the list.
OFF_PLATFORM = (
    ("Bánh tráng Mỹ Lồng", "Cơ sở Bánh tráng Út Nhỏ", 3, "1543/QĐ-UBND", "2024-08-20"),
    ("Rượu dừa Sáu Thơm", "Hộ kinh doanh Sáu Thơm", 3, "1543/QĐ-UBND", "2024-08-20"),
    ("Mật hoa dừa Sokfarm", "Công ty TNHH Sokfarm", 4, "877/QĐ-UBND", "2025-03-14"),
)


def _declare(stalls: list[Stall]) -> None:
    """Every approved Vĩnh Long stall but the last declares the three open months."""
    for index, stall in enumerate(stalls[:-1]):
        for offset, month in enumerate(actions.declaration_months()):
            base = Decimal(4_000_000 + 1_500_000 * index + 500_000 * offset)
            actions.sales_declaration_save(
                stall=stall,
                month=month,
                other_online_amount=base * Decimal("0.6"),
                offline_amount=base * 3,
                actor=stall.members.first().user if stall.members.exists() else None,
            )


def _ocop_list(official: User) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["product_name", "producer_name", "stars", "decision_number", "decision_date"])
    certificates = OcopCertificate.objects.filter(stall__province_code=VINH_LONG, status="verified")
    for certificate in certificates.select_related("stall").prefetch_related("products"):
        for product in certificate.products.all():
            writer.writerow(
                [
                    product.name,
                    certificate.stall.name,
                    certificate.stars,
                    certificate.decision_number,
                    certificate.decision_date.isoformat(),
                ]
            )
    writer.writerows(OFF_PLATFORM)
    result = actions.ocop_list_import(user=official, province_code=VINH_LONG, data=out.getvalue().encode())
    if not result.ok:
        raise RuntimeError(f"The demo OCOP list did not import: {result.errors}")


def seed() -> None:
    stalls = list(Stall.objects.filter(province_code=VINH_LONG, status=StallStatus.APPROVED).order_by("pk"))
    if stalls:
        _declare(stalls)
    official = User.objects.filter(email=OFFICIAL).first()
    if official is not None:
        _ocop_list(official)
    actions.insights_rebuild()


def info(base_url: str) -> list[str]:
    month = timezone.localdate().replace(day=1)
    declared = SalesDeclaration.objects.filter(stall__province_code=VINH_LONG).count()
    return [
        f"Insights: {OFFICIAL} reads Vĩnh Long ({VINH_LONG}) through provinceInsights at "
        f"{base_url}/graphql/; {declared} declarations, "
        f"{declarations_missing(province=VINH_LONG, month=month).count()} stall(s) yet to declare "
        "this month, "
        f"{OcopListEntry.objects.filter(province_code=VINH_LONG).count()} OCOP list entries."
    ]
