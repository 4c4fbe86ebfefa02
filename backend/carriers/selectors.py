"""Reads of the carriers' master data (public reference data: no per-user scoping needed)."""

from django.db.models import Case, IntegerField, Value, When

from backend.carriers.models import CarrierDistrict, CarrierWard, MappedBy


def carrier_ward_for_commune(*, carrier: str, commune_code: int) -> CarrierWard | None:
    """The carrier's ward to address a parcel for a 2025 commune, with its district and province.

    Several pre-2025 wards can map to one commune after the mergers; the host ward (matched by the
    commune code it kept) is preferred, then names, then the lowest carrier code, so the answer is
    stable between calls.
    """
    host_first = Case(
        When(mapped_by=MappedBy.CODE, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return (
        CarrierWard.objects.filter(
            carrier=carrier, commune_code=int(commune_code), is_active=True, district__is_active=True
        )
        .select_related("district__province")
        .order_by(host_first, "code")
        .first()
    )


def carrier_unmapped_wards(*, carrier: str) -> list[CarrierWard]:
    """Active wards no 2025 commune was found for, for staff to review."""
    return list(
        CarrierWard.objects.filter(carrier=carrier, commune_code__isnull=True, is_active=True)
        .select_related("district__province")
        .order_by("district__province__name", "district__name", "name")
    )


def carrier_district_by_id(*, carrier: str, carrier_id: int) -> CarrierDistrict | None:
    return CarrierDistrict.objects.filter(carrier=carrier, carrier_id=carrier_id, is_active=True).first()
