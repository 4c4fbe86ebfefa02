"""Stall onboarding (register, update, approve, reject, suspend) and OCOP certificate decisions."""

import datetime
import re
import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from backend.accounts.models import User
from backend.accounts.roles import is_platform_staff, official_province_codes
from backend.accounts.validators import normalize_vn_phone
from backend.core.documents import document_validate
from backend.core.errors import DomainError
from backend.core.images import image_validate
from backend.core.richtext import sanitize_html
from backend.core.slugs import unique_slug
from backend.regions.selectors import address_area_validate
from backend.stalls.error_codes import StallErrorCode
from backend.stalls.models import (
    CertificateStatus,
    LegalForm,
    MemberRole,
    OcopCertificate,
    OcopGroup,
    Stall,
    StallMember,
    StallStatus,
)
from backend.stalls.signals import stall_renamed

# Vietnamese enterprise tax codes: 10 digits, branches add "-" and 3 digits.
_TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")
_BANK_BIN = re.compile(r"^\d{6}$")
_BANK_ACCOUNT = re.compile(r"^\d{6,19}$")

STALL_UPDATABLE_FIELDS = frozenset(
    {
        "name",
        "legal_form",
        "tax_code",
        "province_code",
        "commune_code",
        "address",
        "phone",
        "description",
        "bank_bin",
        "bank_account_number",
        "bank_account_name",
    }
)


def _region_validate(province_code: int, commune_code: int) -> None:
    """Validate against the 2025 list, re-raising region codes as stall codes."""
    try:
        address_area_validate(province_code=province_code, commune_code=commune_code)
    except DomainError as exc:
        raise DomainError(StallErrorCode[exc.code.name], exc.message, f"{exc.field}Code") from exc


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(StallErrorCode.REQUIRED, "A stall needs a name.", "name")
    if len(name) > 200:
        raise DomainError(StallErrorCode.INVALID, "A stall name has at most 200 characters.", "name")
    return name


def _clean_fields(fields: dict) -> dict:
    """Check and normalise each given stall field; raise DomainError on the first bad one."""
    cleaned = dict(fields)
    if "name" in cleaned:
        cleaned["name"] = _clean_name(cleaned["name"])
    if "legal_form" in cleaned and cleaned["legal_form"] not in LegalForm.values:
        raise DomainError(StallErrorCode.INVALID, "Unknown legal form.", "legalForm")
    if cleaned.get("tax_code"):
        cleaned["tax_code"] = cleaned["tax_code"].strip()
        if not _TAX_CODE.match(cleaned["tax_code"]):
            raise DomainError(
                StallErrorCode.INVALID_TAX_CODE,
                "A tax code has 10 digits, or 10 digits, a dash and 3 digits for a branch.",
                "taxCode",
            )
    if cleaned.get("phone"):
        try:
            cleaned["phone"] = normalize_vn_phone(cleaned["phone"])
        except ValidationError as exc:
            raise DomainError(StallErrorCode.INVALID_PHONE, exc.messages[0], "phone") from exc
    if "description" in cleaned:
        cleaned["description"] = sanitize_html(cleaned["description"] or "")
    if "address" in cleaned:
        cleaned["address"] = " ".join((cleaned["address"] or "").split())[:255]
    if cleaned.get("bank_bin") and not _BANK_BIN.match(cleaned["bank_bin"]):
        raise DomainError(StallErrorCode.INVALID, "A bank BIN has 6 digits.", "bankBin")
    if cleaned.get("bank_account_number") and not _BANK_ACCOUNT.match(cleaned["bank_account_number"]):
        raise DomainError(
            StallErrorCode.INVALID, "A bank account number has 6 to 19 digits.", "bankAccountNumber"
        )
    if "bank_account_name" in cleaned:
        cleaned["bank_account_name"] = " ".join((cleaned["bank_account_name"] or "").split())[:100]
    return cleaned


def stall_create(
    *,
    user: User,
    name: str,
    legal_form: str,
    province_code: int,
    commune_code: int,
    address: str = "",
    phone: str = "",
    tax_code: str = "",
    description: str = "",
) -> Stall:
    """Register a stall for `user`, who becomes its owner; it waits for platform staff approval."""
    fields = _clean_fields(
        {
            "name": name,
            "legal_form": legal_form,
            "address": address,
            "phone": phone,
            "tax_code": tax_code,
            "description": description,
        }
    )
    _region_validate(province_code, commune_code)
    with transaction.atomic():
        stall = Stall.objects.create(
            slug=unique_slug(Stall, fields["name"]),
            province_code=province_code,
            commune_code=commune_code,
            status=StallStatus.PENDING,
            **fields,
        )
        StallMember.objects.create(stall=stall, user=user, role=MemberRole.OWNER)
    return stall


def stall_update(*, stall: Stall, **fields) -> Stall:
    """Change a stall's profile; the slug stays so shared links keep working."""
    unknown = set(fields) - STALL_UPDATABLE_FIELDS
    if unknown:
        raise DomainError(StallErrorCode.INVALID, f"Cannot update {', '.join(sorted(unknown))}.")
    cleaned = _clean_fields(fields)
    if "province_code" in cleaned or "commune_code" in cleaned:
        _region_validate(
            cleaned.get("province_code", stall.province_code), cleaned.get("commune_code", stall.commune_code)
        )
    renamed = "name" in cleaned and cleaned["name"] != stall.name
    with transaction.atomic():
        for key, value in cleaned.items():
            setattr(stall, key, value)
        stall.save()
        if renamed:
            # Catalog, above stalls, refreshes its products' search documents (they carry the name).
            stall_renamed.send(sender=Stall, stall=stall)
    return stall


def stall_logo_set(*, stall: Stall, upload) -> Stall:
    """Replace the stall's logo with a checked JPEG/PNG/WebP image; the old file goes once committed."""
    checked = image_validate(upload, codes=StallErrorCode, field="logo")
    old_name = stall.logo.name
    with transaction.atomic():
        # A server-chosen name: the uploader's file name never reaches the file system.
        stall.logo.save(f"{uuid.uuid4().hex}.{checked.extension}", ContentFile(upload.read()), save=False)
        stall.save(update_fields=["logo", "updated_at"])
        if old_name:
            storage = stall.logo.storage
            transaction.on_commit(lambda: storage.delete(old_name))
    return stall


def _require_staff(actor: User) -> None:
    if not is_platform_staff(actor):
        raise DomainError(StallErrorCode.OUT_OF_SCOPE, "Only platform staff decide on stalls.")


def _stall_transition(*, stall: Stall, actor: User, allowed_from: set[str], to: str, reason: str) -> Stall:
    _require_staff(actor)
    with transaction.atomic():
        # Lock the row: two staff members deciding at once must not both see "pending".
        locked = Stall.objects.select_for_update().get(pk=stall.pk)
        if locked.status not in allowed_from:
            raise DomainError(
                StallErrorCode.INVALID_STATUS,
                f"A {locked.get_status_display().lower()} stall cannot become {to}.",
                "status",
            )
        locked.status = to
        locked.status_reason = reason
        locked.save(update_fields=["status", "status_reason", "updated_at"])
    stall.refresh_from_db()
    return stall


def _required_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(StallErrorCode.REQUIRED, "Give the producer a reason.", "reason")
    return reason


def stall_approve(*, stall: Stall, actor: User) -> Stall:
    """Let a pending, rejected or suspended stall sell."""
    return _stall_transition(
        stall=stall,
        actor=actor,
        allowed_from={StallStatus.PENDING, StallStatus.REJECTED, StallStatus.SUSPENDED},
        to=StallStatus.APPROVED,
        reason="",
    )


def stall_reject(*, stall: Stall, actor: User, reason: str) -> Stall:
    """Refuse a pending registration, telling the producer why."""
    return _stall_transition(
        stall=stall,
        actor=actor,
        allowed_from={StallStatus.PENDING},
        to=StallStatus.REJECTED,
        reason=_required_reason(reason),
    )


def stall_suspend(*, stall: Stall, actor: User, reason: str) -> Stall:
    """Stop an approved stall from selling (its products disappear from the marketplace)."""
    return _stall_transition(
        stall=stall,
        actor=actor,
        allowed_from={StallStatus.APPROVED},
        to=StallStatus.SUSPENDED,
        reason=_required_reason(reason),
    )


def ocop_certificate_submit(
    *,
    stall: Stall,
    stars: int,
    group: int,
    score: int | None,
    decision_number: str,
    decision_date: datetime.date,
    issuing_authority: str,
    document: UploadedFile | None = None,
    products: Iterable = (),
) -> OcopCertificate:
    """Record an OCOP rating decision for review; `products` (the stall's own) get its badge once verified."""
    if stars not in (3, 4, 5):
        raise DomainError(StallErrorCode.INVALID_STARS, "OCOP ratings have 3, 4 or 5 stars.", "stars")
    if group not in OcopGroup.values:
        raise DomainError(StallErrorCode.INVALID_GROUP, "The OCOP product group is 1 to 6.", "group")
    if score is not None and not 0 <= score <= 100:
        raise DomainError(StallErrorCode.INVALID_SCORE, "The OCOP score is 0 to 100.", "score")
    decision_number = (decision_number or "").strip()
    issuing_authority = " ".join((issuing_authority or "").split())
    if not decision_number:
        raise DomainError(StallErrorCode.REQUIRED, "Give the decision number.", "decisionNumber")
    if not issuing_authority:
        raise DomainError(StallErrorCode.REQUIRED, "Give the issuing authority.", "issuingAuthority")
    if decision_date > timezone.localdate():
        raise DomainError(StallErrorCode.INVALID, "The decision date is in the future.", "decisionDate")
    products = list(products)
    if any(product.stall_id != stall.pk for product in products):
        raise DomainError(
            StallErrorCode.PRODUCT_NOT_IN_STALL,
            "A certificate covers only the stall's own products.",
            "products",
        )
    checked = document_validate(document, codes=StallErrorCode) if document is not None else None
    with transaction.atomic():
        certificate = OcopCertificate(
            stall=stall,
            stars=stars,
            group=group,
            score=score,
            decision_number=decision_number[:64],
            decision_date=decision_date,
            issuing_authority=issuing_authority[:200],
        )
        if checked is not None:
            # Stored privately as ocop/<random>.<type found by signature> (stalls.models.ocop_document_path).
            certificate.document.save(f"decision.{checked.extension}", document, save=False)
        certificate.save()
        for product in products:
            product.ocop_certificate = certificate
            product.save(update_fields=["ocop_certificate", "updated_at"])
    return certificate


def certificate_decider_allowed(*, actor: User, stall: Stall) -> bool:
    """Platform staff, or an official whose provinces include the stall's: the one write officials do."""
    return is_platform_staff(actor) or stall.province_code in official_province_codes(actor)


def _certificate_decide(
    *, certificate: OcopCertificate, actor: User, to: str, reason: str
) -> OcopCertificate:
    if not certificate_decider_allowed(actor=actor, stall=certificate.stall):
        raise DomainError(
            StallErrorCode.OUT_OF_SCOPE,
            "Only platform staff or an official of the stall's province decide on certificates.",
        )
    with transaction.atomic():
        # Lock the row so two deciders cannot both act on a still-submitted certificate.
        locked = OcopCertificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.status != CertificateStatus.SUBMITTED:
            raise DomainError(
                StallErrorCode.INVALID_STATUS, "This certificate has already been decided.", "status"
            )
        locked.status = to
        locked.status_reason = reason
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "status_reason", "decided_by", "decided_at"])
    certificate.refresh_from_db()
    return certificate


def ocop_certificate_verify(*, certificate: OcopCertificate, actor: User) -> OcopCertificate:
    """Confirm a certificate; its products show the OCOP badge until it expires."""
    return _certificate_decide(certificate=certificate, actor=actor, to=CertificateStatus.VERIFIED, reason="")


def ocop_certificate_reject(*, certificate: OcopCertificate, actor: User, reason: str) -> OcopCertificate:
    """Refuse a certificate (wrong document, unknown decision …), telling the producer why."""
    return _certificate_decide(
        certificate=certificate, actor=actor, to=CertificateStatus.REJECTED, reason=_required_reason(reason)
    )
