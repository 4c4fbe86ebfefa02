"""Match a carrier's pre-2025 provinces and wards to the 2025 provinces and communes.

Provinces: by folded name against the 34 current provinces ("Hồ Chí Minh" = "Thành phố Hồ Chí
Minh"), then against the pre-2025 names in `regions.legacy` ("Bến Tre" → Vĩnh Long), trying the
carrier's alternative spellings too. Wards, inside the mapped province only: first the folded name
(exact full name, then the bare name without "Phường"/"Xã"/"Thị trấn", accepted only when one
commune has it), then the code, when the carrier's code is a 2025 commune code in that province
(the statistics office kept the host commune's code at the merger). GHN's ward codes are mostly
its own, so the name comes first and a coincidental code in another province is never taken.
Anything else stays unmapped: no pre-2025 → 2025 commune conversion table ships with regions.
"""

from dataclasses import dataclass
from functools import cache

from backend.carriers.models import MappedBy
from backend.core.text import fold
from backend.regions import selectors as regions

# Pre-2025 ward prefixes that are gone from the 2025 names.
_OLD_PREFIXES = ("thi tran ", "phuong ", "xa ")


@dataclass(frozen=True)
class Match:
    code: int | None
    mapped_by: str = ""


UNMAPPED = Match(None)


def province_match(names: list[str]) -> Match:
    """The 2025 province for a carrier province known by any of `names`."""
    for name in names:
        current = regions.province_by_name(name)
        if current is not None:
            return Match(current.code, MappedBy.NAME)
    for name in names:
        legacy = regions.legacy_province_by_name(name)
        if legacy is not None:
            return Match(legacy[1].code, MappedBy.LEGACY_NAME)
    return UNMAPPED


def _bare(name: str) -> str:
    folded = fold(name)
    for prefix in _OLD_PREFIXES:
        if folded.startswith(prefix):
            return folded[len(prefix) :]
    return folded


@cache
def _pool(province_code: int) -> tuple[tuple[int, str, str], ...]:
    """(code, folded full name, folded bare name) of the province's 2025 communes."""
    return tuple((c.code, c.folded, _bare(c.name)) for c in regions.communes_in(province_code))


def ward_match(*, names: list[str], code: str, province_code: int | None) -> Match:
    """The 2025 commune for a carrier ward, searched only inside its 2025 province."""
    if province_code is None:
        return UNMAPPED
    pool = _pool(province_code)
    for name in names:
        exact = [commune for commune, folded, _ in pool if folded == fold(name)]
        if len(exact) == 1:
            return Match(exact[0], MappedBy.NAME)
    for name in names:
        bare = _bare(name)
        same = [commune for commune, _, commune_bare in pool if commune_bare == bare]
        if bare and len(same) == 1:
            return Match(same[0], MappedBy.NAME)
    if code.isdigit():
        commune = regions.commune_by_code(int(code))
        if commune is not None and commune.province_code == province_code:
            return Match(commune.code, MappedBy.CODE)
    return UNMAPPED
