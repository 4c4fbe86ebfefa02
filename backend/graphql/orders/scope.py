"""The caller's access to each order group one request reaches, so that every nested order field
(`Order.group`, `OrderGroup.orders`, the token, the buyer's contact) answers through it.

Top-level resolvers and mutations record what the caller proved on the way in; nested resolvers
ask `group_access`, which adds what the caller is (the group's signed-in buyer, platform staff).
A group reached without either reads as `GroupAccess.NONE`.
"""

from backend.orders.models import OrderGroup
from backend.orders.selectors import GroupAccess, order_group_access

_ATTRIBUTE = "_order_group_grants"


def _grants(info) -> dict[int, GroupAccess]:
    return info.context.__dict__.setdefault(_ATTRIBUTE, {})


def order_group_grant(info, group: OrderGroup, access: GroupAccess) -> OrderGroup:
    """Record that this request reached `group` with `access` (the largest grant wins)."""
    grants = _grants(info)
    grants[group.pk] = max(grants.get(group.pk, GroupAccess.NONE), access)
    return group


def group_access(info, group: OrderGroup) -> GroupAccess:
    granted = _grants(info).get(group.pk, GroupAccess.NONE)
    return order_group_access(user=info.context.user, group=group, granted=granted)
