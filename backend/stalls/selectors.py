"""Scoped reads of stalls: every stall-owned query starts from what the acting user may see."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from backend.accounts.models import User
from backend.stalls.models import MemberRole, Stall, StallStatus


def stalls_for_member(*, user: User | AnonymousUser) -> QuerySet[Stall]:
    """Stalls the user owns or staffs (any status)."""
    if not user.is_authenticated:
        return Stall.objects.none()
    return Stall.objects.filter(members__user=user).distinct()


def stall_for_member(*, user: User | AnonymousUser, stall_id: int, owner_only: bool = False) -> Stall | None:
    """The stall with `stall_id` if the user is a member (an owner, when `owner_only`)."""
    if not user.is_authenticated:
        return None
    members = Stall.objects.filter(pk=stall_id, members__user=user)
    if owner_only:
        members = members.filter(members__role=MemberRole.OWNER)
    return members.first()


def stalls_public() -> QuerySet[Stall]:
    """Stalls that may sell: what consumers and anonymous callers see."""
    return Stall.objects.filter(status=StallStatus.APPROVED)


def stalls_for_official(*, province_codes: list[int]) -> QuerySet[Stall]:
    """Every stall (any status) in an official's provinces, for read-only oversight."""
    return Stall.objects.filter(province_code__in=province_codes)
