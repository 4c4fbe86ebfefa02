"""Stock promised to orders, given back and shipped: the one place that locks `Stock` rows for orders.

The rows belong to the catalog, the promises (`Allocation`) to orders, and the lock order puts stock
last (the group's payment, its orders, then stock; see `backend.orders.actions`), so this module
sits in orders. Every path locks the rows through `_stocks_locked`, in primary-key order, so two
buyers, a buyer and a stall, or two stalls always queue on shared rows in the same order instead
of deadlocking.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from backend.catalog.models import ProductVariant, Stock
from backend.core.errors import DomainError
from backend.orders.error_codes import OrderErrorCode
from backend.orders.models import Allocation, Order

# Per variant id, the stock rows promised and how many units each: what `stock_allocate` planned.
StockPlan = dict[int, list[tuple[Stock, int]]]


@dataclass(frozen=True)
class StockWanted:
    """Units of one variant an order line is about to take."""

    variant: ProductVariant
    quantity: int


def _stocks_locked(**filters) -> list[Stock]:
    """The matching stock rows, locked (SELECT … FOR UPDATE) in primary-key order.

    The lock keeps each read-modify-write of `quantity_allocated` whole: without it two buyers
    could read the same free units and oversell them, or a release could undo a concurrent
    allocation's write. Must run inside a transaction.
    """
    return list(Stock.objects.select_for_update().filter(**filters).order_by("pk"))


def stock_allocate(*, wanted: Sequence[StockWanted]) -> StockPlan:
    """Promise stock to every wanted variant; raise INSUFFICIENT_STOCK (the caller's transaction
    rolls back) if any falls short. Rows are taken in primary-key order.

    Must run inside the placing transaction; the caller records the plan as `Allocation` rows.
    """
    by_id = {item.variant.pk: item for item in wanted}
    by_variant: dict[int, list[Stock]] = defaultdict(list)
    for stock in _stocks_locked(variant_id__in=list(by_id)):
        by_variant[stock.variant_id].append(stock)
    plan: StockPlan = {}
    for variant_id, item in by_id.items():
        remaining = item.quantity
        plan[variant_id] = []
        for stock in by_variant[variant_id]:
            take = min(stock.quantity_available, remaining)
            if take > 0:
                plan[variant_id].append((stock, take))
                remaining -= take
        if remaining > 0:
            available = item.quantity - remaining
            raise DomainError(
                OrderErrorCode.INSUFFICIENT_STOCK,
                f"Only {available} of {item.variant.product.name} ({item.variant.sku}) left in stock.",
                "lines",
            )
    for allocations in plan.values():
        for stock, take in allocations:
            stock.quantity_allocated += take
            stock.save(update_fields=["quantity_allocated"])
    return plan


def _allocations_settle(order: Order, *, shipped: bool) -> None:
    """Drop the order's allocations: their units stop being promised, and leave the warehouse too
    when `shipped` (quantity and quantity_allocated fall together)."""
    allocations = list(Allocation.objects.filter(order_line__order=order).order_by("stock_id"))
    stocks = {stock.pk: stock for stock in _stocks_locked(pk__in=[a.stock_id for a in allocations])}
    fields = ["quantity", "quantity_allocated"] if shipped else ["quantity_allocated"]
    for allocation in allocations:
        stock = stocks[allocation.stock_id]
        stock.quantity_allocated -= allocation.quantity
        if shipped:
            stock.quantity -= allocation.quantity
        stock.save(update_fields=fields)
    Allocation.objects.filter(pk__in=[a.pk for a in allocations]).delete()


def stock_release(*, order: Order) -> None:
    """Give the order's promised units back to the warehouse (a cancelled order). Precondition: the
    order row is locked (and the group's payment before it)."""
    _allocations_settle(order, shipped=False)


def stock_ship(*, order: Order) -> None:
    """The order's promised units leave the warehouse (a fulfilled order). Precondition: the order
    row is locked (and the group's payment before it)."""
    _allocations_settle(order, shipped=True)
