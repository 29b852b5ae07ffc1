"""Meeting pages: the number of queries must not grow with the number of resolutions and tasks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

PAGES = [
    ("ministerium", "/steuerung/2024/wiesbaden/besprechung/"),
    ("wiesbaden", "/steuerung/2024/wiesbaden/besprechung/"),
    ("ministerium", "/steuerung/aufgaben/"),
    ("ministerium", "/steuerung/aufgaben/?stand=alle"),
    ("wiesbaden", "/steuerung/aufgaben/"),
]


@pytest.fixture
def meetings(users):
    from zielwerk.organisations.models import Region
    from zielwerk.programmes.models import ProgrammeYear
    from zielwerk.steering.services.meetings import meeting_save

    year = ProgrammeYear.objects.get(programme__code="aqb", year=2024)
    return [
        meeting_save(
            actor=users["ministerium"],
            programme_year=year,
            region=Region.objects.get(slug=slug),
            held_on=dt.date(2024, 10, 17),
        )
        for slug in ("wiesbaden", "frankfurt")
    ]


def grow(users, meetings, count: int) -> None:
    """More tasks, notes and amendment resolutions, straight through the model."""
    from zielwerk.steering.models import Resolution

    owners = [users["wiesbaden"], users["ministerium"], users["frankfurt"]]
    for number in range(count):
        meeting = meetings[number % 2]
        Resolution.objects.create(
            meeting=meeting,
            position=number,
            kind="task",
            text=f"Aufgabe {number}",
            owner=owners[number % 3] if meeting.region.slug == "wiesbaden" else owners[2],
            due_on=dt.date(2024, 11, 1) + dt.timedelta(days=number),
            status=("open", "in_progress", "done")[number % 3],
        )
        Resolution.objects.create(
            meeting=meeting, position=number, kind=("note", "amendment")[number % 2], text="x"
        )


@pytest.mark.parametrize(("username", "url"), PAGES)
def test_query_count_does_not_grow(client_for, users, meetings, username, url):
    grow(users, meetings, 2)
    client = client_for(username)
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    grow(users, meetings, 30)
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after) == len(before), [q["sql"] for q in after.captured_queries]
