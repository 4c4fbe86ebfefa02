"""Reuse the payments test kit's fixtures (settings, spies) for the staff pages."""

from tests.backend.payments.conftest import _payment_settings, mark_paid_spy  # noqa: F401
