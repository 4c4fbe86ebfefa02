"""The dashboard landing page sends each role to its tools and nothing else."""

import pytest

from tests.factories import make_official, make_stall, make_user

pytestmark = pytest.mark.django_db


def test_member_sees_links_to_their_stall_only(client):
    owner = make_user()
    mine = make_stall(owner, name="HTX Của Tôi")
    make_stall(make_user(), name="HTX Người Khác")
    client.force_login(owner)
    body = client.get("/dashboard/").content.decode()
    assert "HTX Của Tôi" in body and "HTX Người Khác" not in body
    assert f"/dashboard/stalls/{mine.pk}/traceability/" in body


def test_official_sees_stalls_of_their_province_read_only(client):
    official = make_official([86])
    make_stall(name="HTX Vĩnh Long", province_code=86, commune_code=28777)
    make_stall(name="HTX Bắc Ninh", province_code=24, commune_code=7582)
    client.force_login(official)
    body = client.get("/dashboard/").content.decode()
    assert "HTX Vĩnh Long" in body and "HTX Bắc Ninh" not in body
    assert "Chỉ xem" in body


def test_staff_see_the_review_list(client):
    client.force_login(make_user(is_staff=True))
    assert "/dashboard/payments/reviews/" in client.get("/dashboard/").content.decode()


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]
