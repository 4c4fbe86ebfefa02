"""Reviews dashboard: the stall replies and reports, officials only read, staff hide and dismiss."""

import pytest
from django.urls import reverse

from backend.reviews import actions
from backend.reviews.models import ReportStatus, ReviewStatus
from tests.backend.accounts.support import post_form
from tests.backend.reviews.builders import delivered_product, seller
from tests.factories import make_official, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed():
    stall, owner = seller()
    buyer = make_user("lan.buyer@example.vn", full_name="Võ Thị Lan")
    product = delivered_product(buyer, stall=stall)
    review = actions.review_create(user=buyer, product=product, rating=2, text="Hộp bị móp")
    return review, owner


def _stall_url(name, review, with_review=True):
    args = [review.product.stall_id] + ([review.pk] if with_review else [])
    return reverse(f"dashboard:reviews:{name}", args=args)


def test_the_stall_lists_its_reviews_without_the_buyers_email(client, reviewed):
    review, owner = reviewed
    client.force_login(owner)
    page = client.get(_stall_url("stall_list", review, with_review=False))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Hộp bị móp" in body and "Lan V." in body
    assert "lan.buyer@example.vn" not in body and "Võ Thị Lan" not in body
    assert _stall_url("reply", review) in body


def test_the_stall_replies_and_reports_in_vietnamese(client, reviewed):
    review, owner = reviewed
    client.force_login(owner)
    response = post_form(client, _stall_url("reply", review), {"text": "Shop xin lỗi, gửi bù ngay."})
    assert response.status_code == 302
    assert review.__class__.objects.get(pk=review.pk).reply.text == "Shop xin lỗi, gửi bù ngay."
    again = post_form(client, _stall_url("reply", review), {"text": "Lần hai"}, follow=True)
    assert "Gian hàng đã trả lời đánh giá này rồi." in again.content.decode()
    post_form(client, _stall_url("report", review), {"reason": "Người mua nhầm hàng"})
    assert review.reports.get().status == ReportStatus.OPEN
    empty = post_form(client, _stall_url("report", review), {"reason": ""}, follow=True)
    assert empty.status_code == 200 and review.reports.count() == 1


def test_another_stall_gets_404_and_an_official_only_reads(client, reviewed):
    review, _ = reviewed
    _, other = seller()
    client.force_login(other)
    assert client.get(_stall_url("stall_list", review, with_review=False)).status_code == 404
    assert post_form(client, _stall_url("reply", review), {"text": "x"}).status_code == 404
    official = make_official([review.product.stall.province_code])
    client.force_login(official)
    page = client.get(_stall_url("stall_list", review, with_review=False))
    assert page.status_code == 200 and "Hộp bị móp" in page.content.decode()
    assert _stall_url("reply", review) not in page.content.decode()
    assert post_form(client, _stall_url("reply", review), {"text": "x"}).status_code == 403
    assert not hasattr(review.__class__.objects.get(pk=review.pk), "reply")


def test_the_stall_cannot_reach_the_staff_pages(client, reviewed):
    review, owner = reviewed
    client.force_login(owner)
    assert client.get(reverse("dashboard:reviews:moderation")).status_code == 403
    hide = reverse("dashboard:reviews:hide", args=[review.pk])
    assert post_form(client, hide, {"reason": "Xấu"}).status_code == 403
    review.refresh_from_db()
    assert review.status == ReviewStatus.VISIBLE


def test_staff_hide_a_reported_review_and_show_it_again(client, reviewed):
    review, owner = reviewed
    actions.review_report(review=review, user=owner, reason="Vu khống gian hàng")
    client.force_login(make_user(is_staff=True))
    page = client.get(reverse("dashboard:reviews:moderation"))
    assert page.status_code == 200 and "Vu khống gian hàng" in page.content.decode()
    post_form(client, reverse("dashboard:reviews:hide", args=[review.pk]), {"reason": "Sai sự thật"})
    review.refresh_from_db()
    assert (review.status, review.hidden_reason) == (ReviewStatus.HIDDEN, "Sai sự thật")
    assert review.reports.get().status == ReportStatus.REVIEW_HIDDEN
    hidden_list = client.get(reverse("dashboard:reviews:moderation"), {"status": "hidden"})
    assert reverse("dashboard:reviews:unhide", args=[review.pk]) in hidden_list.content.decode()
    post_form(client, reverse("dashboard:reviews:unhide", args=[review.pk]), {})
    review.refresh_from_db()
    assert review.status == ReviewStatus.VISIBLE


def test_staff_dismiss_a_report_and_a_missing_reason_is_explained(client, reviewed):
    review, owner = reviewed
    actions.review_report(review=review, user=owner, reason="Sai")
    client.force_login(make_user(is_staff=True))
    refused = post_form(
        client, reverse("dashboard:reviews:hide", args=[review.pk]), {"reason": ""}, follow=True
    )
    assert refused.status_code == 200
    review.refresh_from_db()
    assert review.status == ReviewStatus.VISIBLE
    post_form(client, reverse("dashboard:reviews:dismiss_report", args=[review.pk]), {})
    assert review.reports.get().status == ReportStatus.DISMISSED
    again = post_form(client, reverse("dashboard:reviews:dismiss_report", args=[review.pk]), {}, follow=True)
    assert "Đánh giá này không có báo cáo nào đang chờ." in again.content.decode()
