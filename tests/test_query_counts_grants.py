"""The grant procedure's pages: the number of queries must not grow with the number of projects,
applications, decisions or payments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

PAGES = [
    ("rp-kassel", "/zuwendung/2024/"),
    ("wiesbaden", "/zuwendung/2024/wiesbaden/projekte/"),
    ("rp-kassel", "/zuwendung/2024/wiesbaden/antrag/"),
    ("rp-kassel", "/zuwendung/2024/wiesbaden/bescheide/"),
    ("wiesbaden", "/zuwendung/2024/wiesbaden/mittelabrufe/"),
    ("rp-kassel", "/zuwendung/2024/wiesbaden/verwendungsnachweis/"),
    ("rp-kassel", "/api/v1/applications?year=2024"),
    ("wiesbaden", "/api/v1/projects?year=2024&region=wiesbaden"),
    ("rp-kassel", "/api/v1/payment-requests?year=2024&region=wiesbaden"),
]


def grow(count: int) -> None:
    """More of everything: applications of other regions with planned projects and an issued
    decision, and more payouts for Wiesbaden."""
    from zielwerk.grants.choices import ApplicationStatus, DecisionKind, DecisionStatus
    from zielwerk.grants.models import Application, Decision, DecisionItem
    from zielwerk.grants.tests.factories import make_payment
    from zielwerk.organisations.models import Region
    from zielwerk.programmes.models import MeasureType, ProgrammeYear
    from zielwerk.projects.models import CostItem, FundingItem, Project

    year = ProgrammeYear.objects.get(programme__code="aqb", year=2024)
    measure_type = MeasureType.objects.filter(programme=year.programme).first()
    regions = Region.objects.exclude(slug="wiesbaden").order_by("pk")[:count]
    for number, region in enumerate(regions):
        application = Application.objects.create(
            programme_year=year, region=region, status=ApplicationStatus.DECIDED
        )
        decision = Decision.objects.create(
            application=application,
            kind=DecisionKind.GRANT,
            number=1,
            status=DecisionStatus.ISSUED,
            reference=f"Q-{number}",
            title="Zuwendungsbescheid",
            intro="-",
            remedy="-",
            issued_on=dt.date(2024, 5, 1),
            total=Decimal("1000.00"),
        )
        for short in ("QA", "QB"):
            project = Project.objects.create(
                region=region,
                programme_year=year,
                measure_type=measure_type,
                name=f"Projekt {short}",
                short_name=short,
            )
            CostItem.objects.create(project=project, category="staff", amount=Decimal("500.00"))
            FundingItem.objects.create(project=project, source="aqb", amount=Decimal("500.00"))
            DecisionItem.objects.create(
                decision=decision, project=project, applied=Decimal("500"), approved=Decimal("500")
            )
    wiesbaden = Application.objects.get(region__slug="wiesbaden", programme_year=year)
    for number in range(count):
        make_payment(wiesbaden, "1.00", dt.date(2024, 10, 1) + dt.timedelta(days=number))


@pytest.mark.parametrize(("username", "url"), PAGES)
def test_query_count_does_not_grow(demo_with_grants, client_for, username, url):
    client = client_for(username)
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    grow(5)
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after) == len(before), [q["sql"][:200] for q in after.captured_queries]
