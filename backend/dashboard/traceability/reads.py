"""Stall-owned traceability reads for a stall already resolved by `stall_access`.

Members read through the traceability selectors (scoped to their memberships); an official reaches
here only for a stall of their provinces (stall_access checked it) and reads that stall's rows.
"""

from django.db.models import QuerySet

from backend.accounts.models import User
from backend.catalog.models import ProductVariant
from backend.dashboard.stall.access import StallAccess
from traceability.models import Certification, Site
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
