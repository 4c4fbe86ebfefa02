"""Reviews pages: a stall's members reply to and report the reviews of their products (officials of
the province read them), platform staff hide, show again and dismiss reports. Every POST calls one
reviews action and redirects back with a message in the user's language."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from backend.core.errors import DomainError
from backend.dashboard.errors import domain_error_message
from backend.dashboard.reviews.forms import ReasonForm, ReplyForm
from backend.dashboard.shortcuts import staff_required, stall_render
from backend.dashboard.stall.access import stall_access
from backend.reviews import actions, selectors
from backend.reviews.models import Review, ReviewStatus

PAGE_SIZE = 30
STATUS_FILTERS = ("reported", *ReviewStatus.values)


def _act(request: HttpRequest, call, done: str, **kwargs) -> None:
    """Run one reviews action; its refusal becomes an error message instead of a page error."""
    try:
        call(**kwargs)
    except DomainError as error:
        messages.error(request, domain_error_message(error))
    else:
        messages.success(request, done)


def _form_text(request: HttpRequest, form_class, field: str) -> str | None:
    """The posted text if the form is valid, else None after flashing its first error."""
    form = form_class(request.POST)
    if form.is_valid():
        return form.cleaned_data[field]
    messages.error(request, next(iter(form.errors.values()))[0])
    return None


@login_required
@require_GET
def stall_reviews(request: HttpRequest, stall_id: int) -> HttpResponse:
    access = stall_access(request, stall_id)
    reviews = selectors.reviews_for_stall(stall=access.stall)
    page = Paginator(reviews, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "reply_form": ReplyForm(),
        "report_form": ReasonForm(),
        "may_answer": access.can_write and access.is_member,
    }
    return stall_render(request, "dashboard/reviews/stall_reviews.html", access, context)


def _stall_review(request: HttpRequest, stall_id: int, review_id: int):
    access = stall_access(request, stall_id, write=True)
    review = selectors.review_for_stall(stall=access.stall, review_id=review_id)
    if review is None:
        raise Http404
    return access, review


@login_required
@require_POST
def review_reply(request: HttpRequest, stall_id: int, review_id: int) -> HttpResponse:
    access, review = _stall_review(request, stall_id, review_id)
    text = _form_text(request, ReplyForm, "text")
    if text is not None:
        _act(
            request, actions.review_reply, _("Reply published."), review=review, user=request.user, text=text
        )
    return redirect("dashboard:reviews:stall_list", stall_id=access.stall.pk)


@login_required
@require_POST
def review_report(request: HttpRequest, stall_id: int, review_id: int) -> HttpResponse:
    access, review = _stall_review(request, stall_id, review_id)
    reason = _form_text(request, ReasonForm, "reason")
    if reason is not None:
        _act(
            request,
            actions.review_report,
            _("Report sent to platform staff."),
            review=review,
            user=request.user,
            reason=reason,
        )
    return redirect("dashboard:reviews:stall_list", stall_id=access.stall.pk)


@staff_required
@require_GET
def moderation(request: HttpRequest) -> HttpResponse:
    """Staff: the stalls' open reports first, then every review by status."""
    status = request.GET.get("status", "")
    reviews = selectors.reviews_for_staff(user=request.user)
    if status == "reported":
        reviews = reviews.filter(reports__status="open").distinct()
    elif status in ReviewStatus.values:
        reviews = reviews.filter(status=status)
    else:
        status = ""
    context = {
        "reports": selectors.reports_open_for_staff(user=request.user)[:100],
        "page": Paginator(reviews, PAGE_SIZE).get_page(request.GET.get("page")),
        "status": status,
        "statuses": [("reported", _("Reported")), *ReviewStatus.choices],
        "reason_form": ReasonForm(),
    }
    return render(request, "dashboard/reviews/moderation.html", context)


def _staff_review(request: HttpRequest, review_id: int) -> Review:
    review = selectors.review_for_staff(user=request.user, review_id=review_id)
    if review is None:
        raise Http404
    return review


@staff_required
@require_POST
def review_hide(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _staff_review(request, review_id)
    reason = _form_text(request, ReasonForm, "reason")
    if reason is not None:
        _act(
            request, actions.review_hide, _("Review hidden."), review=review, user=request.user, reason=reason
        )
    return redirect("dashboard:reviews:moderation")


@staff_required
@require_POST
def review_unhide(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _staff_review(request, review_id)
    _act(request, actions.review_unhide, _("Review shown again."), review=review, user=request.user)
    return redirect("dashboard:reviews:moderation")


@staff_required
@require_POST
def report_dismiss(request: HttpRequest, review_id: int) -> HttpResponse:
    """Close the review's open report and keep the review visible."""
    review = _staff_review(request, review_id)
    report = next(iter(review.open_reports), None)
    if report is None:
        messages.error(request, _("This review has no open report."))
    else:
        _act(request, actions.review_report_dismiss, _("Report dismissed."), report=report, user=request.user)
    return redirect("dashboard:reviews:moderation")
