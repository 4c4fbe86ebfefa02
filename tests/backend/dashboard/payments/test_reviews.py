"""/dashboard/payments/: staff review unmatched transfers, mark orders paid by hand, record refunds."""

from decimal import Decimal

import pytest

from backend.orders.models import Order, OrderStatus
from backend.payments.actions import payment_capture, payment_refund
from backend.payments.models import Payment, PaymentStatus, RefundStatus, ReviewStatus, TransferReview
from tests.backend.payments.conftest import bank_body, make_group, post_bank, start_payment
from tests.factories import make_user

pytestmark = pytest.mark.django_db

REVIEWS = "/dashboard/payments/reviews/"
REFUNDS = "/dashboard/payments/refunds/"


@pytest.fixture
def staff(client):
    user = make_user(is_staff=True)
    client.force_login(user)
    return user


@pytest.fixture
def underpaid(client):
    payment = start_payment(make_group("vietqr", total=120000))
    post_bank(client, bank_body(transaction_id=1, amount=100000, content=f"{payment.reference} Mai"))
    return TransferReview.objects.get()


def test_staff_see_open_reviews_with_amounts(client, underpaid, staff):
    response = client.get(REVIEWS)
    assert response.status_code == 200
    page = response.content.decode()
    assert underpaid.payment.group.number in page
    assert "100.000" in page and "120.000" in page


@pytest.mark.parametrize("url", [REVIEWS, REFUNDS, "/dashboard/payments/reviews/{id}/"])
def test_non_staff_get_403_and_anonymous_go_to_sign_in(client, underpaid, url):
    url = url.format(id=underpaid.pk)
    assert client.get(url).status_code == 302
    client.force_login(make_user())
    assert client.get(url).status_code == 403


def test_non_staff_cannot_post_a_resolution(client, underpaid):
    client.force_login(make_user())
    response = client.post(f"{REVIEWS}{underpaid.pk}/", {"resolve": "1", "resolve-note": "x"})
    assert response.status_code == 403
    assert TransferReview.objects.get().status == ReviewStatus.OPEN


def test_resolving_needs_a_note_and_then_closes_the_review(client, underpaid, staff):
    url = f"{REVIEWS}{underpaid.pk}/"
    assert client.post(url, {"resolve": "1", "resolve-note": ""}).status_code == 400
    response = client.post(url, {"resolve": "1", "resolve-note": "Đã hoàn tiền cho khách"})
    assert response.status_code == 302
    review = TransferReview.objects.get()
    assert (review.status, review.resolved_by, review.resolution_note) == (
        ReviewStatus.RESOLVED,
        staff,
        "Đã hoàn tiền cho khách",
    )
    assert Payment.objects.get().status == PaymentStatus.PENDING
    assert client.get(REVIEWS).content.decode().count(underpaid.payment.group.number) == 0


def test_marking_paid_by_hand_pays_the_order_once(client, underpaid, staff, mark_paid_spy):
    url = f"{REVIEWS}{underpaid.pk}/"
    reference = underpaid.payment.reference
    response = client.post(
        url, {"mark_paid": "1", "paid-reference": reference.lower(), "paid-note": "Khách bù"}
    )
    assert response.status_code == 302
    payment = Payment.objects.get()
    assert (payment.status, payment.captured_amount) == (PaymentStatus.PAID, 120000)
    assert Order.objects.get(group=payment.group).status == OrderStatus.CONFIRMED
    assert TransferReview.objects.get().status == ReviewStatus.MARKED_PAID
    again = client.post(url, {"mark_paid": "1", "paid-reference": reference})
    assert again.status_code == 400
    assert len(mark_paid_spy.calls) == 1


def test_marking_paid_with_an_unknown_reference_is_refused(client, underpaid, staff):
    response = client.post(f"{REVIEWS}{underpaid.pk}/", {"mark_paid": "1", "paid-reference": "NS0000"})
    assert response.status_code == 400
    assert TransferReview.objects.get().status == ReviewStatus.OPEN


def test_an_expired_payment_cannot_be_marked_paid(client, underpaid, staff):
    Payment.objects.update(status=PaymentStatus.EXPIRED)
    response = client.post(
        f"{REVIEWS}{underpaid.pk}/", {"mark_paid": "1", "paid-reference": underpaid.payment.reference}
    )
    assert response.status_code == 400
    assert Payment.objects.get().status == PaymentStatus.EXPIRED


def test_refunds_owed_are_listed_and_recorded_as_sent(client, staff):
    payment = start_payment(make_group("cod", total=90000))
    payment_capture(payment=payment, amount=Decimal(90000))
    refund = payment_refund(payment=payment, amount=Decimal(30000), note="Thiếu hàng")
    page = client.get(REFUNDS).content.decode()
    assert "30.000" in page and "Thiếu hàng" in page
    assert client.post(f"{REFUNDS}{refund.pk}/sent/").status_code == 302
    refund.refresh_from_db()
    assert (refund.status, refund.sent_by) == (RefundStatus.MANUAL_SENT, staff)
    assert client.post(f"{REFUNDS}{refund.pk}/sent/").status_code == 404


def test_the_review_list_speaks_vietnamese_by_default_and_english_on_request(client, underpaid, staff):
    vietnamese = client.get(REVIEWS).content.decode()
    assert "Chuyển khoản cần xem xét" in vietnamese
    assert "Chuyển thiếu tiền" in vietnamese  # the review reason, from the payments catalogue
    english = client.get(REVIEWS, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Transfers to review" in english and "Less than the amount due" in english
