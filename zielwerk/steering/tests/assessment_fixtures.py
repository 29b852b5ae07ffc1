"""A small, fully known steering state for the assessment tests: Wiesbaden 2024 (demo with
grants) with four targets of our own, twelve participants of our own in WI-2024-DIK (a project
the demo records no participants for) and the demo's two payments (1.250.000,00 € on 3.6.2024
and 1.233.300,00 € on 23.9.2024, together the grant of 2.483.300,00 €).

Whatever the other steering demos put on Wiesbaden 2024 (targets, deviations, an assessment) is
removed first, so the expected values below depend on this module alone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from zielwerk.steering.choices import (
    DeviationStatus,
    Direction,
    MessageKind,
    Metric,
    TargetScope,
)

YEAR_START, YEAR_END = dt.date(2024, 1, 1), dt.date(2024, 12, 31)


@dataclass
class Fixture:
    agreement: Any
    version: Any
    entries: Any  # 10 planned, 13 entered → 130 % → attained
    employment: Any  # 8 planned, 6 into employment → 75 % → partly (rule: 70 %)
    spending: Any  # 5.000.000 planned, 2.483.300 paid → 49,7 % → not attained (accepted dev.)
    regular: Any  # 10 planned, 3 regular exits → 30 % → not attained (deviation not accepted)
    deviation: Any  # the accepted one, on the spending target
    reason: str  # its latest reason


def _clear_steering(agreement) -> None:
    from zielwerk.steering.models import (
        Assessment,
        Deviation,
        DeviationMessage,
        DeviationRule,
        Meeting,
        Resolution,
        Target,
    )

    Assessment.objects.filter(agreement=agreement).delete()
    DeviationMessage.objects.filter(deviation__agreement=agreement).delete()
    Deviation.objects.filter(agreement=agreement).delete()
    Resolution.objects.filter(meeting__region=agreement.region).delete()
    Meeting.objects.filter(region=agreement.region).delete()
    Target.objects.filter(version__agreement=agreement).delete()
    DeviationRule.objects.all().delete()


def _participant(project, number, entered_on, exited_on=None, reason="", situation=""):
    from zielwerk.organisations.models import Region
    from zielwerk.participants.models import Participant
    from zielwerk.participants.pseudonyms import pseudonym, reference_hash

    digest = reference_hash(project.pk, f"BEW-{number}")
    return Participant.objects.create(
        project=project,
        reference_hash=digest,
        pseudonym=pseudonym(digest),
        entered_on=entered_on,
        gender="female",
        birth_year=2001,
        residence_region=Region.objects.get(slug="wiesbaden"),
        first_residence_hessen=True,
        entitlement="sgb2",
        via_household=False,
        employment_status="unemployed",
        education_level="isced_0_2",
        disability="no",
        foreign_background="not_stated",
        third_country_national="no",
        followup_consent=True,
        exited_on=exited_on,
        exit_reason=reason,
        situation_after_exit=situation,
    )


def build() -> Fixture:
    from zielwerk.accounts.models import User
    from zielwerk.agreements.models import Agreement
    from zielwerk.projects.models import Project
    from zielwerk.steering.models import Deviation, DeviationMessage, DeviationRule, Target

    agreement = Agreement.objects.select_related("region", "programme_year").get(
        region__slug="wiesbaden", programme_year__year=2024
    )
    _clear_steering(agreement)
    version = agreement.versions.get(number=1)
    dik = Project.objects.get(code="WI-2024-DIK")
    rule = DeviationRule.objects.create(
        programme_id=agreement.programme_year.programme_id,
        name="unter 70 %",
        lower_percent=Decimal("70.0"),
        upper_percent=Decimal("130.0"),
    )

    def target(position, key, metric, value, **extra):
        scope = extra.pop("scope", TargetScope.PROJECT)
        return Target.objects.create(
            version=version,
            position=position,
            key=key,
            label=extra.pop("label", key),
            metric=metric,
            scope=scope,
            project=dik if scope == TargetScope.PROJECT else None,
            value=Decimal(value),
            period_from=YEAR_START,
            period_to=YEAR_END,
        )

    entries = target(1, "dik-eintritte", Metric.ENTRIES, "10", label="Eintritte DIK")
    employment = target(
        2, "dik-beschaeftigung", Metric.TRANSITIONS_EMPLOYMENT, "8", label="Beschäftigung DIK"
    )
    spending = target(
        3,
        "ausgaben",
        Metric.SPENDING,
        "5000000.00",
        scope=TargetScope.REGION,
        label="=Ausgaben gesamt",
    )
    regular = target(4, "dik-regulaer", Metric.REGULAR_EXITS, "10", label="Reguläre Austritte")

    # Twelve entries in 2024 and one from 2023 that does not count. Six leave into employment,
    # three of them regularly; one more leaves regularly on 2.1.2025 (after the year).
    for n in range(12):
        exited = reason = situation = None
        if n < 6:
            exited, situation = dt.date(2024, 10, 1 + n), "employment"
            reason = "regular" if n < 3 else "early"
        _participant(dik, n, dt.date(2024, 1 + n % 6, 10), exited, reason or "", situation or "")
    _participant(dik, 99, dt.date(2023, 11, 2))
    _participant(dik, 98, dt.date(2024, 7, 1), dt.date(2025, 1, 2), "regular", "employment")

    ministry = User.objects.get(username="ministerium")
    coordinator = User.objects.get(username="wiesbaden")
    deviation = Deviation.objects.create(
        agreement=agreement,
        target=spending,
        target_key=spending.key,
        rule=rule,
        direction=Direction.BELOW,
        status=DeviationStatus.ACCEPTED,
        detected_on=dt.date(2024, 7, 1),
        checked_on=dt.date(2024, 9, 30),
        as_of=dt.date(2024, 6, 30),
        planned_to_date=Decimal("2493150.68"),
        actual=Decimal("1250000.00"),
        ratio_percent=Decimal("50.1"),
    )
    # An older accepted deviation of the same key: the newest one counts.
    Deviation.objects.create(
        agreement=agreement,
        target=spending,
        target_key=spending.key,
        rule=rule,
        direction=Direction.BELOW,
        status=DeviationStatus.ACCEPTED,
        detected_on=dt.date(2024, 3, 1),
        checked_on=dt.date(2024, 3, 1),
        as_of=dt.date(2024, 2, 29),
        planned_to_date=Decimal("100.00"),
        actual=Decimal("0.00"),
        ratio_percent=Decimal("0.0"),
    )
    DeviationMessage.objects.create(
        deviation=deviation,
        kind=MessageKind.REASON,
        body="Erste Begründung",
        author=coordinator,
        written_on=dt.date(2024, 7, 10),
    )
    reason = "Projektstart DIK verschoben; Abruf der zweiten Tranche erst im September."
    DeviationMessage.objects.create(
        deviation=deviation,
        kind=MessageKind.REASON,
        body=reason,
        author=coordinator,
        written_on=dt.date(2024, 7, 20),
    )
    DeviationMessage.objects.create(
        deviation=deviation,
        kind=MessageKind.ACCEPTANCE,
        body="Anerkannt.",
        author=ministry,
        written_on=dt.date(2024, 8, 1),
    )
    # Explained but not accepted: no lift.
    Deviation.objects.create(
        agreement=agreement,
        target=regular,
        target_key=regular.key,
        rule=rule,
        direction=Direction.BELOW,
        status=DeviationStatus.EXPLAINED,
        detected_on=dt.date(2024, 9, 1),
        checked_on=dt.date(2024, 9, 1),
        as_of=dt.date(2024, 8, 31),
        planned_to_date=Decimal("6.67"),
        actual=Decimal("0.00"),
        ratio_percent=Decimal("0.0"),
    )
    return Fixture(agreement, version, entries, employment, spending, regular, deviation, reason)
