"""Traceability pages of a stall's dashboard: lots (create, release, hold, recall), the farming diary
(phone camera), sites, certifications, stamp issuance and label sheets, each with job progress.

Every page resolves the stall through `stall_access` (members write, officials of the province read
and may hold or recall, everyone else 404) and every lot, job or file through a scoped selector.
Each POST calls one traceability action and redirects; refusals are shown on the form.
"""

from collections.abc import Callable
from functools import partial
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backend.core.errors import DomainError, DomainErrors
from backend.core.storage import private_file_response
from backend.dashboard.errors import add_domain_error, domain_error_message
from backend.dashboard.shortcuts import stall_render
from backend.dashboard.stall.access import StallAccess, stall_access
from backend.dashboard.traceability.forms import (
    CertificationForm,
    DiaryEntryForm,
    LabelJobForm,
    LotForm,
    SiteForm,
    StampIssueForm,
    WithdrawForm,
)
from backend.dashboard.traceability.reads import (
    certifications_for_access,
    lot_reach_by_province,
    sites_for_access,
    variants_for_access,
)
from backend.regions.selectors import commune_by_code, province_by_code
from backend.stalls.selectors import certificates_for_stall
from traceability import actions, signing
from traceability.gs1 import digital_link_build
from traceability.label_jobs import label_job_create, label_job_for_member, label_jobs_for_member
from traceability.links import EPCIS_PREFIX, SCAN_PREFIX
from traceability.models import LabelJob, Lot, LotStatus, StampJob, StampJobStatus
from traceability.selectors import (
    diary_chain_verify,
    diary_for_lot,
    lot_for_withdrawal,
    lot_orders,
    lot_phi_warnings,
    lots_readable,
    stamp_job_for_member,
    stamp_jobs_for_member,
    stamps_for_job,
)

STAMP_PREVIEW = 20
REFRESH_SECONDS = 3
Result = TypeVar("Result")
Job = TypeVar("Job", StampJob, LabelJob)


def _status(request: HttpRequest, form: forms.Form) -> int:
    """A POST that came back with errors answers 400, so tests and scripts see the refusal."""
    return 400 if request.method == "POST" and form.errors else 200


def _submitted(request: HttpRequest, form: forms.Form, write: Callable[..., Result]) -> Result | None:
    """`write(**cleaned_data)` for a valid POSTed form: its result, or None (refusals land on the form)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return write(**form.cleaned_data)
    except (DomainError, DomainErrors) as exc:
        add_domain_error(form, exc)
        return None


def _lot(request: HttpRequest, access: StallAccess, lot_id: int) -> Lot:
    lot = lots_readable(user=request.user).filter(stall=access.stall, pk=lot_id).first()
    if lot is None:
        raise Http404
    return lot


def _place(province_code: int | None, commune_code: int | None) -> str:
    parts = (commune_by_code(commune_code) if commune_code else None, province_by_code(province_code or 0))
    return ", ".join(part.name for part in parts if part)


def _public_path(lot: Lot) -> str | None:
    """The lot's public path on the resolver, when its variant has a GTIN."""
    gtin = lot.variant.gtin
    return digital_link_build(gtin=gtin, lot=lot.code).path if gtin else None


# --- Lots ----------------------------------------------------------------------------------------


@login_required
@require_GET
def lot_list(request: HttpRequest, stall_id: int) -> HttpResponse:
    access = stall_access(request, stall_id)
    lots = lots_readable(user=request.user).filter(stall=access.stall).order_by("-created_at", "-pk")
    status = request.GET.get("status", "")
    if status in LotStatus.values:
        lots = lots.filter(status=status)
    return stall_render(
        request,
        "dashboard/traceability/lot_list.html",
        access,
        {"lots": lots[:200], "statuses": LotStatus.choices, "status": status},
    )


@login_required
@require_http_methods(["GET", "POST"])
def lot_new(request: HttpRequest, stall_id: int) -> HttpResponse:
    access = stall_access(request, stall_id, write=True)
    form = LotForm(
        request.POST or None,
        variants=variants_for_access(access),
        sites=sites_for_access(access, request.user),
    )
    lot = _submitted(request, form, partial(actions.lot_create, stall=access.stall, actor=request.user))
    if lot is not None:
        messages.success(request, _("Lot %(code)s created as a draft.") % {"code": lot.code})
        return redirect("dashboard:traceability:lot_detail", stall_id=stall_id, lot_id=lot.pk)
    return stall_render(
        request, "dashboard/traceability/lot_form.html", access, {"form": form}, status=_status(request, form)
    )


@login_required
@require_GET
def lot_detail(request: HttpRequest, stall_id: int, lot_id: int) -> HttpResponse:
    access = stall_access(request, stall_id)
    lot = _lot(request, access, lot_id)
    members_only = access.can_write
    public_path = _public_path(lot)
    diary = list(diary_for_lot(lot=lot))
    reach = lot_reach_by_province(lot) if not access.is_member else []
    context = {
        "lot": lot,
        "diary": diary,
        "phi_warnings": lot_phi_warnings(lot=lot, diary=diary),
        "chain": diary_chain_verify(lot=lot, diary=diary),
        # Buyers' names and contacts are for the stall that must reach them; an official of the
        # province sees how far the lot went (orders and units per province), never who bought it.
        "orders": lot_orders(lot=lot) if access.is_member and lot.status != LotStatus.DRAFT else [],
        "reach": reach,
        # Each order has one delivery province, so the per-province counts add up.
        "reach_orders": sum(row.orders for row in reach),
        "reach_units": sum(row.units for row in reach),
        "site_place": _place(lot.site.province_code, lot.site.commune_code) if lot.site else "",
        "withdraw_form": WithdrawForm(),
        "may_withdraw": lot.status in (LotStatus.RELEASED, LotStatus.ON_HOLD),
        "scan_url": SCAN_PREFIX + public_path if public_path else None,
        "epcis_url": EPCIS_PREFIX + public_path if public_path else None,
        "resolver_url": public_path,
    }
    if members_only:
        stamp_jobs = stamp_jobs_for_member(user=request.user).filter(lot=lot)
        context.update(
            {
                "stamp_jobs": stamp_jobs,
                "stamp_form": StampIssueForm(),
                "label_jobs": label_jobs_for_member(user=request.user).filter(lot=lot),
                "label_form": LabelJobForm(stamp_jobs=stamp_jobs.filter(status=StampJobStatus.DONE)),
            }
        )
    return stall_render(request, "dashboard/traceability/lot_detail.html", access, context)


@login_required
@require_POST
def lot_release(request: HttpRequest, stall_id: int, lot_id: int) -> HttpResponse:
    access = stall_access(request, stall_id, write=True)
    lot = _lot(request, access, lot_id)
    try:
        actions.lot_release(lot=lot, actor=request.user)
    except DomainError as exc:
        messages.error(request, domain_error_message(exc))
    else:
        messages.success(request, _("Lot released: its stamps can now be issued."))
    return redirect("dashboard:traceability:lot_detail", stall_id=stall_id, lot_id=lot_id)


@login_required
@require_POST
def lot_withdraw(request: HttpRequest, stall_id: int, lot_id: int) -> HttpResponse:
    """Hold or recall: a member of the stall, or an official of its province (their one write)."""
    access = stall_access(request, stall_id)
    lot = lot_for_withdrawal(user=request.user, lot_id=lot_id)
    if lot is None or lot.stall_id != access.stall.pk:
        raise Http404
    form = WithdrawForm(request.POST)
    if form.is_valid():
        withdraw = (
            actions.lot_hold if form.cleaned_data["action"] == WithdrawForm.HOLD else actions.lot_recall
        )
        try:
            withdrawal = withdraw(lot=lot, actor=request.user, notice=form.cleaned_data["notice"])
        except DomainError as exc:
            messages.error(request, domain_error_message(exc))
        else:
            messages.success(
                request,
                _("Lot %(code)s is withdrawn; %(count)s order(s) received it and their buyers are notified.")
                % {"code": lot.code, "count": len(withdrawal.orders)},
            )
    else:
        messages.error(request, _("Choose hold or recall and write the notice consumers will see."))
    return redirect("dashboard:traceability:lot_detail", stall_id=stall_id, lot_id=lot_id)


# --- Diary ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def diary_new(request: HttpRequest, stall_id: int, lot_id: int) -> HttpResponse:
    access = stall_access(request, stall_id, write=True)
    lot = _lot(request, access, lot_id)
    form = DiaryEntryForm(
        request.POST or None,
        request.FILES or None,
        entries=diary_for_lot(lot=lot).filter(lot=lot),
        initial={"occurred_at": timezone.localtime().replace(second=0, microsecond=0)},
    )
    if _submitted(request, form, partial(actions.diary_entry_create, lot=lot, author=request.user)):
        messages.success(request, _("Diary entry added."))
        return redirect("dashboard:traceability:lot_detail", stall_id=stall_id, lot_id=lot_id)
    return stall_render(
        request,
        "dashboard/traceability/diary_form.html",
        access,
        {"form": form, "lot": lot},
        status=_status(request, form),
    )


# --- Sites and certifications --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def sites(request: HttpRequest, stall_id: int) -> HttpResponse:
    access = stall_access(request, stall_id, write=request.method == "POST")
    initial = {"province_code": access.stall.province_code, "commune_code": access.stall.commune_code}
    form = SiteForm(request.POST or None, initial=initial)
    if _submitted(request, form, partial(actions.site_create, stall=access.stall)):
        messages.success(request, _("Site added."))
        return redirect("dashboard:traceability:sites", stall_id=stall_id)
    rows = [
        (site, _place(site.province_code, site.commune_code))
        for site in sites_for_access(access, request.user)
    ]
    return stall_render(
        request,
        "dashboard/traceability/sites.html",
        access,
        {"rows": rows, "form": form},
        status=_status(request, form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def certifications(request: HttpRequest, stall_id: int) -> HttpResponse:
    access = stall_access(request, stall_id, write=request.method == "POST")
    form = CertificationForm(
        request.POST or None,
        request.FILES or None,
        sites=sites_for_access(access, request.user),
        ocop_certificates=certificates_for_stall(stall=access.stall),
    )
    if _submitted(request, form, partial(actions.certification_create, stall=access.stall)):
        messages.success(request, _("Certification added."))
        return redirect("dashboard:traceability:certifications", stall_id=stall_id)
    context = {"certifications": certifications_for_access(access, request.user), "form": form}
    return stall_render(
        request, "dashboard/traceability/certifications.html", access, context, status=_status(request, form)
    )


# --- Stamps and labels ---------------------------------------------------------------------------


def _member_lot(request: HttpRequest, access: StallAccess, lot_id: int) -> Lot:
    if not access.can_write:
        raise PermissionDenied
    return _lot(request, access, lot_id)


def _job_start(
    request: HttpRequest,
    stall_id: int,
    lot_id: int,
    form: forms.Form,
    start: Callable[..., StampJob | LabelJob],
    job_page: str,
) -> HttpResponse:
    """Start a worker job from a lot page's form: a refusal goes back to the lot with a message."""
    back = redirect("dashboard:traceability:lot_detail", stall_id=stall_id, lot_id=lot_id)
    if not form.is_valid():
        messages.error(request, form.invalid_message)
        return back
    try:
        job = start(**form.cleaned_data)
    except DomainError as exc:
        messages.error(request, domain_error_message(exc))
        return back
    return redirect(f"dashboard:traceability:{job_page}", stall_id=stall_id, job_id=job.pk)


def _job_in_stall(job: Job | None, access: StallAccess) -> Job:
    """A job found through a member-scoped selector, 404 unless it belongs to the page's stall."""
    if job is None or job.lot.stall_id != access.stall.pk:
        raise Http404
    return job


def _job_context(job: StampJob | LabelJob) -> dict:
    return {
        "job": job,
        "lot": job.lot,
        "running": job.is_running,
        "refresh": REFRESH_SECONDS if job.is_running else None,
        "percent": job.percent,
    }


@login_required
@require_POST
def stamp_issue(request: HttpRequest, stall_id: int, lot_id: int) -> HttpResponse:
    access = stall_access(request, stall_id, write=True)
    lot = _member_lot(request, access, lot_id)

    start = partial(actions.stamp_issue, lot=lot, actor=request.user)
    return _job_start(request, stall_id, lot_id, StampIssueForm(request.POST), start, "stamp_job")


@login_required
@require_GET
def stamp_job(request: HttpRequest, stall_id: int, job_id: int) -> HttpResponse:
    access = stall_access(request, stall_id)
    job = _job_in_stall(stamp_job_for_member(user=request.user, job_id=job_id), access)
    stamps = [(stamp, signing.stamp_url(stamp)) for stamp in stamps_for_job(job=job)[:STAMP_PREVIEW]]
    context = {
        **_job_context(job),
        "stamps": stamps,
        "label_form": LabelJobForm(
            stamp_jobs=StampJob.objects.filter(pk=job.pk), initial={"stamp_job": job.pk}
        ),
    }
    return stall_render(request, "dashboard/traceability/stamp_job.html", access, context)


@login_required
@require_POST
def label_job_new(request: HttpRequest, stall_id: int, lot_id: int) -> HttpResponse:
    access = stall_access(request, stall_id, write=True)
    lot = _member_lot(request, access, lot_id)
    form = LabelJobForm(request.POST, stamp_jobs=stamp_jobs_for_member(user=request.user).filter(lot=lot))

    start = partial(label_job_create, lot=lot, actor=request.user)
    return _job_start(request, stall_id, lot_id, form, start, "label_job")


@login_required
@require_GET
def label_job(request: HttpRequest, stall_id: int, job_id: int) -> HttpResponse:
    access = stall_access(request, stall_id)
    job = _job_in_stall(label_job_for_member(user=request.user, job_id=job_id), access)
    return stall_render(request, "dashboard/traceability/label_job.html", access, _job_context(job))


_LABEL_CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".csv": "text/csv; charset=utf-8",
    ".zip": "application/zip",
}


@login_required
@require_GET
def label_job_download(request: HttpRequest, stall_id: int, job_id: int) -> HttpResponse:
    """The label file (signed stamp URLs, PINs): members only, from the private storage."""
    access = stall_access(request, stall_id)
    job = _job_in_stall(label_job_for_member(user=request.user, job_id=job_id), access)
    if job.status != StampJobStatus.DONE or not job.file:
        raise Http404
    filename = job.file.name.rsplit("/", 1)[-1]
    content_type = _LABEL_CONTENT_TYPES.get(filename[filename.rfind(".") :], "application/octet-stream")
    return private_file_response(job.file, filename=filename, content_type=content_type)
