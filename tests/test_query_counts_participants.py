"""Participant pages: the number of queries must not grow with the number of records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

PAGES = [
    ("traeger-wiesbaden", "/projekte/WI-2024-FIB/teilnehmende/"),
    ("wiesbaden", "/projekte/WI-2024-FIB/teilnehmende/"),
    ("ministerium", "/teilnehmende/kennzahlen/2024/"),
    ("traeger-wiesbaden", "/teilnehmende/kennzahlen/2024/"),
    ("admin", "/teilnehmende/zugriffe/"),
    ("traeger-wiesbaden", "/api/v1/participants?project=WI-2024-FIB"),
    ("ministerium", "/api/v1/indicators?year=2024"),
]


def grow(count: int) -> None:
    """More records in FIB and HIB, straight through the model."""
    from zielwerk.organisations.models import Region
    from zielwerk.participants.models import Participant
    from zielwerk.participants.pseudonyms import pseudonym, reference_hash
    from zielwerk.projects.models import Project

    wiesbaden = Region.objects.get(slug="wiesbaden")
    for code in ("WI-2024-FIB", "WI-2024-HIB"):
        project = Project.objects.get(code=code)
        for number in range(count):
            digest = reference_hash(project.pk, f"QC-{number}")
            Participant.objects.create(
                project=project,
                reference_hash=digest,
                pseudonym=pseudonym(digest),
                entered_on=dt.date(2024, 3, 1),
                gender=("female", "male", "diverse")[number % 3],
                birth_year=2000 + number % 8,
                residence_region=wiesbaden,
                first_residence_hessen=True,
                entitlement="sgb2",
                via_household=False,
                employment_status="unemployed",
                education_level="isced_0_2",
                disability="no",
                foreign_background="not_stated",
                third_country_national="no",
                followup_consent=True,
                exited_on=dt.date(2024, 9, 1) if number % 2 else None,
                exit_reason="regular" if number % 2 else "",
                situation_after_exit="employment" if number % 2 else "",
            )


@pytest.mark.parametrize(("username", "url"), PAGES)
def test_query_count_does_not_grow(demo_with_grants, client_for, username, url):
    client = client_for(username)
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    grow(12)
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after) == len(before), [q["sql"][:200] for q in after.captured_queries]
