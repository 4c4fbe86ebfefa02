"""Stall replies and reports, staff hide and dismiss: each only through its own scoped lookup."""

import graphene
import pytest

from backend.reviews import actions
from backend.reviews.models import ReportStatus, ReviewStatus
from tests.backend.reviews.builders import delivered_product, seller
from tests.factories import make_official, make_user
from tests.graphql_client import gql

pytestmark = pytest.mark.django_db

REPLY = """mutation($review: ID!, $text: String!) {
  reviewReply(review: $review, text: $text) { reply { text } review { reply { text } } errors { field code } }
}"""
REPORT = """mutation($review: ID!, $reason: String!) {
  reviewReport(review: $review, reason: $reason) {
    report { id reason status stallName } errors { field code }
  }
}"""
HIDE = """mutation($review: ID!, $reason: String!) {
  reviewHide(review: $review, reason: $reason) { review { status hiddenReason } errors { field code } }
}"""
UNHIDE = (
    "mutation($review: ID!) { reviewUnhide(review: $review) { review { status } errors { field code } } }"
)
DISMISS = (
    "mutation($report: ID!) { reviewReportDismiss(report: $report) { report { status } errors { code } } }"
)
REPORTS = "{ reviewReports(first: 10) { totalCount edges { node { reason stallName review { text } } } } }"
STALL_REVIEWS = """query($stall: ID!) {
  stallReviews(stall: $stall, first: 10) { totalCount edges { node { text status hiddenReason } } }
}"""
MY_REVIEWS = "{ myReviews(first: 10) { edges { node { productName status hiddenReason } } } }"


def _gid(obj) -> str:
    return graphene.Node.to_global_id(type(obj).__name__, obj.pk)


@pytest.fixture
def reviewed():
    stall, owner = seller()
    buyer = make_user(full_name="Võ Lan")
    product = delivered_product(buyer, stall=stall)
    review = actions.review_create(user=buyer, product=product, rating=1, text="Hàng giả")
    return review, owner, buyer


def test_the_stall_replies_once(client, reviewed):
    review, owner, _ = reviewed
    payload = gql(client, REPLY, {"review": _gid(review), "text": "Xin gửi hoá đơn"}, user=owner)["data"]
    assert payload["reviewReply"] == {
        "reply": {"text": "Xin gửi hoá đơn"},
        "review": {"reply": {"text": "Xin gửi hoá đơn"}},
        "errors": [],
    }
    again = gql(client, REPLY, {"review": _gid(review), "text": "Nữa"}, user=owner)["data"]["reviewReply"]
    assert again["errors"] == [{"field": "review", "code": "ALREADY_REPLIED"}]


def test_another_stall_finds_no_such_review(client, reviewed):
    review, _, _ = reviewed
    _, other = seller()
    for document, variables in ((REPLY, {"text": "x"}), (REPORT, {"reason": "x"})):
        answer = gql(client, document, {"review": _gid(review), **variables}, user=other)["data"]
        assert next(iter(answer.values()))["errors"] == [{"field": "review", "code": "NOT_FOUND"}]
    assert not review.reports.exists() and not hasattr(review, "reply")


def test_the_stall_reports_cannot_hide_and_staff_decide(client, reviewed):
    review, owner, buyer = reviewed
    reported = gql(client, REPORT, {"review": _gid(review), "reason": "Không phải hàng của tôi"}, user=owner)
    report = reported["data"]["reviewReport"]["report"]
    assert report["status"] == "OPEN" and report["stallName"] == review.product.stall.name
    # The stall is no staff: hiding is refused at the top, and the review stays visible.
    refused = gql(client, HIDE, {"review": _gid(review), "reason": "x"}, user=owner)
    assert refused["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    review.refresh_from_db()
    assert review.status == ReviewStatus.VISIBLE

    staff = make_user(is_staff=True)
    listed = gql(client, REPORTS, user=staff)["data"]["reviewReports"]
    assert listed["totalCount"] == 1
    assert listed["edges"][0]["node"]["review"]["text"] == "Hàng giả"
    hidden = gql(client, HIDE, {"review": _gid(review), "reason": "Vu khống"}, user=staff)["data"]
    assert hidden["reviewHide"] == {"review": {"status": "HIDDEN", "hiddenReason": "Vu khống"}, "errors": []}
    assert gql(client, REPORTS, user=staff)["data"]["reviewReports"]["totalCount"] == 0
    assert review.reports.get().status == ReportStatus.REVIEW_HIDDEN
    # The stall and the buyer still see it, with the reason.
    mine = gql(client, MY_REVIEWS, user=buyer)["data"]["myReviews"]["edges"]
    assert [e["node"]["hiddenReason"] for e in mine] == ["Vu khống"]
    stall_list = gql(client, STALL_REVIEWS, {"stall": _gid(review.product.stall)}, user=owner)
    assert stall_list["data"]["stallReviews"]["edges"][0]["node"]["status"] == "HIDDEN"

    shown = gql(client, UNHIDE, {"review": _gid(review)}, user=staff)["data"]["reviewUnhide"]
    assert shown == {"review": {"status": "VISIBLE"}, "errors": []}
    again = gql(client, UNHIDE, {"review": _gid(review)}, user=staff)["data"]["reviewUnhide"]
    assert again["errors"] == [{"field": "review", "code": "INVALID_STATUS"}]


def test_staff_dismiss_a_report(client, reviewed):
    review, owner, _ = reviewed
    report = actions.review_report(review=review, user=owner, reason="Sai")
    staff = make_user(is_staff=True)
    payload = gql(client, DISMISS, {"report": _gid(report)}, user=staff)["data"]["reviewReportDismiss"]
    assert payload == {"report": {"status": "DISMISSED"}, "errors": []}
    again = gql(client, DISMISS, {"report": _gid(report)}, user=staff)["data"]["reviewReportDismiss"]
    assert again["errors"] == [{"code": "NOT_FOUND"}]


def test_reports_and_stall_reviews_are_scoped(client, reviewed):
    review, owner, _ = reviewed
    actions.review_report(review=review, user=owner, reason="Sai")
    official = make_official([review.product.stall.province_code])
    for user in (owner, official):
        assert gql(client, REPORTS, user=user)["data"]["reviewReports"]["totalCount"] == 0
    _, other = seller()
    answer = gql(client, STALL_REVIEWS, {"stall": _gid(review.product.stall)}, user=other)
    assert answer["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
