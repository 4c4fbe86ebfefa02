"""The stall logo on the dashboard profile page: owners upload it, bad files are refused, others get 403."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from backend.stalls.models import MemberRole, StallMember
from tests.backend.catalog.factories import image_upload
from tests.factories import make_official, make_stall, make_user

pytestmark = pytest.mark.django_db


def _logo_url(stall):
    return reverse("dashboard:stall:profile_logo", args=[stall.pk])


def _profile_url(stall):
    return reverse("dashboard:stall:profile", args=[stall.pk])


def test_the_owner_sees_the_logo_form(client, owner, stall):
    client.force_login(owner)
    body = client.get(_profile_url(stall)).content.decode()
    assert _logo_url(stall) in body and "Tải logo lên" in body


def test_the_owner_uploads_a_logo_and_the_profile_shows_it(client, owner, stall):
    client.force_login(owner)
    response = client.post(_logo_url(stall), {"logo": image_upload("WEBP", (128, 128))})
    assert response.status_code == 302 and response["Location"] == _profile_url(stall)
    stall.refresh_from_db()
    assert stall.logo.name.startswith("stalls/logos/") and stall.logo.name.endswith(".webp")
    body = client.get(_profile_url(stall)).content.decode()
    assert stall.logo.url in body and "Đã lưu logo." in body


def test_a_non_image_is_refused_in_vietnamese_and_nothing_is_saved(client, owner, stall):
    client.force_login(owner)
    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = client.post(_logo_url(stall), {"logo": fake})
    assert response.status_code == 400
    assert "Hãy tải lên hình JPEG, PNG hoặc WebP." in response.content.decode()
    stall.refresh_from_db()
    assert not stall.logo


def test_a_logo_with_too_many_pixels_is_refused_in_english(client, owner, stall, settings):
    settings.MAX_IMAGE_PIXELS = 1000
    client.force_login(owner)
    response = client.post(
        _logo_url(stall), {"logo": image_upload("PNG", (100, 100))}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "This image has too many pixels; resize it and try again." in response.content.decode()
    stall.refresh_from_db()
    assert not stall.logo


def test_a_staff_member_sees_no_logo_form_and_gets_403(client, stall):
    staff = make_user()
    StallMember.objects.create(stall=stall, user=staff, role=MemberRole.STAFF)
    client.force_login(staff)
    assert _logo_url(stall) not in client.get(_profile_url(stall)).content.decode()
    assert client.post(_logo_url(stall), {"logo": image_upload()}).status_code == 403
    stall.refresh_from_db()
    assert not stall.logo


def test_an_official_sees_no_logo_form_and_gets_403(client, stall):
    client.force_login(make_official([stall.province_code]))
    assert _logo_url(stall) not in client.get(_profile_url(stall)).content.decode()
    assert client.post(_logo_url(stall), {"logo": image_upload()}).status_code == 403
    stall.refresh_from_db()
    assert not stall.logo


def test_a_member_of_another_stall_gets_404(client, stall):
    client.force_login(make_stall(make_user()).members.get().user)
    assert client.post(_logo_url(stall), {"logo": image_upload()}).status_code == 404


def test_the_logo_page_takes_only_post(client, owner, stall):
    client.force_login(owner)
    assert client.get(_logo_url(stall)).status_code == 405
