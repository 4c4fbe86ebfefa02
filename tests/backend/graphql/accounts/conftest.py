"""Fixtures of tests/backend/accounts/support.py for the account API tests."""

from tests.backend.accounts.support import clock, hashes  # noqa: F401
