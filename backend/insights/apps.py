"""App config for backend.insights: connects the receivers of orders' and traceability's signals."""

from django.apps import AppConfig

from backend.orders.signals import order_changed
from traceability.signals import scan_recorded


class InsightsConfig(AppConfig):
    name = "backend.insights"
    label = "insights"

    def ready(self) -> None:
        # Imported here, not at the top: receivers import tasks, actions and models, which need the
        # app registry that is only ready once every app config is loaded.
        from backend.insights import receivers

        order_changed.connect(receivers.order_changed, dispatch_uid="insights.order_changed")
        scan_recorded.connect(receivers.scan_recorded, dispatch_uid="insights.scan_recorded")
