"""`manage.py rebuild_insights`: recompute every rollup row from the orders and scans."""

from django.core.management.base import BaseCommand

from backend.insights.actions import insights_rebuild


class Command(BaseCommand):
    help = "Recompute the insights rollups (sales, orders, scans) from the source rows."

    def handle(self, *args, **options) -> None:
        result = insights_rebuild()
        self.stdout.write(
            f"Rebuilt {result.months} months: {result.sales_rows} sales rows, "
            f"{result.order_rows} order rows, {result.scan_rows} scan rows."
        )
