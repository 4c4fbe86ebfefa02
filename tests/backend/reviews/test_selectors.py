"""Review reads: summaries in one query, what a buyer may still review, the stall's and staff's lists."""

from decimal import Decimal

import pytest

from backend.reviews import actions, selectors
from backend.reviews.selectors import ReviewSummary
from tests.backend.checkout.builders import make_variant
from tests.backend.reviews.builders import delivered_product, purchase, seller
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_summaries_for_a_page_of_products_take_one_query(django_assert_num_queries):
    stall, _ = seller()
    products = []
    for ratings in ([5, 4], [3], []):
        variant = make_variant(stall)
        for rating in ratings:
            buyer = make_user()
            purchase(buyer, variant=variant)
            actions.review_create(user=buyer, product=variant.product, rating=rating, text="")
        products.append(variant.product)
    ids = [p.pk for p in products]
    with django_assert_num_queries(1):
        summaries = selectors.review_summaries(product_ids=ids)
    assert summaries == {
        ids[0]: ReviewSummary(average=Decimal("4.5"), count=2),
        ids[1]: ReviewSummary(average=Decimal("3.0"), count=1),
        ids[2]: ReviewSummary(average=None, count=0),
    }


def test_average_rounds_half_up_to_one_decimal():
    stall, _ = seller()
    variant = make_variant(stall)
    for rating in (5, 5, 4):  # 4.666…
        buyer = make_user()
        purchase(buyer, variant=variant)
        actions.review_create(user=buyer, product=variant.product, rating=rating, text="")
    assert selectors.review_summary(product=variant.product).average == Decimal("4.7")


def test_products_reviewable_by_lists_delivered_unreviewed_products_only():
    buyer = make_user()
    reviewed = delivered_product(buyer)
    waiting = delivered_product(buyer)
    purchase(buyer, delivered=False)
    delivered_product(make_user())  # someone else's
    actions.review_create(user=buyer, product=reviewed, rating=5, text="")
    assert list(selectors.products_reviewable_by(user=buyer)) == [waiting]
    assert list(selectors.reviews_by_buyer(user=buyer).values_list("product", flat=True)) == [reviewed.pk]


def test_newest_first_with_the_reply_loaded(django_assert_num_queries):
    stall, owner = seller()
    variant = make_variant(stall)
    reviews = []
    for _ in range(3):
        buyer = make_user()
        purchase(buyer, variant=variant)
        reviews.append(actions.review_create(user=buyer, product=variant.product, rating=4, text=""))
    actions.review_reply(review=reviews[0], user=owner, text="Cảm ơn")
    with django_assert_num_queries(1):
        listed = list(selectors.reviews_for_product(product=variant.product))
        texts = [getattr(getattr(r, "reply", None), "text", None) for r in listed]
        names = [(r.reviewer_name, r.product.stall.name) for r in listed]
    assert listed == reviews[::-1]
    assert texts == [None, None, "Cảm ơn"]
    assert len(names) == 3


def test_stall_and_staff_lists_are_scoped():
    stall, owner = seller()
    buyer = make_user()
    product = delivered_product(buyer, stall=stall)
    review = actions.review_create(user=buyer, product=product, rating=2, text="")
    other_stall, other_owner = seller()
    assert list(selectors.reviews_for_stall(stall=stall)) == [review]
    assert list(selectors.reviews_for_stall(stall=other_stall)) == []
    assert selectors.review_for_member(user=owner, review_id=review.pk) == review
    assert selectors.review_for_member(user=other_owner, review_id=review.pk) is None
    report = actions.review_report(review=review, user=owner, reason="Sai sự thật")
    staff = make_user(is_staff=True)
    assert list(selectors.reports_open_for_staff(user=staff)) == [report]
    assert list(selectors.reports_open_for_staff(user=owner)) == []
    assert selectors.review_for_staff(user=owner, review_id=review.pk) is None
