"""Per-request loading of lot diaries: a page of lots reads all its diaries in one query.

`Lot.diary`, `diaryChain` and `phiWarnings` all derive from the lot's diary. `lots` attaches one
`LotDiaries` to every lot of the page it returns; the first of those fields asked on any lot loads
the diaries of the whole page, so the query count does not grow with the page size. A lot reached
any other way (`lot(id)`, a mutation payload) gets a loader of its own on first use.
"""

from collections.abc import Sequence

from traceability import selectors
from traceability.models import DiaryEntry, Lot

_ATTRIBUTE = "gql_diaries"


class LotDiaries:
    """The diaries of a fixed set of lots, fetched together the first time one is asked for."""

    def __init__(self, lots: Sequence[Lot]) -> None:
        self._lots = list(lots)
        self._by_lot: dict[int, list[DiaryEntry]] | None = None

    def for_lot(self, lot: Lot) -> list[DiaryEntry]:
        if self._by_lot is None:
            self._by_lot = selectors.diaries_for_lots(lots=self._lots)
        return self._by_lot[lot.pk]


def lot_diaries_attach(lots: list[Lot]) -> list[Lot]:
    """Give every lot of a page the same loader (a `connection_page` `prepare` hook)."""
    loader = LotDiaries(lots)
    for lot in lots:
        setattr(lot, _ATTRIBUTE, loader)
    return lots


def lot_diary(lot: Lot) -> list[DiaryEntry]:
    """The lot's diary (as `selectors.diary_for_lot`), through its page's loader when it has one."""
    if not hasattr(lot, _ATTRIBUTE):
        lot_diaries_attach([lot])
    return getattr(lot, _ATTRIBUTE).for_lot(lot)
