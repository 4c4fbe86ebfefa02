"""Uploaded media is served in development from the MEDIA_ROOT in force at request time."""

import pytest


@pytest.mark.parametrize("content", [b"first", b"second"])
def test_media_is_served_from_the_current_media_root(client, settings, content):
    (settings.MEDIA_ROOT / "docs").mkdir(parents=True)
    (settings.MEDIA_ROOT / "docs" / "a.txt").write_bytes(content)
    response = client.get("/media/docs/a.txt")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content


def test_paths_outside_media_root_are_refused(client, settings):
    settings.MEDIA_ROOT.mkdir(parents=True)
    (settings.MEDIA_ROOT.parent / "secret.txt").write_bytes(b"secret")
    response = client.get("/media/../secret.txt")
    assert response.status_code == 400  # Django refuses the traversal as a suspicious operation
    assert b"secret" not in response.content
