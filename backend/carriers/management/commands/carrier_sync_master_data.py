"""Load a carrier's provinces, districts and wards and map them onto the 2025 units."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backend.carriers.actions import carrier_master_data_sync
from backend.carriers.errors import CarrierError
from backend.carriers.ghn.client import GhnClient
from backend.carriers.status import Carrier


class Command(BaseCommand):
    help = "Load a carrier's master data (provinces, districts, wards) and map it onto the 2025 units."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--carrier", required=True, choices=Carrier.values)
        parser.add_argument("--show-unmapped", action="store_true", help="list every unmapped ward")

    def handle(self, *args: object, carrier: str, show_unmapped: bool, **options: object) -> None:
        try:
            with GhnClient.from_settings() as client:
                report = carrier_master_data_sync(carrier=carrier, client=client)
        except CarrierError as exc:
            raise CommandError(f"{carrier}: {exc}; nothing was changed") from None
        self.stdout.write(
            f"{carrier}: {report.provinces} provinces, {report.districts} districts, {report.wards} wards "
            f"({report.created} new, {report.updated} updated, {report.deactivated} deactivated)"
        )
        self.stdout.write(
            f"unmapped: {len(report.unmapped_provinces)} provinces, {len(report.unmapped_wards)} wards"
        )
        for line in report.unmapped_provinces:
            self.stdout.write(f"  unmapped province: {line}")
        if show_unmapped:
            for line in report.unmapped_wards:
                self.stdout.write(f"  unmapped ward: {line}")
