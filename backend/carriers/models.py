"""A carrier's own provinces, districts and wards, each mapped onto the 2025 units where it can be.

Carriers such as GHN still address parcels by the pre-2025 province → district → ward tree, with
their own ids. `carrier_sync_master_data` loads that tree; `province_code` / `commune_code` are the
2025 province and commune (backend.regions) each row was matched to, null when unmapped. Districts
no longer exist since 1 July 2025, so a district carries only its province's 2025 code.
"""

from django.db import models

from backend.carriers.status import Carrier


class MappedBy(models.TextChoices):
    NAME = "name", "folded name"
    CODE = "code", "statistics office code"
    LEGACY_NAME = "legacy_name", "pre-2025 province name"


class CarrierProvince(models.Model):
    carrier = models.CharField(max_length=16, choices=Carrier.choices)
    carrier_id = models.IntegerField()
    code = models.CharField(max_length=32, blank=True)
    name = models.CharField(max_length=120)
    province_code = models.PositiveSmallIntegerField(null=True, blank=True)
    mapped_by = models.CharField(max_length=16, choices=MappedBy.choices, blank=True)
    is_active = models.BooleanField(default=True)
    synced_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["carrier", "carrier_id"], name="carrier_province_unique_id"),
        ]
        ordering = ["carrier", "name"]

    def __str__(self) -> str:
        return f"{self.carrier}:{self.carrier_id} {self.name}"


class CarrierDistrict(models.Model):
    carrier = models.CharField(max_length=16, choices=Carrier.choices)
    carrier_id = models.IntegerField()
    province = models.ForeignKey(CarrierProvince, on_delete=models.CASCADE, related_name="districts")
    code = models.CharField(max_length=32, blank=True)
    name = models.CharField(max_length=120)
    province_code = models.PositiveSmallIntegerField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    synced_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["carrier", "carrier_id"], name="carrier_district_unique_id"),
        ]
        ordering = ["carrier", "name"]

    def __str__(self) -> str:
        return f"{self.carrier}:{self.carrier_id} {self.name}"


class CarrierWard(models.Model):
    carrier = models.CharField(max_length=16, choices=Carrier.choices)
    # GHN's WardCode: a string of its own, unique within the carrier.
    code = models.CharField(max_length=32)
    district = models.ForeignKey(CarrierDistrict, on_delete=models.CASCADE, related_name="wards")
    name = models.CharField(max_length=120)
    province_code = models.PositiveSmallIntegerField(null=True, blank=True)
    commune_code = models.PositiveIntegerField(null=True, blank=True)
    mapped_by = models.CharField(max_length=16, choices=MappedBy.choices, blank=True)
    is_active = models.BooleanField(default=True)
    synced_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["carrier", "code"], name="carrier_ward_unique_code"),
        ]
        indexes = [models.Index(fields=["carrier", "commune_code"], name="carrier_ward_commune")]
        ordering = ["carrier", "code"]

    def __str__(self) -> str:
        return f"{self.carrier}:{self.code} {self.name}"
