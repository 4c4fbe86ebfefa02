"""The checkout page: one group with one order per stall, VietQR waiting and paid, card redirect,
the commune picker, and refusals shown in the buyer's language with nothing written."""

from decimal import Decimal

import pytest

from backend.catalog.models import Stock
from backend.orders.models import Order, OrderGroup, OrderStatus
from backend.payments.models import Payment, PaymentStatus
from tests.backend.accounts.support import post_form
from tests.backend.checkout.builders import make_shipping, make_variant
from tests.backend.payments.conftest import BANK_SECRET, bank_body, fake_stripe, post_bank
from tests.factories import make_stall, make_user
from tests.storefront.buy.support import add, checkout_data, held_checkout, place

pytestmark = pytest.mark.django_db
__all__ = ["fake_stripe"]  # the fake Stripe server fixture, used by the card test


@pytest.fixture(autouse=True)
def _bank(settings):
    settings.BANK_WEBHOOK_SECRET = BANK_SECRET
    settings.VIETQR_ACCOUNT_NUMBER = "0011004123456"


@pytest.fixture
def two_stalls(client):
    a, b = make_stall(name="Gian Dừa"), make_stall(name="Gian Vải")
    methods = [make_shipping(a, price=30_000), make_shipping(b, price=20_000)]
    add(client, make_variant(a, price=100_000), 2)
    add(client, make_variant(b, price=50_000), 1)
    return methods


def test_page_lists_each_stall_with_its_delivery_methods_and_days(client, two_stalls):
    two_stalls[0].min_days, two_stalls[0].max_days = 2, 4
    two_stalls[0].save()
    body = client.get("/checkout/").content.decode()
    assert "Gian Dừa" in body and "Gian Vải" in body
    assert "30.000\u00a0₫" in body and "2–4 ngày" in body
    assert f'name="delivery_{two_stalls[0].stall_id}"' in body


def test_cash_on_delivery_places_one_group_with_an_order_per_stall(client, two_stalls):
    response = place(client, two_stalls)
    group = OrderGroup.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/orders/{group.token}/"
    assert group.orders.count() == 2 and group.total == Decimal(300_000)
    assert group.email == "mai@example.vn"
    page = client.get(response["Location"])
    assert "Cảm ơn bạn! Đơn hàng đã được đặt." in page.content.decode()
    body = page.content.decode()
    for order in group.orders.all():
        assert order.number in body
    assert "300.000\u00a0₫" in body and "Gian Dừa" in body and "Gian Vải" in body
    assert page["Referrer-Policy"] == "no-referrer" and "noindex" in page["X-Robots-Tag"]
    # The cart is spent: the header and the cart page are empty again.
    assert "cart-empty" in client.get("/cart/").content.decode()


def test_vietqr_shows_amount_and_reference_and_flips_after_the_bank_webhook(client, two_stalls):
    response = place(client, two_stalls, payment="vietqr")
    group = OrderGroup.objects.get()
    payment = Payment.objects.get(group=group)
    body = client.get(response["Location"]).content.decode()
    assert payment.reference in body and "300.000\u00a0₫" in body and "0011004123456" in body
    assert f'data-status-url="/orders/{group.token}/status.json"' in body
    qr = client.get(f"/orders/{group.token}/qr.svg")
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    status = client.get(f"/orders/{group.token}/status.json").json()
    assert status["payment"] == PaymentStatus.PENDING and status["waiting"] is True
    hook = post_bank(client, bank_body(transaction_id=1, amount=300_000, content=f"OCOP {payment.reference}"))
    assert hook.status_code == 200
    status = client.get(f"/orders/{group.token}/status.json").json()
    assert status["paid"] is True and status["waiting"] is False
    assert {o["status"] for o in status["orders"]} == {OrderStatus.CONFIRMED}
    paid_page = client.get(f"/orders/{group.token}/").content.decode()
    assert "data-status-url" not in paid_page
    assert client.get(f"/orders/{group.token}/qr.svg").status_code == 404


def test_card_payment_redirects_to_the_hosted_checkout_page(client, two_stalls, fake_stripe):
    response = place(client, two_stalls, payment="stripe")
    payment = Payment.objects.get()
    assert response.status_code == 303
    assert response["Location"] == payment.checkout_url and payment.checkout_url.startswith(fake_stripe.url)
    page = client.get(f"/orders/{payment.group.token}/").content.decode()
    assert 'id="pay-card"' in page and "data-status-url" in page


def _form_action(response) -> str:
    policy = response["Content-Security-Policy"]
    return next(part.strip() for part in policy.split(";") if part.strip().startswith("form-action"))


def test_pages_whose_forms_may_end_on_stripes_page_let_the_form_go_there_and_no_other(
    client, two_stalls, settings
):
    settings.STRIPE_CHECKOUT_ORIGIN = "https://checkout.stripe.com"
    place(client, two_stalls, payment="cod")
    group = OrderGroup.objects.get()
    # The order page (its "Pay by card" form posts, then 303s to the hosted page) names the origin.
    assert (
        _form_action(client.get(f"/orders/{group.token}/"))
        == "form-action 'self' https://checkout.stripe.com"
    )
    # Pages with no such form keep forms on our own origin.
    assert _form_action(client.get("/")) == "form-action 'self'"


def test_card_payment_when_stripe_is_unreachable_lands_on_the_order_page_with_a_message(client, two_stalls):
    response = place(client, two_stalls, payment="stripe")
    group = OrderGroup.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/orders/{group.token}/"
    assert 'id="pay-card"' in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"commune_code": "1"}, "Chọn xã/phường trong danh sách."),
        ({"commune_code": "4"}, "Xã/phường này không thuộc tỉnh đã chọn."),
        ({"province_code": "999"}, "Chọn tỉnh/thành phố trong danh sách."),
        ({"email": "not-an-email"}, "Nhập một địa chỉ email hợp lệ."),
        ({"email": ""}, "Nhập một địa chỉ email hợp lệ."),
        ({"phone": "12"}, "Nhập số điện thoại Việt Nam"),
        ({"full_name": ""}, "Nhập tên người nhận."),
        ({"payment_method": "bitcoin"}, "Phương thức thanh toán này không áp dụng"),
    ],
)
def test_bad_input_is_refused_in_vietnamese_and_writes_nothing(client, two_stalls, changes, message):
    before = held_checkout(client)
    response = post_form(client, "/checkout/", checkout_data(two_stalls, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not OrderGroup.objects.exists()
    after = held_checkout(client)
    assert (after.email, after.street, after.commune_code) == (
        before.email,
        before.street,
        before.commune_code,
    )
    assert Stock.objects.filter(quantity_allocated__gt=0).count() == 0


def test_another_stalls_delivery_method_is_refused(client, two_stalls):
    foreign = make_shipping(make_stall())
    data = checkout_data(two_stalls)
    data[f"delivery_{two_stalls[0].stall_id}"] = foreign.pk
    body = post_form(client, "/checkout/", data).content.decode()
    assert "Phương thức giao hàng này không áp dụng" in body
    assert not OrderGroup.objects.exists()


def test_english_visitors_read_the_refusal_in_english(client, two_stalls):
    client.cookies["django_language"] = "en"
    body = post_form(client, "/checkout/", checkout_data(two_stalls, commune_code="4")).content.decode()
    assert "This commune is not in the chosen province." in body


def test_without_javascript_the_commune_list_reloads_for_the_chosen_province(client, two_stalls):
    data = checkout_data(two_stalls, province_code="1")
    data.pop("place")
    data["communes"] = "1"
    body = post_form(client, "/checkout/", data).content.decode()
    assert "Phường Ba Đình" in body
    assert "errorlist" not in body and not OrderGroup.objects.exists()


def test_communes_json_lists_a_provinces_communes_and_404s_for_an_unknown_one(client):
    response = client.get("/regions/1/communes.json")
    data = response.json()
    assert response.status_code == 200 and data["province"] == 1
    assert {"code": 4, "name": "Phường Ba Đình"} in data["communes"]
    assert all(set(c) == {"code", "name"} for c in data["communes"])
    assert client.get("/regions/999/communes.json").status_code == 404


def test_empty_cart_sends_checkout_back_to_the_cart(client):
    assert client.get("/checkout/")["Location"] == "/cart/"


def test_signed_in_buyer_gets_the_default_address_prefilled_and_can_save_a_new_one(client):
    from backend.checkout import actions

    buyer = make_user(email="lan@example.vn")
    actions.saved_address_create(
        user=buyer,
        full_name="Trần Lan",
        phone="0987654321",
        street="5 Hàng Bài",
        province_code=1,
        commune_code=4,
    )
    client.force_login(buyer)
    stall = make_stall()
    method = make_shipping(stall)
    add(client, make_variant(stall))
    body = client.get("/checkout/").content.decode()
    assert "Trần Lan" in body and "5 Hàng Bài" in body and "lan@example.vn" in body
    place(client, [method], save_address="on")
    group = OrderGroup.objects.get()
    assert group.user == buyer
    assert buyer.addresses.count() == 2


def test_placing_twice_does_not_order_twice(client, two_stalls):
    place(client, two_stalls)
    second = place(client, two_stalls)
    assert OrderGroup.objects.count() == 1 and Order.objects.count() == 2
    assert second["Location"] == "/cart/"
