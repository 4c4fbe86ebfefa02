"""The demo data pipeline: each app contributes a `demo.py` with `seed()` and optional `info()`.

`seed()` must be idempotent (get-or-create by natural keys) so `make run` can run it again and
duplicate nothing. Order matters: later steps read what earlier ones made.
"""

import importlib
from collections.abc import Iterator

DEMO_PASSWORD = "demo12345"

DEMO_MODULES = (
    "backend.accounts.demo",
    "backend.stalls.demo",
    "backend.catalog.demo",
    "backend.checkout.demo",
    "backend.payments.demo",
    "backend.orders.demo",
    "traceability.demo",
)


def demo_modules() -> Iterator:
    """Import each contributing module that exists, in pipeline order."""
    for name in DEMO_MODULES:
        try:
            yield importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
