"""Who may open a stall's dashboard pages: members read and write, officials of the stall's province
only read, everyone else gets a 404 (a stall they cannot see does not exist for them).

Every dashboard view of stall-owned data starts here, then reads through the catalog/stalls
selectors with the stall this returns.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from backend.accounts.roles import official_province_codes
from backend.stalls.models import MemberRole, Stall
from backend.stalls.selectors import stall_for_member, stalls_for_member, stalls_for_official


@dataclass(frozen=True)
class StallAccess:
    stall: Stall
    can_write: bool
    is_owner: bool
    # A member of this stall (an official who is also a member still is): only members see the
    # stall's buyers, tax code and payout account; an official reading another stall sees aggregates.
    is_member: bool
    # The acting user's stalls, for the switcher (empty for an official reading someone else's stall).
    my_stalls: tuple[Stall, ...]


def stall_access(
    request: HttpRequest, stall_id: int, *, write: bool = False, owner_only: bool = False
) -> StallAccess:
    """Resolve `stall_id` for the signed-in user or refuse.

    `write` marks pages that change data (and their forms): officials get 403 there whatever the
    stall, because their role is read-only. `owner_only` writes (payout details) refuse staff members.
    """
    user = request.user
    official_provinces = official_province_codes(user)
    if write and official_provinces:
        raise PermissionDenied
    stall = stall_for_member(user=user, stall_id=stall_id)
    if stall is not None:
        # Asked on this membership row itself: `stall_for_member(owner_only=True)` filters the role in a
        # separate join, so it also matches a staff member of a stall that has some owner.
        is_owner = stall.members.filter(user=user, role=MemberRole.OWNER).exists()
        if write and owner_only and not is_owner:
            raise PermissionDenied
        return StallAccess(
            stall=stall,
            can_write=not official_provinces,
            is_owner=is_owner,
            is_member=True,
            my_stalls=tuple(stalls_for_member(user=user)),
        )
    if official_provinces:
        stall = stalls_for_official(province_codes=official_provinces).filter(pk=stall_id).first()
        if stall is not None:
            return StallAccess(stall=stall, can_write=False, is_owner=False, is_member=False, my_stalls=())
    raise Http404
