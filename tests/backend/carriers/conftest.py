"""Fixtures for the carrier tests: the GHN fake on 127.0.0.1 and a real client pointed at it."""

import pytest

from backend.carriers.ghn.client import GhnClient
from tests.fakes.ghn_server import FakeGhnServer


@pytest.fixture
def ghn_fake():
    with FakeGhnServer() as server:
        yield server


@pytest.fixture
def ghn(ghn_fake):
    """The real client against the fake: short timeout, two retries, no waiting between them."""
    with GhnClient(
        base_url=ghn_fake.api_base,
        token=ghn_fake.state.token,
        shop_id=ghn_fake.state.shop_id,
        timeout=0.3,
        max_retries=2,
        sleep=lambda _s: None,
    ) as client:
        yield client
