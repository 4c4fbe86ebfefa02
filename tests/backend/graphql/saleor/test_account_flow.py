"""The storefront's account pages, replayed with our Saleor-shaped documents through `/graphql/`:
sign in and refresh, edit the profile, keep an address book, change the password, ask for a
reset and for deletion."""

import pytest
from django.core import mail

from backend.checkout.models import SavedAddress
from tests.backend.graphql.saleor.client import Storefront
from tests.factories import PASSWORD, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

HOME = {
    "firstName": "Mai",
    "lastName": "Nguyễn",
    "streetAddress1": "12 Lê Lợi",
    "city": "phuong an hoi tay",
    "countryArea": "Ho Chi Minh",
    "country": "VN",
    "phone": "0912345678",
}
STOREFRONT = "http://localhost:3000"


def test_a_buyer_keeps_their_profile_and_address_book_through_the_storefronts_documents(
    client, django_capture_on_commit_callbacks
):
    buyer = make_user("mai@example.vn")
    shop = Storefront(client)
    created = shop.mutate("auth-sdk/tokenCreate", "tokenCreate", email=buyer.email, password=PASSWORD)
    refreshed = shop.mutate("auth-sdk/tokenRefresh", "tokenRefresh", refreshToken=created["refreshToken"])
    shop.token = refreshed["token"]

    user = shop.mutate(
        "storefront/AccountUpdate", "accountUpdate", input={"firstName": "Mai", "lastName": "Nguyễn"}
    )["user"]
    assert (user["email"], user["firstName"], user["lastName"]) == ("mai@example.vn", "Mai", "Nguyễn")

    home = shop.mutate("storefront/AccountAddressCreate", "accountAddressCreate", input=HOME)["address"]
    # Accents and "Phường"/"Thành phố" left out are still the 2025 commune and province.
    assert (home["city"], home["countryArea"]) == ("Phường An Hội Tây", "Thành phố Hồ Chí Minh")
    assert home["country"]["code"] == "VN"
    work = shop.mutate(
        "checkout/userAddressCreate",
        "accountAddressCreate",
        address={**HOME, "streetAddress1": "1 Nguyễn Huệ"},
        type="SHIPPING",
    )
    assert [a["streetAddress1"] for a in work["user"]["addresses"]].count("1 Nguyễn Huệ") == 1
    assert work["user"]["defaultShippingAddress"]["id"] == work["address"]["id"]

    moved = shop.mutate(
        "storefront/AccountAddressUpdate",
        "accountAddressUpdate",
        id=home["id"],
        input={**HOME, "streetAddress1": "14 Lê Lợi"},
    )["address"]
    assert moved["streetAddress1"] == "14 Lê Lợi"
    shop.mutate(
        "storefront/AccountSetDefaultAddress", "accountSetDefaultAddress", id=home["id"], type="SHIPPING"
    )
    profile = shop.run("storefront/CurrentUserProfile")["me"]
    assert profile["defaultShippingAddress"]["id"] == home["id"]
    assert sorted(a["streetAddress1"] for a in profile["addresses"]) == ["1 Nguyễn Huệ", "14 Lê Lợi"]

    shop.mutate("storefront/AccountAddressDelete", "accountAddressDelete", id=work["address"]["id"])
    assert SavedAddress.objects.filter(user=buyer).count() == 1

    refused = shop.run(
        "storefront/AccountAddressCreate",
        input={**HOME, "countryArea": "Hà Giang", "city": "Phường Hà Giang 1"},
    )["accountAddressCreate"]
    assert refused["address"] is None and refused["errors"][0]["field"] == "countryArea"
    assert SavedAddress.objects.filter(user=buyer).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        shop.mutate(
            "checkout/requestPasswordReset",
            "requestPasswordReset",
            email=buyer.email,
            channel="vn",
            redirectUrl=f"{STOREFRONT}/reset-password",
        )
        shop.mutate(
            "storefront/AccountRequestDeletion",
            "accountRequestDeletion",
            redirectUrl=f"{STOREFRONT}/account/delete",
            channel="vn",
        )
    links = " ".join(message.body for message in mail.outbox)
    assert f"{STOREFRONT}/reset-password?" in links and f"{STOREFRONT}/account/delete?" in links

    shop.mutate(
        "storefront/PasswordChange",
        "passwordChange",
        oldPassword=PASSWORD,
        newPassword="a-new-horse-battery-7",
    )
    signed_in_again = shop.run("auth-sdk/tokenCreate", email=buyer.email, password="a-new-horse-battery-7")
    assert signed_in_again["tokenCreate"]["token"]
