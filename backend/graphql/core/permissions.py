"""Permission predicates mutations declare (`permission = is_authenticated`, …)."""

from backend.accounts.roles import is_platform_staff, is_stall_member


def is_authenticated(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_member(user) -> bool:
    """Any stall member; which stall is checked by the scoped selector inside the mutation."""
    return is_authenticated(user) and is_stall_member(user)


def is_staff(user) -> bool:
    return is_platform_staff(user)
