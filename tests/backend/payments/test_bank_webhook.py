"""POST /webhooks/bank/: signed SePay-style notifications matched by reference and exact amount."""

import hashlib
import hmac
from datetime import timedelta

import pytest
from django.utils import timezone

from backend.orders.models import Order, OrderStatus
from backend.payments.models import (
    Payment,
    PaymentStatus,
    RefundStatus,
    ReviewReason,
    TransferReview,
    WebhookEvent,
)
from tests.backend.payments.conftest import BANK_SECRET, bank_body, make_group, post_bank, start_payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def payment():
    return start_payment(make_group("vietqr", total=120000))


def test_signed_notification_sent_twice_marks_the_payment_paid_once(client, payment, mark_paid_spy):
    body = bank_body(transaction_id=92704, amount=120000, content=f"{payment.reference} chuyen tien")
    first = post_bank(client, body)
    second = post_bank(client, body)
    assert first.status_code == 200 and first.json()["outcome"] == "paid"
    assert second.status_code == 200 and second.json()["duplicate"] is True
    assert WebhookEvent.objects.filter(provider="bank", event_id="92704").count() == 1
    assert len(mark_paid_spy.calls) == 1
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert payment.captured_amount == payment.amount
    assert payment.paid_at is not None
    assert Order.objects.get(group=payment.group).status == OrderStatus.CONFIRMED


def test_reference_is_found_whatever_the_bank_did_to_case_and_spaces(client, payment):
    spaced = f"MBVCB.3278907687.{payment.reference[:4].lower()} {payment.reference[4:]} 0912345678 CT tu Mai"
    response = post_bank(client, bank_body(transaction_id="T-1", amount=120000, content=spaced))
    assert response.json()["outcome"] == "paid"


def test_reference_in_the_description_when_content_is_empty(client, payment):
    body = bank_body(transaction_id="T-2", amount=120000, content="", description=f"IBFT {payment.reference}")
    assert post_bank(client, body).json()["outcome"] == "paid"


def test_wrong_signature_is_refused_and_nothing_is_stored(client, payment, mark_paid_spy):
    body = bank_body(transaction_id=1, amount=120000, content=payment.reference)
    response = post_bank(client, body, secret="not-the-secret")
    assert response.status_code == 401
    assert not WebhookEvent.objects.exists()
    assert mark_paid_spy.calls == []
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PENDING


def test_missing_signature_is_refused(client, payment):
    body = bank_body(transaction_id=1, amount=120000, content=payment.reference)
    assert post_bank(client, body, signature="").status_code == 401
    assert not WebhookEvent.objects.exists()


def test_a_body_changed_after_signing_is_refused(client, payment):
    body = bank_body(transaction_id=1, amount=1000, content=payment.reference)
    signature_of_small = hmac.new(BANK_SECRET.encode(), body, hashlib.sha256).hexdigest()
    tampered = body.replace(b'"transferAmount": 1000', b'"transferAmount": 120000')
    assert post_bank(client, tampered, signature=signature_of_small).status_code == 401
    assert not WebhookEvent.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"[]",
        b'{"id": 1}',
        b'{"id": 1, "transferType": "in", "transferAmount": -5, "content": "x"}',
        b'{"id": 1, "transferType": "sideways", "transferAmount": 5, "content": "x"}',
        b'{"id": 1, "transferType": "in", "transferAmount": 1.5, "content": "x"}',
        b"\xff\xfe",
    ],
)
def test_malformed_but_signed_bodies_are_a_400_never_a_500(client, body):
    response = post_bank(client, body)
    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()


def test_get_is_not_allowed(client):
    assert client.get("/webhooks/bank/").status_code == 405


def test_an_unset_secret_refuses_everything(client, settings, payment):
    settings.BANK_WEBHOOK_SECRET = ""
    body = bank_body(transaction_id=1, amount=120000, content=payment.reference)
    assert post_bank(client, body, secret="").status_code == 503
    assert not WebhookEvent.objects.exists()


@pytest.mark.parametrize(
    ("amount", "reason"), [(100000, ReviewReason.UNDERPAID), (150000, ReviewReason.OVERPAID)]
)
def test_wrong_amount_goes_to_review_and_nothing_is_paid(client, payment, mark_paid_spy, amount, reason):
    response = post_bank(client, bank_body(transaction_id=7, amount=amount, content=payment.reference))
    assert response.status_code == 200
    review = TransferReview.objects.get()
    assert (review.reason, review.payment, review.amount) == (reason, payment, amount)
    assert review.status == "open"
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PENDING
    assert mark_paid_spy.calls == []


def test_unknown_reference_goes_to_review(client, payment):
    post_bank(client, bank_body(transaction_id=8, amount=120000, content="chuyen tien mua keo dua"))
    review = TransferReview.objects.get()
    assert review.reason == ReviewReason.UNKNOWN_REFERENCE
    assert review.payment is None
    assert "keo dua" in review.description


def test_transfer_after_the_expiry_sweep_goes_to_review(client, payment, mark_paid_spy):
    Payment.objects.filter(pk=payment.pk).update(status=PaymentStatus.EXPIRED)
    post_bank(client, bank_body(transaction_id=9, amount=120000, content=payment.reference))
    assert TransferReview.objects.get().reason == ReviewReason.EXPIRED
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.EXPIRED
    assert mark_paid_spy.calls == []


def test_transfer_after_the_deadline_but_before_the_sweep_is_accepted(client, payment):
    # The stock is still held for the buyer, so a few minutes' bank delay does not cost them the order.
    Payment.objects.filter(pk=payment.pk).update(expires_at=timezone.now() - timedelta(minutes=2))
    post_bank(client, bank_body(transaction_id=10, amount=120000, content=payment.reference))
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PAID


def test_a_second_transfer_for_a_paid_order_goes_to_review(client, payment, mark_paid_spy):
    post_bank(client, bank_body(transaction_id=11, amount=120000, content=payment.reference))
    post_bank(client, bank_body(transaction_id=12, amount=120000, content=payment.reference))
    assert TransferReview.objects.get().reason == ReviewReason.NOT_PENDING
    assert len(mark_paid_spy.calls) == 1
    assert Payment.objects.get(pk=payment.pk).captured_amount == payment.amount


def test_transfer_for_a_cancelled_order_is_taken_and_owed_back_in_full(client, payment, mark_paid_spy):
    Order.objects.filter(group=payment.group).update(status=OrderStatus.CANCELLED)
    response = post_bank(client, bank_body(transaction_id=13, amount=120000, content=payment.reference))
    assert response.json()["outcome"] == "refunded"
    assert not TransferReview.objects.exists()
    payment = Payment.objects.get(pk=payment.pk)
    assert (payment.status, payment.refunded_amount) == (PaymentStatus.REFUNDED, 120000)
    assert list(payment.refunds.values_list("amount", "status")) == [(120000, RefundStatus.MANUAL_PENDING)]
    assert len(mark_paid_spy.calls) == 1


def test_outgoing_transfers_are_stored_and_ignored(client, payment):
    response = post_bank(
        client, bank_body(transaction_id=14, amount=120000, content=payment.reference, transfer_type="out")
    )
    assert response.json()["outcome"] == "ignored:outgoing"
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PENDING
    assert not TransferReview.objects.exists()


def test_a_cash_payment_is_never_matched_by_a_transfer(client):
    cod = start_payment(make_group("cod"))
    post_bank(client, bank_body(transaction_id=15, amount=120000, content="NS" + cod.group.number[2:]))
    assert TransferReview.objects.get().reason == ReviewReason.UNKNOWN_REFERENCE


def test_an_oversized_body_is_refused_before_parsing(client):
    body = bank_body(transaction_id=16, amount=1, content="x" * 300_000)
    assert post_bank(client, body).status_code == 413
    assert not WebhookEvent.objects.exists()
