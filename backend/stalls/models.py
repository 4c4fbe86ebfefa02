"""Cooperative stalls, their members (owners and staff) and payout details."""

from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.core.storage import private_name, private_storage


class LegalForm(models.TextChoices):
    COOPERATIVE = "cooperative", _("Cooperative")
    COOPERATIVE_GROUP = "cooperative_group", _("Cooperative group")
    HOUSEHOLD = "household", _("Household business")
    ENTERPRISE = "enterprise", _("Enterprise")


class StallStatus(models.TextChoices):
    PENDING = "pending", _("Pending approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SUSPENDED = "suspended", _("Suspended")


class Stall(models.Model):
    """A producer's shop on the marketplace; only approved stalls sell."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    legal_form = models.CharField(_("legal form"), max_length=32, choices=LegalForm.choices)
    tax_code = models.CharField(_("tax code"), max_length=14, blank=True)
    province_code = models.PositiveSmallIntegerField(_("province code"))
    commune_code = models.PositiveIntegerField(_("commune code"))
    address = models.CharField(_("street address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True)
    description = models.TextField(_("description"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="stalls/logos/", blank=True)
    bank_bin = models.CharField(_("bank BIN"), max_length=6, blank=True)
    bank_account_number = models.CharField(_("bank account number"), max_length=19, blank=True)
    bank_account_name = models.CharField(_("bank account holder"), max_length=100, blank=True)
    commission_rate = models.DecimalField(
        _("commission rate"), max_digits=5, decimal_places=4, default=Decimal("0.0500")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=StallStatus.choices, default=StallStatus.PENDING
    )
    status_reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "province_code"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_selling(self) -> bool:
        return self.status == StallStatus.APPROVED


class MemberRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    STAFF = "staff", _("Staff")


class StallMember(models.Model):
    """Links a user to a stall; this relation is what makes someone a stall member."""

    stall = models.ForeignKey(Stall, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stall_memberships"
    )
    role = models.CharField(max_length=8, choices=MemberRole.choices, default=MemberRole.STAFF)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["stall", "user"], name="uniq_stall_member")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.stall} ({self.role})"


class OcopGroup(models.IntegerChoices):
    FOOD = 1, _("Food")
    BEVERAGES = 2, _("Beverages")
    HERBAL = 3, _("Herbal products")
    TEXTILES = 4, _("Textiles and garments")
    HANDICRAFTS = 5, _("Souvenirs, furniture and decoration")
    TOURISM = 6, _("Community and eco-tourism services")


class CertificateStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


OCOP_VALIDITY_MONTHS = 36


def ocop_document_path(instance: "OcopCertificate", filename: str) -> str:
    """`ocop/<random>.<checked extension>`: neither the stall nor the uploader's file name shows."""
    return private_name("ocop", filename)


class OcopCertificate(models.Model):
    """An OCOP rating decision for some of a stall's products; valid 36 months from its date."""

    stall = models.ForeignKey(Stall, on_delete=models.CASCADE, related_name="ocop_certificates")
    stars = models.PositiveSmallIntegerField(_("stars"))
    group = models.PositiveSmallIntegerField(_("product group"), choices=OcopGroup.choices)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=64)
    decision_date = models.DateField(_("decision date"))
    issuing_authority = models.CharField(_("issuing authority"), max_length=200)
    # Private: served only through the permission-checked document view, never from /media/.
    document = models.FileField(
        _("scanned decision"), storage=private_storage, upload_to=ocop_document_path, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CertificateStatus.choices,
        default=CertificateStatus.SUBMITTED,
    )
    status_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decision_date"]
        constraints = [
            models.CheckConstraint(condition=models.Q(stars__gte=3, stars__lte=5), name="ocop_stars_3_to_5"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__lte=100),
                name="ocop_score_max_100",
            ),
        ]

    def __str__(self) -> str:
        return f"OCOP {self.stars}★ {self.decision_number}"

    @property
    def expires_on(self):
        """Decision date + 36 months (clamped to the month's last day)."""
        return self.decision_date + relativedelta(months=OCOP_VALIDITY_MONTHS)

    def badge_visible(self, today=None) -> bool:
        """The OCOP mark shows only while verified and unexpired."""
        today = today or timezone.localdate()
        return self.status == CertificateStatus.VERIFIED and today < self.expires_on
