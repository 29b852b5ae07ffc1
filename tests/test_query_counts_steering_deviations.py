"""Deviation pages: the number of queries must not grow with the number of deviations and
messages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

LIST = {"year": 2024, "region": "wiesbaden"}


def grow(count: int) -> None:
    """More deviations of Wiesbaden 2024, each with two messages, straight through the models."""
    from zielwerk.accounts.models import User
    from zielwerk.agreements.models import AgreementVersion
    from zielwerk.programmes.models import Programme
    from zielwerk.steering.models import Deviation, DeviationMessage, DeviationRule, Target

    version = AgreementVersion.objects.get(
        agreement__region__slug="wiesbaden", agreement__programme_year__year=2024, number=1
    )
    rule, _created = DeviationRule.objects.get_or_create(
        programme=Programme.objects.get(code="aqb"),
        metric="regular_exits",
        defaults={"name": "QC", "lower_percent": Decimal(80)},
    )
    author = User.objects.get(username="wiesbaden")
    start = Target.objects.filter(version=version).count()
    for number in range(start, start + count):
        target = Target.objects.create(
            version=version,
            key=f"qc-{number}",
            label=f"QC {number}",
            metric="regular_exits",
            scope="region",
            value=Decimal(10),
            period_from=dt.date(2024, 1, 1),
            period_to=dt.date(2024, 12, 31),
        )
        deviation = Deviation.objects.create(
            agreement=version.agreement,
            target=target,
            target_key=target.key,
            rule=rule,
            direction="below",
            status="explained",
            detected_on=dt.date(2024, 7, 1),
            checked_on=dt.date(2024, 7, 1),
            as_of=dt.date(2024, 6, 30),
            planned_to_date=Decimal(5),
            actual=Decimal(2),
            ratio_percent=Decimal(40),
        )
        for kind in ("reason", "comment"):
            DeviationMessage.objects.create(
                deviation=deviation, kind=kind, body="QC", author=author
            )


@pytest.mark.parametrize("username", ["wiesbaden", "ministerium"])
def test_deviation_list_query_count_does_not_grow(demo_with_grants, client_for, username):
    client = client_for(username)
    url = reverse("steering:deviation_list", kwargs=LIST)
    grow(1)
    client.get(url)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(15)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert "QC 15" in response.content.decode()
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]
