"""stall_logo_set: the same image check as product photos; a refused file leaves the stall as it was."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from backend.core.errors import DomainError
from backend.stalls.actions import stall_logo_set
from backend.stalls.error_codes import StallErrorCode
from tests.backend.catalog.factories import image_bytes, image_upload
from tests.factories import make_stall, make_user

pytestmark = pytest.mark.django_db


def test_logo_is_stored_under_a_server_chosen_name(django_capture_on_commit_callbacks):
    stall = make_stall(make_user())
    with django_capture_on_commit_callbacks(execute=True):
        stall_logo_set(stall=stall, upload=image_upload("PNG", (120, 120), name="../../evil.png"))
    stall.refresh_from_db()
    assert stall.logo.name.startswith("stalls/logos/") and stall.logo.name.endswith(".png")
    assert "evil" not in stall.logo.name
    assert stall.logo.read() == image_bytes("PNG", (120, 120))


def test_replacing_the_logo_deletes_the_old_file_after_commit(django_capture_on_commit_callbacks):
    stall = make_stall(make_user())
    with django_capture_on_commit_callbacks(execute=True):
        stall_logo_set(stall=stall, upload=image_upload("PNG"))
    old_name, storage = stall.logo.name, stall.logo.storage
    with django_capture_on_commit_callbacks(execute=True):
        stall_logo_set(stall=stall, upload=image_upload("WEBP"))
    assert stall.logo.name.endswith(".webp")
    assert not storage.exists(old_name) and storage.exists(stall.logo.name)


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>"), StallErrorCode.UNSUPPORTED_IMAGE_FORMAT),
        (image_upload("PNG", (80, 80)), StallErrorCode.IMAGE_TOO_LARGE),
        (SimpleUploadedFile("logo.png", image_bytes("PNG", (40, 30))[:60]), StallErrorCode.INVALID_IMAGE),
    ],
)
def test_bad_logo_is_refused_with_a_stall_code_and_nothing_is_saved(settings, upload, code):
    settings.MAX_IMAGE_PIXELS = 5000
    stall = make_stall(make_user())
    with pytest.raises(DomainError) as raised:
        stall_logo_set(stall=stall, upload=upload)
    assert (raised.value.code, raised.value.field) == (code, "logo")
    stall.refresh_from_db()
    assert not stall.logo


def test_oversized_logo_file_is_refused(settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 100
    stall = make_stall(make_user())
    with pytest.raises(DomainError) as raised:
        stall_logo_set(stall=stall, upload=image_upload("PNG", (200, 200)))
    assert raised.value.code is StallErrorCode.FILE_TOO_LARGE
    assert not stall.logo
