"""The reviews demo: verified reviews on delivered demo purchases, a reply, a report; idempotent."""

import pytest

from backend.accounts.models import User
from backend.demo import accounts as accounts_demo
from backend.demo import checkout as checkout_demo
from backend.demo import reviews as reviews_demo
from backend.demo import stalls as stalls_demo
from backend.orders.models import OrderStatus
from backend.reviews.models import ReportStatus, Review, ReviewReply, ReviewReport
from backend.reviews.selectors import products_reviewable_by
from backend.stalls.models import Stall
from tests.backend.checkout.builders import make_variant

pytestmark = pytest.mark.django_db


def test_seed_twice_reviews_once_each_on_a_delivered_line_of_its_author():
    accounts_demo.seed()
    stalls_demo.seed()
    for stall in Stall.objects.filter(status="approved").order_by("pk")[:2]:
        make_variant(stall, stock=5)
        make_variant(stall, stock=5)
    checkout_demo.seed()
    reviews_demo.seed()
    reviews_demo.seed()
    reviews = Review.objects.select_related("order_line__order__group")
    assert reviews.count() == 9
    assert all(
        r.order_line.order.status == OrderStatus.DELIVERED and r.order_line.order.group.user_id == r.user_id
        for r in reviews
    )
    assert ReviewReply.objects.count() == 1
    assert ReviewReport.objects.get().status == ReportStatus.OPEN
    shopper = User.objects.get(email="shopper@demo.vn")
    waiting = list(products_reviewable_by(user=shopper))
    assert len(waiting) == 1
    lines = reviews_demo.info("http://localhost:8000")
    assert f"http://localhost:8000/products/{waiting[0].slug}/review/" in "\n".join(lines)
