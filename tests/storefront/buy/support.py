"""Shared steps for the buying-page tests: fill a cart through the pages and place it."""

from django.test import Client

from backend.checkout.models import Checkout
from storefront.buy.cart import SESSION_KEY
from tests.backend.accounts.support import post_form
from tests.backend.checkout.builders import ADDRESS


def add(client: Client, variant, quantity: int = 1, **extra):
    return post_form(client, "/cart/add/", {"variant": variant.pk, "quantity": quantity, **extra})


def held_checkout(client: Client) -> Checkout:
    return Checkout.objects.get(token=client.session[SESSION_KEY]["vn"])


def checkout_data(methods, *, payment: str = "cod", **changes) -> dict:
    """The checkout form as a browser posts it: contact, the builders' address, one method per stall."""
    data = {
        "email": "mai@example.vn",
        "phone": ADDRESS["phone"],
        "full_name": ADDRESS["full_name"],
        "street": ADDRESS["street"],
        "province_code": ADDRESS["province_code"],
        "commune_code": ADDRESS["commune_code"],
        "payment_method": payment,
        "place": "1",
    }
    data.update({f"delivery_{m.stall_id}": m.pk for m in methods})
    data.update(changes)
    return data


def place(client: Client, methods, **kwargs):
    return post_form(client, "/checkout/", checkout_data(methods, **kwargs))
