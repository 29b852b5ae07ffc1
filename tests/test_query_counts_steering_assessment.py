"""The statewide assessment overview and its exports: the number of queries must not grow with
the number of regions, agreements, assessed targets and deviations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

PAGES = [
    ("ministerium", "/steuerung/bewertungen/"),
    ("rp-kassel", "/steuerung/bewertungen/?jahr=2024&sortierung=-score"),
    ("admin", "/steuerung/bewertungen/export.csv"),
    ("ministerium", "/steuerung/bewertungen/export.xlsx?jahr=2024"),
]


@pytest.fixture
def assessed(db, monkeypatch):
    """The demo with grants, Wiesbaden 2024 assessed and finalised (assessment_fixtures)."""
    from zielwerk.accounts.models import User
    from zielwerk.demo import steering
    from zielwerk.demo.data import seed
    from zielwerk.steering.services.assessment import assessment_create, assessment_finalise
    from zielwerk.steering.tests.assessment_fixtures import build

    monkeypatch.setattr(steering, "seed_steering", lambda report: None)
    seed()
    fx = build()
    ministry = User.objects.get(username="ministerium")
    assessment = assessment_finalise(
        actor=ministry, assessment=assessment_create(actor=ministry, agreement=fx.agreement)
    )
    return fx, assessment


@pytest.fixture
def users(assessed):
    from zielwerk.accounts.models import User

    return {user.username: user for user in User.objects.all()}


def grow(fx, assessment, count: int) -> None:
    """More agreements (other regions), more assessed targets and accepted deviations."""
    from zielwerk.agreements.models import Agreement
    from zielwerk.organisations.models import Region
    from zielwerk.steering.choices import Attainment, DeviationStatus, Direction, Metric
    from zielwerk.steering.models import Deviation, DeviationRule, Target, TargetAssessment

    taken = Agreement.objects.filter(programme_year=fx.agreement.programme_year).values("region")
    for region in Region.objects.exclude(pk__in=taken).order_by("pk")[:count]:
        Agreement.objects.create(programme_year=fx.agreement.programme_year, region=region)
    rule = DeviationRule.objects.get()  # the one rule of assessment_fixtures
    for number in range(count):
        target = Target.objects.create(
            version=fx.version,
            position=10 + number,
            key=f"qc-{number}",
            label=f"QC {number}",
            metric=Metric.ENTRIES,
            scope="region",
            value=Decimal(5),
            period_from=dt.date(2024, 1, 1),
            period_to=dt.date(2024, 12, 31),
        )
        deviation = Deviation.objects.create(
            agreement=fx.agreement,
            target=target,
            target_key=target.key,
            rule=rule,
            direction=Direction.BELOW,
            status=DeviationStatus.ACCEPTED,
            detected_on=dt.date(2024, 6, 1),
            checked_on=dt.date(2024, 6, 1),
            as_of=dt.date(2024, 5, 31),
            planned_to_date=Decimal(2),
            actual=Decimal(0),
            ratio_percent=Decimal(0),
        )
        TargetAssessment.objects.create(
            assessment=assessment,
            target=target,
            planned=Decimal(5),
            actual=Decimal(number),
            ratio_percent=Decimal(number * 20),
            proposed=Attainment.PARTLY,
            result=Attainment.PARTLY,
            deviation=deviation,
        )


@pytest.mark.parametrize(("username", "url"), PAGES)
def test_query_count_does_not_grow(assessed, client_for, username, url):
    fx, assessment = assessed
    client = client_for(username)
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    grow(fx, assessment, 6)
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after) == len(before), [q["sql"][:200] for q in after.captured_queries]
