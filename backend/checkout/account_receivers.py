"""Receiver of accounts' deletion signal: a deleted buyer's address book and carts are removed."""

from backend.checkout.models import Checkout, SavedAddress


def account_anonymised(sender, *, user_id: int, **_kwargs) -> None:
    """accounts.signals.account_anonymised: delete the buyer's saved addresses and open checkouts."""
    SavedAddress.objects.filter(user_id=user_id).delete()
    Checkout.objects.filter(user_id=user_id).delete()
