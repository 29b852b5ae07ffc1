"""Hot pages: the number of queries must not grow with the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zielwerk.organisations.models import Organisation, Region

pytestmark = pytest.mark.django_db

PAGES = [
    ("ministerium", "/"),
    ("wiesbaden", "/"),
    ("traeger-wiesbaden", "/"),
    ("ministerium", "/organisationen/"),
    ("wiesbaden", "/organisationen/"),
    ("ministerium", "/gebietskoerperschaften/"),
    ("ministerium", "/programme/"),
    ("ministerium", "/programme/aqb/2024/"),
    ("admin", "/protokoll/"),
    ("ministerium", "/api/v1/organisations"),
    ("ministerium", "/api/v1/regions"),
]


def add_providers(count: int) -> None:
    regions = list(Region.objects.all())
    for number in range(count):
        provider = Organisation.objects.create(
            kind="provider", name=f"Träger {number}", slug=f"traeger-{number}"
        )
        provider.regions.add(regions[number % len(regions)], regions[0])


@pytest.mark.parametrize(("username", "url"), PAGES)
def test_query_count_does_not_grow(client_for, username, url):
    client = client_for(username)
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    add_providers(30)
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after) == len(before), [q["sql"] for q in after.captured_queries]
