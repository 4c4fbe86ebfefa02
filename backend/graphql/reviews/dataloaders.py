"""Per-page loading of product ratings: every product of a page reads its rating from one query.

`product_context` (catalog types) attaches one `ProductRatings` to the products of the page it tags;
the first `rating` asked loads the summaries of the whole page (`review_summaries`), so the query
count does not grow with the page size. A product reached any other way gets a loader of its own.
"""

from collections.abc import Sequence

from backend.catalog.models import Product
from backend.reviews.selectors import ReviewSummary, review_summaries

_ATTRIBUTE = "gql_ratings"


class ProductRatings:
    """The rating summaries of a fixed set of products, fetched together the first time one is asked."""

    def __init__(self, products: Sequence[Product]) -> None:
        self._ids = [p.pk for p in products]
        self._by_product: dict[int, ReviewSummary] | None = None

    def for_product(self, product: Product) -> ReviewSummary:
        if self._by_product is None:
            self._by_product = review_summaries(product_ids=self._ids)
        return self._by_product[product.pk]


def product_ratings_attach(products: list[Product]) -> list[Product]:
    """Give every product of a page the same loader."""
    loader = ProductRatings(products)
    for product in products:
        setattr(product, _ATTRIBUTE, loader)
    return products


def product_rating(product: Product) -> ReviewSummary:
    """The product's rating (as `review_summary`), through its page's loader when it has one."""
    if not hasattr(product, _ATTRIBUTE):
        product_ratings_attach([product])
    return getattr(product, _ATTRIBUTE).for_product(product)
