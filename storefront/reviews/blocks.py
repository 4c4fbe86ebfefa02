"""The reviews block on the product page: summary, stars, newest reviews and the "write" link."""

from decimal import Decimal

from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import number_format

from backend.catalog.models import Product
from backend.reviews.models import RATING_MAX
from backend.reviews.selectors import (
    delivered_line_for,
    review_of_buyer,
    review_summary,
    reviews_for_product,
)

BLOCK_SIZE = 10


def stars(rating: Decimal | int | None) -> str:
    """A rating as five text stars (★ filled, ☆ empty), the mean rounded to the nearest star."""
    filled = int((Decimal(rating or 0)).to_integral_value(rounding="ROUND_HALF_UP"))
    return "★" * filled + "☆" * (RATING_MAX - filled)


def product_reviews_block(request: HttpRequest, product: Product) -> dict:
    """Context for `storefront/reviews/_block.html`, included on the product page as `reviews`."""
    summary = review_summary(product=product)
    user = request.user
    own = review_of_buyer(user=user, product=product)
    return {
        "product": product,
        "summary": summary,
        "average": number_format(summary.average, 1) if summary.average is not None else "",
        "average_stars": stars(summary.average),
        "items": [
            {"review": review, "stars": stars(review.rating)}
            for review in reviews_for_product(product=product)[:BLOCK_SIZE]
        ],
        "more": summary.count > BLOCK_SIZE,
        "all_url": reverse("storefront:product_reviews", args=[product.slug]),
        "own_review": own,
        "can_review": own is None and delivered_line_for(user=user, product=product) is not None,
        "review_url": reverse("storefront:review_new", args=[product.slug]),
    }
