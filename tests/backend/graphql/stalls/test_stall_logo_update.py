"""stallLogoUpdate (multipart): owners set the logo, everyone else is refused, bad files save nothing."""

import graphene
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from backend.stalls.models import MemberRole, StallMember
from tests.backend.catalog.factories import image_upload
from tests.backend.graphql.catalog.multipart import gql_multipart
from tests.factories import make_official, make_stall, make_user
from tests.graphql_client import gql

pytestmark = pytest.mark.django_db

LOGO_UPDATE = """
mutation($id: ID!, $logo: Upload!) {
  stallLogoUpdate(id: $id, logo: $logo) { stall { slug logoUrl } errors { field code message } }
}"""
STALL = "query($slug: String!) { stall(slug: $slug) { logoUrl } }"


def _upload(client, user, stall, upload):
    return gql_multipart(
        client,
        LOGO_UPDATE,
        {"id": graphene.Node.to_global_id("Stall", stall.pk), "logo": None},
        {"variables.logo": upload},
        user=user,
    )


def test_owner_sets_the_logo_and_the_public_stall_shows_its_url(client):
    owner = make_user()
    stall = make_stall(owner)
    payload = _upload(client, owner, stall, image_upload("JPEG", (200, 200)))["data"]["stallLogoUpdate"]
    assert payload["errors"] == []
    url = payload["stall"]["logoUrl"]
    assert url.startswith("http://testserver/media/stalls/logos/") and url.endswith(".jpg")
    client.logout()
    assert gql(client, STALL, {"slug": stall.slug})["data"]["stall"]["logoUrl"] == url
    stall.refresh_from_db()
    assert url == f"http://testserver{stall.logo.url}" and stall.logo.storage.exists(stall.logo.name)


def test_stall_without_logo_has_no_url(client):
    stall = make_stall(make_user())
    assert gql(client, STALL, {"slug": stall.slug})["data"]["stall"]["logoUrl"] is None


def test_non_image_is_an_error_code_and_nothing_is_saved(client):
    owner = make_user()
    stall = make_stall(owner)
    fake = SimpleUploadedFile("logo.png", b"<html>not an image</html>", content_type="image/png")
    payload = _upload(client, owner, stall, fake)["data"]["stallLogoUpdate"]
    assert payload["errors"] == [
        {
            "field": "logo",
            "code": "UNSUPPORTED_IMAGE_FORMAT",
            "message": "This file is not an image; upload a JPEG, PNG or WebP photo.",
        }
    ]
    stall.refresh_from_db()
    assert not stall.logo


def test_too_many_pixels_is_refused(client, settings):
    settings.MAX_IMAGE_PIXELS = 1000
    owner = make_user()
    stall = make_stall(owner)
    payload = _upload(client, owner, stall, image_upload("PNG", (100, 100)))["data"]["stallLogoUpdate"]
    assert [e["code"] for e in payload["errors"]] == ["IMAGE_TOO_LARGE"]
    stall.refresh_from_db()
    assert not stall.logo


def test_staff_member_of_the_stall_cannot_change_the_logo(client):
    stall = make_stall(make_user())
    staff = make_user()
    StallMember.objects.create(stall=stall, user=staff, role=MemberRole.STAFF)
    payload = _upload(client, staff, stall, image_upload())["data"]["stallLogoUpdate"]
    assert [e["code"] for e in payload["errors"]] == ["NOT_FOUND"]
    stall.refresh_from_db()
    assert not stall.logo


def test_owner_of_another_stall_cannot_change_the_logo(client):
    stall = make_stall(make_user())
    other_owner = make_user()
    make_stall(other_owner)
    payload = _upload(client, other_owner, stall, image_upload())["data"]["stallLogoUpdate"]
    assert [e["code"] for e in payload["errors"]] == ["NOT_FOUND"]
    stall.refresh_from_db()
    assert not stall.logo


@pytest.mark.parametrize("caller", ["anonymous", "consumer", "official"])
def test_non_members_are_denied(client, caller):
    stall = make_stall(make_user())
    callers = {"anonymous": None, "consumer": make_user(), "official": make_official([stall.province_code])}
    user = callers[caller]
    data = _upload(client, user, stall, image_upload())
    # An anonymous upload is refused before execution (a request error has no "data" at all).
    assert (data.get("data") or {}).get("stallLogoUpdate") is None
    assert data["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    stall.refresh_from_db()
    assert not stall.logo
