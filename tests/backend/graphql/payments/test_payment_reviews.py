"""paymentReviews: the staff list of transfers that did not match, refused to everyone else."""

import pytest

from tests.backend.payments.conftest import bank_body, make_group, post_bank, start_payment
from tests.factories import make_user
from tests.graphql_client import gql

pytestmark = pytest.mark.django_db

REVIEWS = """
query($status: TransferReviewStatusEnum, $first: Int) {
  paymentReviews(status: $status, first: $first) {
    totalCount
    edges { node { reason status amount { amount currency } description provider providerEventId
                   orderGroupNumber payment { status } } }
  }
}"""


@pytest.fixture
def reviews(client):
    payment = start_payment(make_group("vietqr", total=120000))
    post_bank(client, bank_body(transaction_id=1, amount=100000, content=payment.reference))
    post_bank(client, bank_body(transaction_id=2, amount=50000, content="tien hang"))
    return payment


def test_staff_see_unmatched_and_mismatched_transfers(client, reviews):
    staff = make_user(is_staff=True)
    data = gql(client, REVIEWS, {"status": "OPEN", "first": 10}, user=staff)["data"]["paymentReviews"]
    assert data["totalCount"] == 2
    nodes = {n["reason"]: n for n in (e["node"] for e in data["edges"])}
    assert set(nodes) == {"UNDERPAID", "UNKNOWN_REFERENCE"}
    under = nodes["UNDERPAID"]
    assert under["amount"] == {"amount": 100000.0, "currency": "VND"}
    assert (under["provider"], under["providerEventId"]) == ("bank", "1")
    assert under["orderGroupNumber"] == reviews.group.number
    assert under["payment"]["status"] == "PENDING"
    assert nodes["UNKNOWN_REFERENCE"]["payment"] is None


@pytest.mark.parametrize("who", ["anonymous", "consumer"])
def test_everyone_else_is_refused(client, reviews, who):
    user = make_user() if who == "consumer" else None
    data = gql(client, REVIEWS, {"first": 10}, user=user)
    assert data["data"]["paymentReviews"] is None
    assert data["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


def test_page_size_is_capped(client, reviews):
    data = gql(client, REVIEWS, {"first": 101}, user=make_user(is_staff=True))
    assert data["errors"][0]["extensions"]["code"] == "PAGINATION_LIMIT"


def test_the_list_query_count_does_not_grow_with_the_page(client, reviews, django_assert_max_num_queries):
    staff = make_user(is_staff=True)
    for n in range(3, 13):
        post_bank(client, bank_body(transaction_id=n, amount=1000 + n, content="khong ro"))
    with django_assert_max_num_queries(8):
        data = gql(client, REVIEWS, {"first": 12}, user=staff)
    assert len(data["data"]["paymentReviews"]["edges"]) == 12
