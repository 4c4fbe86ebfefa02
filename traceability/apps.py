"""App config for lots, diaries, stamps and the GS1 resolver."""

from django.apps import AppConfig


class TraceabilityConfig(AppConfig):
    name = "traceability"

    def ready(self) -> None:
        # Imported here, not at module level: models may only be imported once the app registry
        # is ready, and the receivers module imports traceability's models.
        from backend.orders.signals import order_fulfilled
        from traceability.receivers import allocate_lots_on_fulfillment

        order_fulfilled.connect(allocate_lots_on_fulfillment, dispatch_uid="traceability.allocate_lots")
