"""App config for the consumer web shop."""

from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    name = "storefront"

    def ready(self) -> None:
        # Function-local: the receiver imports models, which need a ready app registry.
        from django.contrib.auth.signals import user_logged_in

        from storefront.buy.receivers import cart_keep_on_sign_in

        user_logged_in.connect(cart_keep_on_sign_in, dispatch_uid="storefront.cart_keep_on_sign_in")
