"""Stall-owned traceability reads for a stall already resolved by `stall_access`.

Members read through the traceability selectors (scoped to their memberships); an official reaches
here only for a stall of their provinces (stall_access checked it) and reads that stall's rows.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from backend.accounts.models import User
from backend.catalog.models import ProductVariant
from backend.dashboard.stall.access import StallAccess
from backend.regions.selectors import province_by_code
from traceability.models import Certification, Lot, LotAllocation, Site
from traceability.selectors import certifications_for_member, sites_for_member


def sites_for_access(access: StallAccess, user: User) -> QuerySet[Site]:
    if access.can_write:
        return sites_for_member(user=user).filter(stall=access.stall)
    return Site.objects.filter(stall=access.stall)


def certifications_for_access(access: StallAccess, user: User) -> QuerySet[Certification]:
    if access.can_write:
        certifications = certifications_for_member(user=user).filter(stall=access.stall)
    else:
        certifications = Certification.objects.filter(stall=access.stall)
    return certifications.select_related("site", "ocop_certificate")


def variants_for_access(access: StallAccess) -> QuerySet[ProductVariant]:
    """The stall's variants, for the lot form (only members reach a form)."""
    return (
        ProductVariant.objects.filter(stall=access.stall)
        .select_related("product")
        .order_by("product__name", "pk")
    )


@dataclass(frozen=True)
class ProvinceReach:
    """How many orders, and units of a lot, went to one province: what an official sees of a
    recall, instead of the buyers (their names, phones, emails and streets stay with the stall)."""

    province_code: int
    province_name: str
    orders: int
    units: Decimal


def lot_reach_by_province(lot: Lot) -> list[ProvinceReach]:
    rows = (
        LotAllocation.objects.filter(lot=lot)
        .values("order__group__province_code")
        .annotate(orders=Count("order", distinct=True), units=Sum("quantity"))
        .order_by("order__group__province_code")
    )
    reach = []
    for row in rows:
        code = row["order__group__province_code"]
        province = province_by_code(code)
        reach.append(
            ProvinceReach(
                province_code=code,
                province_name=province.name if province else str(code),
                orders=row["orders"],
                units=row["units"],
            )
        )
    return reach
