"""The stall profile page: owners edit, staff and officials read, other stalls' members get 404."""

import pytest
from django.urls import reverse

from backend.stalls.models import MemberRole, StallMember
from tests.factories import make_official, make_stall, make_user

pytestmark = pytest.mark.django_db

PROFILE = {
    "description": "<p>Kẹo dừa <em>nấu tay</em></p><img src=x onerror=alert(1)>",
    "phone": "0913 000 001",
    "address": "12 Đại lộ Đồng Khởi",
    "bank_bin": "970436",
    "bank_account_number": "0123456789",
    "bank_account_name": "HTX KEO DUA BEN TRE",
}


def _url(stall):
    return reverse("dashboard:stall:profile", args=[stall.pk])


def test_the_owner_sees_the_profile_form_in_vietnamese(client, owner, stall):
    client.force_login(owner)
    response = client.get(_url(stall))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hồ sơ và tài khoản nhận tiền" in body
    assert "Lưu hồ sơ" in body


def test_the_profile_is_in_english_with_accept_language(client, owner, stall):
    client.force_login(owner)
    body = client.get(_url(stall), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Profile and payout account" in body


def test_the_owner_saves_the_profile_and_payout_account(client, owner, stall):
    client.force_login(owner)
    assert client.post(_url(stall), PROFILE).status_code == 302
    stall.refresh_from_db()
    assert stall.phone == "+84913000001"
    assert (stall.bank_bin, stall.bank_account_number) == ("970436", "0123456789")
    assert "onerror" not in stall.description
    assert "<em>nấu tay</em>" in stall.description


def test_an_invalid_bank_bin_is_refused_in_vietnamese(client, owner, stall):
    client.force_login(owner)
    response = client.post(_url(stall), {**PROFILE, "bank_bin": "97043"})
    assert response.status_code == 400
    assert "Mã BIN ngân hàng gồm 6 chữ số." in response.content.decode()
    stall.refresh_from_db()
    assert stall.bank_bin == ""


def test_a_staff_member_reads_but_cannot_change_the_payout_account(client, stall):
    staff = make_user()
    StallMember.objects.create(stall=stall, user=staff, role=MemberRole.STAFF)
    client.force_login(staff)
    body = client.get(_url(stall)).content.decode()
    assert "Chỉ chủ gian hàng được thay đổi hồ sơ." in body
    assert client.post(_url(stall), PROFILE).status_code == 403
    stall.refresh_from_db()
    assert stall.bank_account_number == ""


def test_a_member_of_another_stall_gets_404(client, stall):
    client.force_login(make_stall(make_user()).members.get().user)
    assert client.get(_url(stall)).status_code == 404
    assert client.post(_url(stall), PROFILE).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, stall):
    assert client.get(_url(stall))["Location"].startswith(reverse("accounts:login"))


def test_an_official_reads_the_profile_but_gets_403_on_save(client, stall):
    client.force_login(make_official([stall.province_code]))
    response = client.get(_url(stall))
    assert response.status_code == 200
    assert "Lưu hồ sơ" not in response.content.decode()
    assert client.post(_url(stall), PROFILE).status_code == 403
    stall.refresh_from_db()
    assert stall.phone == ""
