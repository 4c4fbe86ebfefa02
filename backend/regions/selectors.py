"""The 34 provinces and 3,321 communes in force since 1 July 2025, looked up by code or folded name.

Data comes from the `vietnam-provinces` package. Pre-2025 province codes convert through the merger
table in `legacy.py`. A pre-2025 commune code converts when the statistics office kept it for the
merged commune (the host commune's code survives, as with provinces); other old commune codes are
refused with a message asking for the new commune, because no conversion table ships for them.
"""

from dataclasses import dataclass
from functools import cache

from vietnam_provinces import Province as _PkgProvince
from vietnam_provinces import Ward as _PkgWard

from backend.core.errors import DomainError
from backend.core.text import fold
from backend.regions.error_codes import RegionErrorCode
from backend.regions.legacy import LEGACY_PROVINCES

DIVISION_LIST_VERSION = "2025-07-01"


@dataclass(frozen=True)
class Province:
    code: int
    name: str
    folded: str


@dataclass(frozen=True)
class Commune:
    code: int
    name: str
    province_code: int
    folded: str


_PREFIXES = ("thanh pho ", "tinh ", "phuong ", "xa ", "dac khu ")


def _bare(folded: str) -> str:
    for prefix in _PREFIXES:
        if folded.startswith(prefix):
            return folded[len(prefix) :]
    return folded


@cache
def _provinces() -> dict[int, Province]:
    return {
        int(p.code): Province(code=int(p.code), name=p.name, folded=fold(p.name))
        for p in _PkgProvince.iter_all()
    }


@cache
def _communes() -> dict[int, Commune]:
    return {
        int(w.code): Commune(
            code=int(w.code), name=w.name, province_code=int(w.province_code), folded=fold(w.name)
        )
        for w in _PkgWard.iter_all()
    }


def provinces() -> list[Province]:
    """All 34 current provinces, ordered by code."""
    return sorted(_provinces().values(), key=lambda p: p.code)


def province_by_code(code: int) -> Province | None:
    return _provinces().get(int(code))


def commune_by_code(code: int) -> Commune | None:
    return _communes().get(int(code))


def communes_in(province_code: int) -> list[Commune]:
    return sorted(
        (c for c in _communes().values() if c.province_code == int(province_code)),
        key=lambda c: c.name,
    )


def province_search(query: str) -> list[Province]:
    """Provinces whose folded name contains the folded query ("ho chi minh", "Đắk Lắk" …)."""
    needle = _bare(fold(query))
    return [p for p in provinces() if needle and needle in p.folded]


def commune_search(query: str, *, province_code: int | None = None, limit: int = 20) -> list[Commune]:
    """Communes matching a folded name, exact bare names first."""
    needle = _bare(fold(query))
    if not needle:
        return []
    pool = communes_in(province_code) if province_code else list(_communes().values())
    hits = [c for c in pool if needle in c.folded]
    hits.sort(key=lambda c: (_bare(c.folded) != needle, c.name))
    return hits[:limit]


def province_from_legacy(old_code: int) -> Province:
    """The current province a pre-2025 province code now belongs to."""
    entry = LEGACY_PROVINCES.get(int(old_code))
    if entry is None:
        raise DomainError(
            RegionErrorCode.UNKNOWN_PROVINCE,
            f"{old_code} is not a pre-2025 province code.",
            "province",
        )
    return _provinces()[entry[1]]


def commune_from_legacy(old_code: int) -> Commune:
    """The current commune for a pre-2025 commune code, when the code survived the merger."""
    commune = commune_by_code(old_code)
    if commune is None:
        raise DomainError(
            RegionErrorCode.LEGACY_CODE_UNCONVERTIBLE,
            f"Commune code {old_code} is from before 1 July 2025 and was merged away; "
            "choose the new commune or ward.",
            "commune",
        )
    return commune


def address_area_validate(*, province_code: int, commune_code: int) -> tuple[Province, Commune]:
    """Check a (province, commune) pair against the 2025 list; raise DomainError with a code if not."""
    province = province_by_code(province_code)
    if province is None:
        if int(province_code) in LEGACY_PROVINCES:
            current = province_from_legacy(province_code)
            raise DomainError(
                RegionErrorCode.UNKNOWN_PROVINCE,
                f"Province code {province_code} is from before 1 July 2025; it is now "
                f"{current.name} ({current.code:02d}).",
                "province",
            )
        raise DomainError(
            RegionErrorCode.UNKNOWN_PROVINCE, f"Unknown province code {province_code}.", "province"
        )
    commune = commune_by_code(commune_code)
    if commune is None:
        raise DomainError(
            RegionErrorCode.UNKNOWN_COMMUNE,
            f"Unknown commune code {commune_code} (communes use the list in force since 1 July 2025).",
            "commune",
        )
    if commune.province_code != province.code:
        raise DomainError(
            RegionErrorCode.COMMUNE_NOT_IN_PROVINCE,
            f"{commune.name} is not in {province.name}.",
            "commune",
        )
    return province, commune


def province_by_name(name: str) -> Province | None:
    """The province whose name, folded and without "Tỉnh"/"Thành phố", is exactly the folded `name`."""
    needle = _bare(fold(name))
    if not needle:
        return None
    return next((p for p in provinces() if _bare(p.folded) == needle), None)


def communes_by_name(name: str, *, province_code: int) -> list[Commune]:
    """The province's communes named `name` (accents and case ignored): the exact full name
    ("Phường Ba Đình") first; otherwise every commune with that bare name ("ba dinh"), which can be
    a "Xã" and a "Phường" at once."""
    folded = fold(name)
    if not folded:
        return []
    pool = communes_in(province_code)
    exact = [c for c in pool if c.folded == folded]
    if exact:
        return exact
    needle = _bare(folded)
    return [c for c in pool if _bare(c.folded) == needle]


def legacy_province_by_name(name: str) -> tuple[str, Province] | None:
    """(old name, current province) when `name` is a pre-2025 province that merged into another."""
    needle = _bare(fold(name))
    for old_name, current in LEGACY_PROVINCES.values():
        if needle and _bare(fold(old_name)) == needle:
            return old_name, _provinces()[current]
    return None
