"""The payments demo seeds two unmatched transfers for the staff list, idempotently."""

import pytest

from backend.demo import payments as demo
from backend.payments.models import ReviewReason, TransferReview, WebhookEvent

pytestmark = pytest.mark.django_db


def test_seed_twice_gives_two_reviews_once():
    demo.seed()
    demo.seed()
    assert WebhookEvent.objects.count() == 2
    assert set(TransferReview.objects.values_list("reason", flat=True)) == {ReviewReason.UNKNOWN_REFERENCE}
    assert TransferReview.objects.count() == 2


def test_info_says_where_the_webhooks_and_the_review_list_are():
    lines = "\n".join(demo.info("http://127.0.0.1:8104"))
    assert "http://127.0.0.1:8104/webhooks/bank/" in lines
    assert "http://127.0.0.1:8104/dashboard/payments/reviews/" in lines
