"""A province with sales for the insights pages: two stalls of Vĩnh Long, one of Hà Nội, orders placed
through checkout (cash on delivery, so they count at once) by buyers whose details must never show."""

import pytest
from django.contrib.auth.models import AnonymousUser

from backend.checkout.complete import checkout_complete
from backend.stalls.models import LegalForm
from tests.backend.checkout.builders import make_shipping, make_variant, ready_checkout
from tests.factories import make_official, make_stall, make_user

PROVINCE, COMMUNE = 86, 28777
OTHER_PROVINCE, OTHER_COMMUNE = 1, 4

BUYER = {
    "full_name": "Đỗ Thị Kín Tiếng",
    "phone": "0987 111 222",
    "street": "99 Ngõ Riêng Tư",
    "province_code": 79,
    "commune_code": 26882,
}
BUYER_EMAIL = "kin.tieng@bimat.example"
SECRETS = [BUYER["full_name"], BUYER["street"], BUYER_EMAIL, "0987 111 222", "0987111222", "987111222"]


def buy(lines, *, address: dict = BUYER, email: str = BUYER_EMAIL):
    checkout = ready_checkout(lines, email=email, address=address)
    return checkout_complete(checkout=checkout, payment_method="cod", user=AnonymousUser())


@pytest.fixture
def province_world(django_capture_on_commit_callbacks):
    owner = make_user(full_name="Chủ HTX")
    stall = make_stall(owner, province_code=PROVINCE, commune_code=COMMUNE, name="HTX Dừa Xanh")
    household = make_stall(
        make_user(), province_code=PROVINCE, commune_code=COMMUNE, legal_form=LegalForm.HOUSEHOLD
    )
    elsewhere = make_stall(make_user(), province_code=OTHER_PROVINCE, commune_code=OTHER_COMMUNE)
    for each in (stall, household, elsewhere):
        make_shipping(each, price=0)
    candy = make_variant(stall, price=50_000, stock=100, weight=250)
    oil = make_variant(household, price=120_000, stock=100, weight=1000)
    far = make_variant(elsewhere, price=70_000, stock=100)
    with django_capture_on_commit_callbacks(execute=True):
        buy([(candy, 3), (oil, 1)])
        buy([(candy, 2)])
        buy([(far, 5)])
    return {
        "owner": owner,
        "stall": stall,
        "household": household,
        "elsewhere": elsewhere,
        "candy": candy,
        "official": make_official([PROVINCE]),
    }
