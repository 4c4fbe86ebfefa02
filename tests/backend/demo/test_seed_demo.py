"""seed_demo builds the whole demo marketplace, is idempotent, and its fixed logins work.

One test on purpose: the full pipeline takes tens of seconds, so it is built once and checked
in one go (inside the test's transaction, so nothing leaks into other tests).
"""

import pytest
from django.apps import apps
from django.core.management import call_command

from backend.demo.accounts import DEMO_PASSWORD, DEMO_USERS
from backend.regions.selectors import province_by_code
from backend.stalls.models import Stall, StallStatus
from tests.backend.accounts.support import post_form
from tests.graphql_client import gql

TOKEN_CREATE = """
mutation($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) { token user { roles } errors { code } }
}"""
DEMO_APPS = ("accounts", "stalls", "catalog", "checkout", "orders", "payments", "traceability")


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in DEMO_APPS
    }


def _roles(client, email: str) -> set[str]:
    payload = gql(client, TOKEN_CREATE, {"email": email, "password": DEMO_PASSWORD})["data"]["tokenCreate"]
    assert payload["errors"] == [], email
    assert payload["token"], email
    return set(payload["user"]["roles"])


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_its_logins_work(client):
    call_command("seed_demo", verbosity=0)
    first = _counts()
    call_command("seed_demo", verbosity=0)
    assert _counts() == first
    assert first["catalog.Product"] >= 40

    selling = Stall.objects.filter(status=StallStatus.APPROVED)
    assert selling.count() >= 8
    assert len({s.province_code for s in selling}) >= 5
    assert all(province_by_code(s.province_code) for s in selling)
    assert Stall.objects.get(members__user__email="coop@demo.vn").province_code == 86  # Vĩnh Long
    assert Stall.objects.get(members__user__email="coop2@demo.vn").province_code == 24  # Bắc Ninh

    roles = {email: _roles(client, email) for email, *_rest in DEMO_USERS}
    assert roles["shopper@demo.vn"] == {"consumer"}
    assert "stall_member" in roles["coop@demo.vn"] and "stall_member" in roles["coop2@demo.vn"]
    assert "official" in roles["official@demo.vn"]
    assert "platform_staff" in roles["admin@demo.vn"]

    response = post_form(client, "/accounts/sign-in/", {"email": "coop@demo.vn", "password": DEMO_PASSWORD})
    assert response.status_code == 302
