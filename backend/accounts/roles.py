"""The one place that answers "what may this user do": consumer, stall member, official, staff."""

from enum import StrEnum

from django.contrib.auth.models import AnonymousUser

from backend.accounts.models import User


class Role(StrEnum):
    CONSUMER = "consumer"
    STALL_MEMBER = "stall_member"
    OFFICIAL = "official"
    PLATFORM_STAFF = "platform_staff"


def official_province_codes(user: User | AnonymousUser) -> list[int]:
    """Provinces an official may read; empty for everyone else."""
    if not user.is_authenticated:
        return []
    return sorted(user.official_scopes.values_list("province_code", flat=True))


def is_official(user: User | AnonymousUser) -> bool:
    return bool(official_province_codes(user))


def is_platform_staff(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def is_stall_member(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.stall_memberships.exists())


def roles_for(user: User | AnonymousUser) -> set[Role]:
    """All roles a signed-in user holds; anonymous users hold none."""
    if not user.is_authenticated:
        return set()
    roles = {Role.CONSUMER}
    if is_stall_member(user):
        roles.add(Role.STALL_MEMBER)
    if is_official(user):
        roles.add(Role.OFFICIAL)
    if is_platform_staff(user):
        roles.add(Role.PLATFORM_STAFF)
    return roles
