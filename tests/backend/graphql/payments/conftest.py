"""Reuse the payments test kit's fixtures (settings, fake Stripe server, spies) for API tests."""

from tests.backend.payments.conftest import _payment_settings, fake_stripe, mark_paid_spy  # noqa: F401
