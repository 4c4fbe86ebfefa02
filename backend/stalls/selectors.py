"""Scoped reads of stalls: every stall-owned query starts from what the acting user may see."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from backend.accounts.models import User
from backend.accounts.roles import is_platform_staff, official_province_codes
from backend.stalls.models import CertificateStatus, MemberRole, OcopCertificate, Stall, StallStatus


def stalls_for_member(*, user: User | AnonymousUser) -> QuerySet[Stall]:
    """Stalls the user owns or staffs (any status)."""
    if not user.is_authenticated:
        return Stall.objects.none()
    return Stall.objects.filter(members__user=user).distinct()


def stall_for_member(*, user: User | AnonymousUser, stall_id: int, owner_only: bool = False) -> Stall | None:
    """The stall with `stall_id` if the user is a member (an owner, when `owner_only`)."""
    if not user.is_authenticated:
        return None
    # One filter() call: both conditions must hold for the SAME membership row.
    membership = {"members__user": user}
    if owner_only:
        membership["members__role"] = MemberRole.OWNER
    return Stall.objects.filter(pk=stall_id, **membership).first()


def stalls_public() -> QuerySet[Stall]:
    """Stalls that may sell: what consumers and anonymous callers see."""
    return Stall.objects.filter(status=StallStatus.APPROVED)


def stalls_for_official(*, province_codes: list[int]) -> QuerySet[Stall]:
    """Every stall (any status) in an official's provinces, for read-only oversight."""
    return Stall.objects.filter(province_code__in=province_codes)


def stall_public_by_slug(*, slug: str) -> Stall | None:
    return stalls_public().filter(slug=slug).first()


def stall_for_staff(
    *, user: User | AnonymousUser, stall_id: int | None = None, slug: str | None = None
) -> Stall | None:
    """Any stall (by id or slug), for platform staff deciding on registrations; None for everyone else."""
    if not is_platform_staff(user) or (stall_id is None and not slug):
        return None
    lookup = {"pk": stall_id} if stall_id is not None else {"slug": slug}
    return Stall.objects.filter(**lookup).first()


def certificates_for_stall(*, stall: Stall) -> QuerySet[OcopCertificate]:
    return OcopCertificate.objects.filter(stall=stall).prefetch_related("products")


def certificate_for_member(*, user: User | AnonymousUser, certificate_id: int) -> OcopCertificate | None:
    if not user.is_authenticated:
        return None
    return OcopCertificate.objects.filter(pk=certificate_id, stall__members__user=user).first()


def certificate_for_decider(*, user: User | AnonymousUser, certificate_id: int) -> OcopCertificate | None:
    """A certificate platform staff, or an official of the stall's province, may verify or reject."""
    certificates = OcopCertificate.objects.select_related("stall").filter(pk=certificate_id)
    if is_platform_staff(user):
        return certificates.first()
    return certificates.filter(stall__province_code__in=official_province_codes(user)).first()


def certificates_pending_for_decider(*, user: User | AnonymousUser) -> QuerySet[OcopCertificate]:
    """Submitted certificates awaiting the user's decision (staff: all; officials: their provinces)."""
    pending = OcopCertificate.objects.filter(status=CertificateStatus.SUBMITTED).select_related("stall")
    if is_platform_staff(user):
        return pending
    return pending.filter(stall__province_code__in=official_province_codes(user))


def stalls_with_documents_readable(*, user: User | AnonymousUser) -> QuerySet[Stall]:
    """Stalls whose restricted documents (OCOP decisions, certification scans) the user may open:
    their members, officials of the stall's province, platform staff. Buyers' data is not among
    these documents; this is the one rule every document view and `documentUrl` asks."""
    if not user.is_authenticated:
        return Stall.objects.none()
    if is_platform_staff(user):
        return Stall.objects.all()
    member_of = Stall.objects.filter(members__user=user).values("pk")
    provinces = official_province_codes(user)
    return Stall.objects.filter(Q(pk__in=member_of) | Q(province_code__in=provinces))


def certificate_document_for_reader(
    *, user: User | AnonymousUser, certificate_id: int
) -> OcopCertificate | None:
    """The OCOP certificate with `certificate_id` if the user may open its scanned decision."""
    return OcopCertificate.objects.filter(
        pk=certificate_id, stall__in=stalls_with_documents_readable(user=user)
    ).first()
