"""Small builders for test data (plain functions over the domain models, no extra library)."""

import itertools

from backend import settings as project_settings
from backend.accounts.models import OfficialScope, User
from backend.stalls.models import LegalForm, MemberRole, Stall, StallMember, StallStatus

PASSWORD = "correct-horse-battery-9"
# The production hashers (Argon2 first); tests use a fast hasher unless they restore these.
PROJECT_PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
_seq = itertools.count(1)


def make_user(email: str | None = None, **fields) -> User:
    email = email or f"user{next(_seq)}@example.vn"
    return User.objects.create_user(email, PASSWORD, **fields)


def make_official(province_codes: list[int], **fields) -> User:
    user = make_user(**fields)
    for code in province_codes:
        OfficialScope.objects.create(user=user, province_code=code)
    return user


def make_stall(owner: User | None = None, *, status: str = StallStatus.APPROVED, **fields) -> Stall:
    n = next(_seq)
    defaults = {
        "name": f"HTX Thử {n}",
        "slug": f"htx-thu-{n}",
        "legal_form": LegalForm.COOPERATIVE,
        "province_code": 86,
        "commune_code": 28777,
    }
    stall = Stall.objects.create(status=status, **{**defaults, **fields})
    if owner is not None:
        StallMember.objects.create(stall=stall, user=owner, role=MemberRole.OWNER)
    return stall
