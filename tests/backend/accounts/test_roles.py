"""Roles come from relations: stall membership, official scopes, the staff flag."""

import pytest
from django.contrib.auth.models import AnonymousUser

from backend.accounts.roles import Role, official_province_codes, roles_for
from tests.factories import PROJECT_PASSWORD_HASHERS, make_official, make_stall, make_user

pytestmark = pytest.mark.django_db


def test_a_new_user_is_only_a_consumer():
    assert roles_for(make_user()) == {Role.CONSUMER}


def test_stall_owner_is_a_stall_member():
    owner = make_user()
    make_stall(owner)
    assert Role.STALL_MEMBER in roles_for(owner)


def test_official_is_scoped_to_their_provinces():
    official = make_official([86, 24])
    assert Role.OFFICIAL in roles_for(official)
    assert official_province_codes(official) == [24, 86]


def test_staff_flag_makes_platform_staff():
    assert Role.PLATFORM_STAFF in roles_for(make_user(is_staff=True))


def test_anonymous_has_no_role():
    assert roles_for(AnonymousUser()) == set()


def test_passwords_are_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = PROJECT_PASSWORD_HASHERS
    assert PROJECT_PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert make_user().password.startswith("argon2$")
