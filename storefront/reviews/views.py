"""Review pages: every visible review of a product, and the form a verified buyer reviews with."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from backend.catalog.models import Product
from backend.catalog.selectors import product_visible
from backend.core.error_messages import form_add_domain_error
from backend.core.errors import DomainError
from backend.reviews.actions import review_create
from backend.reviews.error_messages import MESSAGES
from backend.reviews.selectors import (
    delivered_line_for,
    review_of_buyer,
    review_summary,
    reviews_for_product,
)
from storefront.channel import current_channel
from storefront.reviews.blocks import product_reviews_block, stars
from storefront.reviews.forms import ReviewForm

PAGE_SIZE = 20


def _product(request: HttpRequest, slug: str) -> Product:
    product = product_visible(channel=current_channel(request), slug=slug)
    if product is None:
        raise Http404
    return product


def product_reviews(request: HttpRequest, slug: str) -> HttpResponse:
    """Every visible review of a product, newest first, a page at a time."""
    product = _product(request, slug)
    page = Paginator(reviews_for_product(product=product), PAGE_SIZE).get_page(request.GET.get("page"))
    block = product_reviews_block(request, product)
    block["items"] = [{"review": review, "stars": stars(review.rating)} for review in page.object_list]
    block["more"] = False
    return render(
        request, "storefront/reviews/list.html", {"product": product, "reviews": block, "page": page}
    )


@login_required
def review_new(request: HttpRequest, slug: str) -> HttpResponse:
    """GET shows the form to a buyer who received the product; POST saves the review."""
    product = _product(request, slug)
    product_url = reverse("storefront:product", args=[product.slug]) + "#reviews"
    own = review_of_buyer(user=request.user, product=product)
    eligible = own is None and delivered_line_for(user=request.user, product=product) is not None
    form = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and eligible and form.is_valid():
        try:
            review_create(
                user=request.user,
                product=product,
                rating=form.cleaned_data["rating"],
                text=form.cleaned_data["text"],
            )
        except DomainError as error:
            form_add_domain_error(form, error, MESSAGES)
        else:
            messages.success(request, _("Thank you, your review is published."))
            return redirect(product_url)
    context = {
        "product": product,
        "product_url": product_url,
        "form": form,
        "own_review": own,
        "eligible": eligible,
        "summary": review_summary(product=product),
    }
    status = 200 if eligible or request.method == "GET" else 403
    return render(request, "storefront/reviews/review_form.html", context, status=status)
