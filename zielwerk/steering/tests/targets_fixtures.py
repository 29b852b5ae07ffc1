"""Small hand-made data for the targets and deviations tests (Helper T): participants written
straight to the table (the figures only read entry, exit, reason and situation), payments
through the grants factories, targets on Wiesbaden's version 1."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from zielwerk.agreements.models import AgreementVersion
from zielwerk.organisations.models import Region
from zielwerk.participants.models import Participant
from zielwerk.projects.models import Project
from zielwerk.steering.choices import Metric, Phasing, TargetScope
from zielwerk.steering.models import Target, TargetPhase

_numbers = itertools.count(1)


def wiesbaden_version(number: int = 1) -> AgreementVersion:
    return AgreementVersion.objects.select_related(
        "agreement__region", "agreement__programme_year"
    ).get(agreement__region__slug="wiesbaden", agreement__programme_year__year=2024, number=number)


def project(short: str) -> Project:
    return Project.objects.get(code=f"WI-2024-{short}")


def participant(
    project: Project,
    entered_on: dt.date,
    exited_on: dt.date | None = None,
    *,
    reason: str = "",
    situation: str = "",
) -> Participant:
    number = next(_numbers)
    return Participant.objects.create(
        project=project,
        reference_hash=f"{number:064d}",
        pseudonym=f"T-{number:05d}",
        entered_on=entered_on,
        gender="female",
        birth_year=2000,
        residence_region=Region.objects.get(slug="wiesbaden"),
        first_residence_hessen=True,
        entitlement="sgb2",
        via_household=False,
        employment_status="unemployed",
        education_level="isced_0_2",
        disability="no",
        foreign_background="no",
        third_country_national="no",
        followup_consent=False,
        exited_on=exited_on,
        exit_reason=reason,
        situation_after_exit=situation,
    )


def target(
    version: AgreementVersion,
    key: str,
    metric: str = Metric.ENTRIES,
    *,
    value: str = "12",
    short: str | None = "FIB",
    first: dt.date = dt.date(2024, 1, 1),
    last: dt.date = dt.date(2024, 12, 31),
    phasing: str = Phasing.LINEAR,
    phases: tuple[str, ...] = (),
) -> Target:
    scope = TargetScope.PROJECT if short else TargetScope.REGION
    created = Target.objects.create(
        version=version,
        key=key,
        label=key.replace("-", " ").title(),
        metric=metric,
        scope=scope,
        project=project(short) if short else None,
        value=Decimal(value),
        period_from=first,
        period_to=last,
        phasing=phasing,
    )
    if phases:
        from zielwerk.steering.services.targets import phase_periods

        periods = phase_periods(phasing, first, last)
        TargetPhase.objects.bulk_create(
            TargetPhase(target=created, starts_on=s, ends_on=e, value=Decimal(v))
            for (s, e), v in zip(periods, phases, strict=True)
        )
    return created
