"""The old home-page search address still lands on the search results."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_search_typed_into_the_home_address_redirects_to_search(client):
    response = client.get("/", {"q": "keo dua", "sort": "price"})
    assert response.status_code == 302
    assert response["Location"] == "/search/?q=keo+dua&sort=price"
