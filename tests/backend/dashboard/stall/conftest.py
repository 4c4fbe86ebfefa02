"""An owner and their stall, for the stall profile, logo and certificate pages."""

import pytest

from tests.factories import make_stall, make_user


@pytest.fixture
def owner(db):
    return make_user()


@pytest.fixture
def stall(owner):
    return make_stall(owner, name="HTX Kẹo dừa Thử")
