"""App config for backend.orders."""

from django.apps import AppConfig

from backend.accounts.signals import account_anonymised, account_deletion_check
from backend.payments.signals import payment_expired, payment_paid


class OrdersConfig(AppConfig):
    name = "backend.orders"
    label = "orders"

    def ready(self) -> None:
        # Imported here, not at the top: receivers import actions and models, which need the app
        # registry that is only ready once every app config is loaded.
        from backend.orders.receivers import group_paid, group_payment_expired

        payment_paid.connect(group_paid, dispatch_uid="orders.group_paid")
        payment_expired.connect(group_payment_expired, dispatch_uid="orders.group_payment_expired")
        from backend.orders import account_receivers

        account_deletion_check.connect(
            account_receivers.account_deletion_check, dispatch_uid="orders.account_deletion_check"
        )
        account_anonymised.connect(
            account_receivers.account_anonymised, dispatch_uid="orders.account_anonymised"
        )
