"""Vouchers on checkouts: what they take off, who funds it, every refusal code, and completion."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from backend.checkout import actions, selectors
from backend.checkout.complete import checkout_complete
from backend.checkout.error_codes import CheckoutErrorCode as C
from backend.core.errors import DomainError
from backend.discounts.error_codes import DiscountErrorCode
from backend.discounts.models import Voucher, VoucherRedemption
from backend.orders.models import CommissionLine
from tests.backend.checkout.builders import make_shipping, make_variant, ready_checkout
from tests.backend.discounts.builders import make_voucher, with_code
from tests.factories import make_stall

pytestmark = pytest.mark.django_db
ANON = AnonymousUser()


@pytest.fixture
def two_stalls():
    a = make_stall(name="An Phú", commission_rate=Decimal("0.10"))
    b = make_stall(name="Bình Minh", commission_rate=Decimal("0.10"))
    make_shipping(a, price=20_000)
    make_shipping(b, price=30_000)
    return a, b


def _cart(two_stalls, price_a=100_000, price_b=200_000):
    a, b = two_stalls
    return ready_checkout([(make_variant(a, price=price_a), 1), (make_variant(b, price=price_b), 1)])


def _code_of(call) -> C:
    with pytest.raises(DomainError) as exc:
        call()
    return exc.value.code


def test_platform_percentage_is_shared_over_the_stalls_pro_rata(two_stalls):
    make_voucher()
    make_voucher("OTHER", value="5")
    checkout = with_code(_cart(two_stalls), "tet10")  # codes match case-insensitively
    summary = selectors.checkout_summary(checkout=checkout)
    assert summary.discount_total == Decimal(30_000)
    assert [g.discount for g in summary.groups] == [Decimal(10_000), Decimal(20_000)]
    assert summary.total == Decimal(300_000 - 30_000 + 50_000)


def test_stall_voucher_counts_only_its_own_lines_and_is_capped_by_them(two_stalls):
    a, _b = two_stalls
    make_voucher("AN500K", stall=a, kind="fixed", value="500000")
    summary = selectors.checkout_summary(checkout=with_code(_cart(two_stalls), "AN500K"))
    assert [g.discount for g in summary.groups] == [Decimal(100_000), Decimal(0)]


def test_fixed_platform_amount_split_by_largest_remainder_adds_up(two_stalls):
    make_voucher("MINUS", kind="fixed", value="10001")
    summary = selectors.checkout_summary(checkout=with_code(_cart(two_stalls), "MINUS"))
    assert sum(g.discount for g in summary.groups) == Decimal(10_001)
    assert [g.discount for g in summary.groups] == [Decimal(3_334), Decimal(6_667)]


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"is_active": False}, C.VOUCHER_NOT_ACTIVE),
        ({"starts_at": timezone.now() + timedelta(days=1)}, C.VOUCHER_NOT_ACTIVE),
        ({"min_spend_amount": "300001"}, C.VOUCHER_MIN_SPEND_NOT_REACHED),
    ],
)
def test_promo_code_refusals(two_stalls, fields, code):
    is_active = fields.pop("is_active", True)
    voucher = make_voucher(**fields)
    Voucher.objects.filter(pk=voucher.pk).update(is_active=is_active)
    checkout = _cart(two_stalls)
    assert _code_of(lambda: with_code(checkout, "TET10")) is code
    checkout.refresh_from_db()
    assert checkout.voucher_id is None


def test_unknown_code_and_other_stalls_lines_are_refused(two_stalls):
    a, b = two_stalls
    checkout = ready_checkout([(make_variant(b), 1)])
    make_voucher("ANONLY", stall=a)
    assert _code_of(lambda: with_code(checkout, "NOPE")) is C.INVALID
    assert _code_of(lambda: with_code(checkout, "ANONLY")) is C.VOUCHER_NOT_APPLICABLE


def test_expired_voucher_is_refused_at_completion_and_nothing_is_written(two_stalls):
    voucher = make_voucher()
    checkout = with_code(_cart(two_stalls), "TET10")
    Voucher.objects.filter(pk=voucher.pk).update(
        ends_at=timezone.now() - timedelta(seconds=1), starts_at=timezone.now() - timedelta(days=1)
    )
    assert _code_of(lambda: checkout_complete(checkout=checkout, payment_method="cod", user=ANON)) is (
        C.VOUCHER_NOT_ACTIVE
    )
    assert not VoucherRedemption.objects.exists()


def test_used_up_and_once_per_customer(two_stalls):
    make_voucher(usage_limit=1)
    make_voucher("ONCE", apply_once_per_customer=True)
    first = with_code(_cart(two_stalls), "TET10")
    checkout_complete(checkout=first, payment_method="cod", user=ANON)
    assert _code_of(lambda: with_code(_cart(two_stalls), "TET10")) is C.VOUCHER_USAGE_LIMIT_REACHED
    again = with_code(_cart(two_stalls), "ONCE")
    checkout_complete(checkout=again, payment_method="cod", user=ANON)
    # Same email (in another case), another checkout.
    later = _cart(two_stalls)
    actions.checkout_email_update(checkout=later, email="BUYER@example.vn")
    assert _code_of(lambda: with_code(later, "ONCE")) is C.VOUCHER_ALREADY_USED


def test_completion_records_discount_commission_on_discounted_price_and_one_use(two_stalls):
    voucher = make_voucher()
    group = checkout_complete(checkout=with_code(_cart(two_stalls), "TET10"), payment_method="cod", user=ANON)
    assert (group.discount_total, group.voucher_code) == (Decimal(30_000), "TET10")
    assert group.total == Decimal(300_000 - 30_000 + 50_000)
    orders = list(group.orders.order_by("number"))
    assert [(o.discount_amount, o.discount_platform_amount) for o in orders] == [
        (Decimal(10_000), Decimal(10_000)),
        (Decimal(20_000), Decimal(20_000)),
    ]
    assert [o.total for o in orders] == [Decimal(110_000), Decimal(210_000)]
    commissions = CommissionLine.objects.filter(order__group=group).order_by("order__number")
    assert [(c.base_amount, c.amount) for c in commissions] == [
        (Decimal(90_000), Decimal(9_000)),
        (Decimal(180_000), Decimal(18_000)),
    ]
    voucher.refresh_from_db()
    assert voucher.used == 1
    assert VoucherRedemption.objects.get().amount == Decimal(30_000)


def test_removing_the_code_restores_the_price(two_stalls):
    make_voucher()
    checkout = with_code(_cart(two_stalls), "TET10")
    assert (
        _code_of(lambda: actions.checkout_promo_code_remove(checkout=checkout, promo_code="X")) is C.NOT_FOUND
    )
    actions.checkout_promo_code_remove(checkout=checkout, promo_code="tet10")
    assert selectors.checkout_summary(checkout=checkout).discount_total == 0


def test_voucher_create_refusals():
    make_voucher("TAKEN")
    for kwargs, code in [
        ({"code": "TAKEN"}, DiscountErrorCode.DUPLICATED_CODE),
        ({"code": "bad code!"}, DiscountErrorCode.INVALID),
        ({"code": "P101", "value": "101"}, DiscountErrorCode.INVALID_VALUE),
        ({"code": "F0", "kind": "fixed", "value": "0"}, DiscountErrorCode.INVALID_VALUE),
        ({"code": "D", "ends_at": timezone.now() - timedelta(days=1)}, DiscountErrorCode.INVALID_DATES),
    ]:
        assert _code_of(lambda kwargs=kwargs: make_voucher(**kwargs)) is code
    assert Voucher.objects.count() == 1
