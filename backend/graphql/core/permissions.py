"""Permission predicates of the API (`permission = is_authenticated`, …): one per kind of caller."""

from backend.accounts import roles


def is_authenticated(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_member(user) -> bool:
    """Any stall member; which stall is checked by the scoped selector inside the mutation."""
    return is_authenticated(user) and roles.is_stall_member(user)


def is_staff(user) -> bool:
    return roles.is_platform_staff(user)


def is_official(user) -> bool:
    """An active official of at least one province; which province is checked by the selector."""
    return is_authenticated(user) and roles.is_official(user)


def is_staff_or_official(user) -> bool:
    """Certificate deciders: platform staff, or officials (their province is checked by the selector)."""
    return is_staff(user) or is_official(user)
