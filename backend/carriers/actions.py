"""Writes of the carrier app: loading a carrier's master data and mapping it onto the 2025 units."""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from django.db import transaction
from django.utils import timezone

from backend.carriers.errors import CarrierRateLimited
from backend.carriers.ghn.client import GhnClient
from backend.carriers.ghn.models import GhnDistrict, GhnProvince, GhnWard
from backend.carriers.mapping import province_match, ward_match
from backend.carriers.models import CarrierDistrict, CarrierProvince, CarrierWard
from backend.carriers.status import Carrier

logger = logging.getLogger(__name__)
T = TypeVar("T")

# A full GHN sync is ~700 district calls; GHN's rate limit answers 429 with Retry-After.
_RATE_LIMIT_WAITS = 5
_LONGEST_WAIT_SECONDS = 30.0


@dataclass
class SyncReport:
    provinces: int = 0
    districts: int = 0
    wards: int = 0
    created: int = 0
    updated: int = 0
    deactivated: int = 0
    unmapped_provinces: list[str] = field(default_factory=list)
    unmapped_wards: list[str] = field(default_factory=list)


def _patiently(call: Callable[[], T], sleep: Callable[[float], None]) -> T:
    """Run a read, waiting out GHN's 429s a bounded number of times."""
    for _ in range(_RATE_LIMIT_WAITS):
        try:
            return call()
        except CarrierRateLimited as exc:
            sleep(min(exc.retry_after if exc.retry_after is not None else 1.0, _LONGEST_WAIT_SECONDS))
    return call()


def _fetch_ghn(
    client: GhnClient, sleep: Callable[[float], None]
) -> list[tuple[GhnProvince, list[tuple[GhnDistrict, list[GhnWard]]]]]:
    tree = []
    for province in _patiently(client.provinces, sleep):
        districts = _patiently(lambda p=province: client.districts(province_id=p.province_id), sleep)
        tree.append(
            (
                province,
                [
                    (d, _patiently(lambda d=d: client.wards(district_id=d.district_id), sleep))
                    for d in districts
                ],
            )
        )
    return tree


def _save(model: type, keys: dict, values: dict, report: SyncReport) -> object:
    row, created = model.objects.update_or_create(**keys, defaults=values)
    if created:
        report.created += 1
    return row


def carrier_master_data_sync(
    *, carrier: str, client: GhnClient, sleep: Callable[[float], None] = time.sleep
) -> SyncReport:
    """Load the carrier's provinces, districts and wards and map them onto the 2025 units.

    Everything is fetched first and written in one transaction, so a carrier failing half-way
    (CarrierError propagates) changes nothing. Running it again updates rows in place; rows the
    carrier no longer lists are deactivated, not deleted, since shipments may point at them.
    """
    if carrier != Carrier.GHN:
        raise ValueError(f"no master-data loader for carrier {carrier!r}")
    tree = _fetch_ghn(client, sleep)
    report = SyncReport()
    now = timezone.now()
    seen: dict[type, set[int]] = {CarrierProvince: set(), CarrierDistrict: set(), CarrierWard: set()}
    with transaction.atomic():
        for ghn_province, districts in tree:
            match = province_match([ghn_province.name, *ghn_province.name_extensions])
            province = _save(
                CarrierProvince,
                {"carrier": carrier, "carrier_id": ghn_province.province_id},
                {
                    "code": ghn_province.code,
                    "name": ghn_province.name,
                    "province_code": match.code,
                    "mapped_by": match.mapped_by,
                    "is_active": True,
                    "synced_at": now,
                },
                report,
            )
            seen[CarrierProvince].add(province.pk)
            report.provinces += 1
            if match.code is None:
                report.unmapped_provinces.append(f"{ghn_province.province_id} {ghn_province.name}")
            for ghn_district, wards in districts:
                district = _save(
                    CarrierDistrict,
                    {"carrier": carrier, "carrier_id": ghn_district.district_id},
                    {
                        "province": province,
                        "code": ghn_district.code,
                        "name": ghn_district.name,
                        "province_code": match.code,
                        "is_active": True,
                        "synced_at": now,
                    },
                    report,
                )
                seen[CarrierDistrict].add(district.pk)
                report.districts += 1
                for ghn_ward in wards:
                    ward_hit = ward_match(
                        names=[ghn_ward.name, *ghn_ward.name_extensions],
                        code=ghn_ward.ward_code,
                        province_code=match.code,
                    )
                    ward = _save(
                        CarrierWard,
                        {"carrier": carrier, "code": ghn_ward.ward_code},
                        {
                            "district": district,
                            "name": ghn_ward.name,
                            "province_code": match.code,
                            "commune_code": ward_hit.code,
                            "mapped_by": ward_hit.mapped_by,
                            "is_active": True,
                            "synced_at": now,
                        },
                        report,
                    )
                    seen[CarrierWard].add(ward.pk)
                    report.wards += 1
                    if ward_hit.code is None:
                        report.unmapped_wards.append(
                            f"{ghn_ward.ward_code} {ghn_ward.name}, {ghn_district.name}, {ghn_province.name}"
                        )
        for model, keep in seen.items():
            report.deactivated += (
                model.objects.filter(carrier=carrier, is_active=True)
                .exclude(pk__in=keep)
                .update(is_active=False)
            )
    report.updated = report.provinces + report.districts + report.wards - report.created
    logger.info(
        "carrier %s master data: %d provinces, %d districts, %d wards (%d unmapped)",
        carrier,
        report.provinces,
        report.districts,
        report.wards,
        len(report.unmapped_wards),
    )
    return report
