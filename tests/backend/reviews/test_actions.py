"""Review actions: only buyers of a delivered line review, once; the stall replies and reports; staff hide."""

import pytest

from backend.core.errors import DomainError
from backend.orders.actions import order_fulfill
from backend.orders.models import Order, OrderStatus
from backend.reviews import actions
from backend.reviews.error_codes import ReviewErrorCode
from backend.reviews.models import ReportStatus, Review, ReviewStatus
from backend.reviews.selectors import review_summary, reviews_for_product
from backend.stalls.models import MemberRole, StallMember
from tests.backend.reviews.builders import delivered_product, purchase, seller
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _refused(code: ReviewErrorCode, call, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call(**kwargs)
    assert caught.value.code == code
    return caught.value


def test_buyer_of_a_delivered_line_reviews_with_the_line_as_proof():
    buyer = make_user(full_name="Nguyễn Thị Mai")
    order = purchase(buyer)
    product = order.lines.get().variant.product
    review = actions.review_create(user=buyer, product=product, rating=4, text="Thơm, giòn.")
    assert review.order_line == order.lines.get()
    assert review.is_verified
    assert review.reviewer_name == "Mai N."
    assert list(reviews_for_product(product=product)) == [review]


def test_an_order_not_yet_delivered_is_refused():
    buyer = make_user()
    order = purchase(buyer, delivered=False)
    product = order.lines.get().variant.product
    error = _refused(
        ReviewErrorCode.NOT_ELIGIBLE, actions.review_create, user=buyer, product=product, rating=5, text=""
    )
    assert error.field == "product"
    # Shipped is not delivered either.
    owner = order.stall.members.first().user
    order_fulfill(order=order, actor=owner, carrier="GHN", tracking_number="T")
    assert Order.objects.get(pk=order.pk).status == OrderStatus.SHIPPED
    _refused(
        ReviewErrorCode.NOT_ELIGIBLE, actions.review_create, user=buyer, product=product, rating=5, text=""
    )
    assert not Review.objects.exists()


def test_a_second_review_of_the_same_product_is_refused_even_after_a_second_purchase():
    buyer = make_user()
    first = purchase(buyer)
    variant = first.lines.get().variant
    purchase(buyer, variant=variant)
    actions.review_create(user=buyer, product=variant.product, rating=5, text="Ngon")
    _refused(
        ReviewErrorCode.ALREADY_REVIEWED,
        actions.review_create,
        user=buyer,
        product=variant.product,
        rating=1,
        text="Lần hai",
    )
    assert Review.objects.get().rating == 5


def test_someone_elses_delivered_line_does_not_make_a_user_eligible():
    product = delivered_product(make_user())
    stranger = make_user()
    _refused(
        ReviewErrorCode.NOT_ELIGIBLE, actions.review_create, user=stranger, product=product, rating=5, text=""
    )


@pytest.mark.parametrize("rating", [0, 6, -1, True, "5"])
def test_a_rating_outside_one_to_five_is_refused(rating):
    buyer = make_user()
    product = delivered_product(buyer)
    error = _refused(
        ReviewErrorCode.INVALID_RATING,
        actions.review_create,
        user=buyer,
        product=product,
        rating=rating,
        text="",
    )
    assert error.field == "rating"


def test_text_is_kept_as_plain_text_without_markup():
    buyer = make_user()
    product = delivered_product(buyer)
    review = actions.review_create(
        user=buyer,
        product=product,
        rating=3,
        text=(
            '<script>alert(1)</script><b onclick="x()">Giòn</b> &amp; ngọt'
            "\r\n\r\n\r\n<img src=x onerror=y>Dòng hai"
        ),
    )
    assert review.text == "Giòn & ngọt\n\nDòng hai"


def test_text_too_long_is_refused_and_nothing_is_written():
    buyer = make_user()
    product = delivered_product(buyer)
    _refused(
        ReviewErrorCode.TOO_LONG,
        actions.review_create,
        user=buyer,
        product=product,
        rating=3,
        text="a" * 2001,
    )
    assert not Review.objects.exists()


@pytest.fixture
def reviewed():
    stall, owner = seller()
    buyer = make_user(full_name="Lê Hoa")
    product = delivered_product(buyer, stall=stall)
    review = actions.review_create(user=buyer, product=product, rating=1, text="Hộp bị móp")
    return review, owner


def test_a_member_of_the_stall_replies_once(reviewed):
    review, owner = reviewed
    staff_member = make_user()
    StallMember.objects.create(stall=review.product.stall, user=staff_member, role=MemberRole.STAFF)
    reply = actions.review_reply(review=review, user=staff_member, text="Xin lỗi, chúng tôi gửi bù.")
    assert reply.author == staff_member
    _refused(ReviewErrorCode.ALREADY_REPLIED, actions.review_reply, review=review, user=owner, text="Lần hai")


def test_another_stall_cannot_reply_or_report(reviewed):
    review, _ = reviewed
    _, other_owner = seller()
    _refused(
        ReviewErrorCode.NOT_STALL_MEMBER, actions.review_reply, review=review, user=other_owner, text="Hi"
    )
    _refused(
        ReviewErrorCode.NOT_STALL_MEMBER, actions.review_report, review=review, user=other_owner, reason="Sai"
    )
    assert not review.reports.exists()


def test_reply_text_is_required(reviewed):
    review, owner = reviewed
    error = _refused(
        ReviewErrorCode.REQUIRED, actions.review_reply, review=review, user=owner, text="<p> </p>"
    )
    assert error.field == "text"


def test_the_stall_reports_once_while_staff_have_not_decided(reviewed):
    review, owner = reviewed
    report = actions.review_report(review=review, user=owner, reason="Người mua nhầm sản phẩm")
    assert report.status == ReportStatus.OPEN
    _refused(ReviewErrorCode.ALREADY_REPORTED, actions.review_report, review=review, user=owner, reason="Nữa")
    staff = make_user(is_staff=True)
    actions.review_report_dismiss(report=report, user=staff)
    report.refresh_from_db()
    assert (report.status, report.decided_by) == (ReportStatus.DISMISSED, staff)
    # Decided: the stall may report again (e.g. with new facts).
    assert actions.review_report(review=review, user=owner, reason="Có bằng chứng mới").status == "open"


def test_the_stall_cannot_hide_its_own_bad_review(reviewed):
    review, owner = reviewed
    _refused(ReviewErrorCode.NOT_STAFF, actions.review_hide, review=review, user=owner, reason="Không thích")
    _refused(ReviewErrorCode.NOT_STAFF, actions.review_report_dismiss, report=None, user=owner)
    review.refresh_from_db()
    assert review.status == ReviewStatus.VISIBLE


def test_staff_hide_it_from_the_product_and_its_summary_and_decide_open_reports(reviewed):
    review, owner = reviewed
    product = review.product
    other_buyer = make_user()
    delivered_product(other_buyer, variant=product.variants.get())
    actions.review_create(user=other_buyer, product=product, rating=4, text="")
    assert review_summary(product=product).count == 2
    assert str(review_summary(product=product).average) == "2.5"
    report = actions.review_report(review=review, user=owner, reason="Lời lẽ xúc phạm")
    staff = make_user(is_staff=True)

    actions.review_hide(review=review, user=staff, reason="Ngôn từ không phù hợp")

    review.refresh_from_db()
    assert (review.status, review.hidden_by, review.hidden_reason) == (
        ReviewStatus.HIDDEN,
        staff,
        "Ngôn từ không phù hợp",
    )
    assert review not in reviews_for_product(product=product)
    summary = review_summary(product=product)
    assert (summary.count, str(summary.average)) == (1, "4.0")
    report.refresh_from_db()
    assert (report.status, report.decided_by) == (ReportStatus.REVIEW_HIDDEN, staff)
    _refused(ReviewErrorCode.INVALID_STATUS, actions.review_hide, review=review, user=staff, reason="Lần hai")
    _refused(ReviewErrorCode.INVALID_STATUS, actions.review_report, review=review, user=owner, reason="Nữa")

    actions.review_unhide(review=review, user=staff)
    review.refresh_from_db()
    assert (review.status, review.hidden_by, review.hidden_at) == (ReviewStatus.VISIBLE, None, None)
    assert review_summary(product=product).count == 2


def test_hiding_needs_a_reason(reviewed):
    review, _ = reviewed
    staff = make_user(is_staff=True)
    error = _refused(ReviewErrorCode.REQUIRED, actions.review_hide, review=review, user=staff, reason=" ")
    assert error.field == "reason"
