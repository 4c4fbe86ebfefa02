"""The demo steps in the order they run: each later step reads what the earlier ones made.

Every step has an idempotent `seed()` (get-or-create by natural keys), so `make run` can run it
again and duplicate nothing, and an optional `info(base_url)` with lines for `demo_info`.
"""

from types import ModuleType

from backend.demo import (
    accounts,
    catalog,
    checkout,
    content,
    insights,
    orders,
    payments,
    reviews,
    stalls,
    traceability,
)

DEMO_STEPS: tuple[ModuleType, ...] = (
    accounts,
    stalls,
    catalog,
    content,
    checkout,
    payments,
    orders,
    traceability,
    reviews,
    insights,
)
