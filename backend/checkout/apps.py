"""App config for backend.checkout."""

from django.apps import AppConfig

from backend.accounts.signals import account_anonymised


class CheckoutConfig(AppConfig):
    name = "backend.checkout"
    label = "checkout"

    def ready(self) -> None:
        from backend.checkout.account_receivers import account_anonymised as remove_buyer_data

        account_anonymised.connect(remove_buyer_data, dispatch_uid="checkout.account_anonymised")
