"""Steering pages and API: the number of queries must not grow with the number of regions,
targets, participants, payments or deviations (the statewide table is one aggregate per column)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zielwerk.steering.tests.test_dashboard import add_participant, add_target, build_fixture

pytestmark = pytest.mark.django_db

PAGES = [
    ("ministerium", "/steuerung/2024/?stichtag=30.06.2024"),
    ("ministerium", "/steuerung/2024/?sort=attainment&dir=desc"),
    ("ministerium", "/steuerung/2024/export.xlsx"),
    ("wiesbaden", "/steuerung/2024/wiesbaden/?stichtag=30.06.2024"),
    ("ministerium", "/steuerung/2024/wiesbaden/"),
    ("ministerium", "/api/v1/steering/2024/regions"),
    ("wiesbaden", "/api/v1/steering/2024/regions"),
    ("wiesbaden", "/api/v1/steering/2024/regions/wiesbaden/targets?stichtag=30.06.2024"),
    ("wiesbaden", "/api/v1/steering/2024/regions/wiesbaden/deviations"),
]


def shrink_to_one_region(fx) -> list[int]:
    """Only Wiesbaden takes part; returns the regions taken out (grow() puts them back)."""
    from zielwerk.programmes.models import Participation

    others = Participation.objects.filter(programme_year=fx["programme_year"]).exclude(
        region=fx["wiesbaden"]
    )
    ids = list(others.values_list("region_id", flat=True))
    others.delete()
    return ids


def grow(fx, region_ids: list[int]) -> None:
    """Every region back, Frankfurt's agreement in force with targets and a deviation, many more
    targets (every metric and scope), participants and a third payout for Wiesbaden."""
    from zielwerk.agreements.choices import AgreementStatus
    from zielwerk.agreements.models import AgreementVersion
    from zielwerk.grants.tests.factories import make_payment
    from zielwerk.programmes.models import Participation
    from zielwerk.projects.models import Project
    from zielwerk.steering.choices import Metric, TargetScope
    from zielwerk.steering.models import Deviation, DeviationRule, Target

    programme_year = fx["programme_year"]
    Participation.objects.bulk_create(
        Participation(programme_year=programme_year, region_id=pk) for pk in region_ids
    )
    frankfurt_version = AgreementVersion.objects.get(
        agreement__region=fx["frankfurt"], agreement__programme_year=programme_year, number=1
    )
    AgreementVersion.objects.filter(pk=frankfurt_version.pk).update(
        status=AgreementStatus.PUBLISHED, amount=Decimal("500000.00")
    )
    target = add_target(frankfurt_version, "eintritte", Metric.ENTRIES, "100")
    add_target(frankfurt_version, "ausgaben", Metric.SPENDING, "500000.00", position=1)
    Deviation.objects.create(
        agreement=frankfurt_version.agreement,
        target=target,
        target_key=target.key,
        rule=DeviationRule.objects.first(),
        direction="below",
        detected_on=dt.date(2024, 6, 30),
        checked_on=dt.date(2024, 6, 30),
        as_of=dt.date(2024, 6, 30),
        planned_to_date=Decimal("50"),
        actual=Decimal("0"),
        ratio_percent=Decimal("0"),
    )
    version = fx["version"]
    projects = list(Project.objects.filter(region=fx["wiesbaden"], programme_year=programme_year))
    for index, project in enumerate(projects):
        add_target(version, f"p-{index}", Metric.REGULAR_EXITS, "5", project=project, position=10)
        for number in range(8):
            add_participant(project, 1000 + index * 100 + number, dt.date(2024, 1 + number, 3))
    Target.objects.create(
        version=version,
        key="massnahmenart",
        label="Übergänge",
        metric=Metric.TRANSITIONS_EMPLOYMENT,
        scope=TargetScope.MEASURE_TYPE,
        measure_type=projects[0].measure_type,
        value=Decimal("4"),
        period_from=dt.date(2024, 1, 1),
        period_to=dt.date(2024, 12, 31),
    )
    add_target(version, "region-bildung", Metric.TRANSITIONS_EDUCATION, "6", position=20)
    make_payment(fx["version"].agreement.region.applications.get(), "1000.00", dt.date(2024, 5, 2))


@pytest.mark.parametrize(("username", "url"), PAGES)
def test_query_count_does_not_grow(demo, client_for, username, url):
    fx = build_fixture()
    removed = shrink_to_one_region(fx)
    client = client_for(username)
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    grow(fx, removed)
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after) == len(before), [q["sql"][:200] for q in after.captured_queries]
