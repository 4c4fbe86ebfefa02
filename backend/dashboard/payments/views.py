"""Platform staff pages for money that needs a human: transfers that did not match a payment, and
refunds owed by bank transfer. Staff only (everyone else gets 403); each POST calls one action."""

from collections.abc import Callable

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backend.core.errors import DomainError
from backend.core.money import format_money
from backend.dashboard.errors import add_domain_error, domain_error_message
from backend.dashboard.payments.forms import MarkPaidForm, ResolveForm
from backend.dashboard.shortcuts import staff_required
from backend.payments.actions import (
    payment_refund_mark_sent,
    transfer_review_mark_paid,
    transfer_review_resolve,
)
from backend.payments.models import ReviewStatus, TransferReview
from backend.payments.selectors import (
    payment_for_staff,
    refund_owed_for_staff,
    refunds_owed_for_staff,
    transfer_review_for_staff,
    transfer_reviews_for_staff,
)

PAGE_SIZE = 50


def _money(amount, currency: str) -> str:
    return format_money(amount, currency, get_language())


def _with_amounts(reviews) -> list[dict]:
    rows = []
    for review in reviews:
        payment = review.payment
        rows.append(
            {
                "review": review,
                "amount": _money(review.amount, review.currency),
                "due": _money(payment.amount, payment.currency) if payment else "",
            }
        )
    return rows


def _review(request: HttpRequest, review_id: int) -> TransferReview:
    review = transfer_review_for_staff(user=request.user, review_id=review_id)
    if review is None:
        raise Http404
    return review


@staff_required
@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", ReviewStatus.OPEN)
    if status not in ReviewStatus.values:
        status = ReviewStatus.OPEN
    reviews = transfer_reviews_for_staff(user=request.user, status=status)
    page = Paginator(reviews, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": _with_amounts(page.object_list),
        "status": status,
        "statuses": ReviewStatus.choices,
    }
    return render(request, "dashboard/payments/review_list.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def review_detail(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _review(request, review_id)
    resolve_form = ResolveForm(prefix="resolve")
    mark_paid_form = MarkPaidForm(
        prefix="paid", initial={"reference": review.payment.reference if review.payment else ""}
    )
    status = 200
    if request.method == "POST":
        if "resolve" in request.POST:
            resolve_form = ResolveForm(request.POST, prefix="resolve")
            done = resolve_form.is_valid() and _act(
                request,
                resolve_form,
                lambda: transfer_review_resolve(
                    review=review, user=request.user, note=resolve_form.cleaned_data["note"]
                ),
            )
        else:
            mark_paid_form = MarkPaidForm(request.POST, prefix="paid")
            done = mark_paid_form.is_valid() and _mark_paid(request, review, mark_paid_form)
        if done:
            return redirect("dashboard:payments:reviews")
        status = 400
    context = {
        "row": _with_amounts([review])[0],
        "review": review,
        "resolve_form": resolve_form,
        "mark_paid_form": mark_paid_form,
    }
    return render(request, "dashboard/payments/review_detail.html", context, status=status)


def _act(request: HttpRequest, form, action: Callable) -> bool:
    try:
        action()
    except DomainError as exc:
        add_domain_error(form, exc)
        return False
    messages.success(request, _("Saved."))
    return True


def _mark_paid(request: HttpRequest, review: TransferReview, form: MarkPaidForm) -> bool:
    payment = payment_for_staff(user=request.user, reference=form.cleaned_data["reference"])
    if payment is None:
        form.add_error("reference", _("No order has this payment reference."))
        return False
    return _act(
        request,
        form,
        lambda: transfer_review_mark_paid(
            review=review, payment=payment, user=request.user, note=form.cleaned_data["note"]
        ),
    )


@staff_required
@require_GET
def refund_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(refunds_owed_for_staff(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"refund": r, "amount": _money(r.amount, r.payment.currency)} for r in page.object_list]
    return render(request, "dashboard/payments/refund_list.html", {"page": page, "rows": rows})


@staff_required
@require_POST
def refund_mark_sent(request: HttpRequest, refund_id: int) -> HttpResponse:
    refund = refund_owed_for_staff(user=request.user, refund_id=refund_id)
    if refund is None:
        raise Http404
    try:
        payment_refund_mark_sent(refund=refund, user=request.user)
    except DomainError as exc:
        messages.error(request, domain_error_message(exc))
    else:
        messages.success(request, _("Refund recorded as sent."))
    return redirect("dashboard:payments:refunds")
