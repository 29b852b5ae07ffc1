"""The bench data generator (bench/generate.py, `make bench-data`) on the test database, with tiny
sizes: what it creates, that the records are valid, and that the same seed gives the same data.

bench/ is not a package pytest collects, so the module is loaded from its file. On PostgreSQL the
participants go in with COPY, elsewhere with bulk_create: the test runs on both.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import transaction
from django.db.models import Sum

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def generator():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


def _quiet(_line: str) -> None:
    pass


def _participants():
    from zielwerk.participants.models import Participant

    return sorted(
        Participant.objects.values_list(
            "project__code",
            "reference_hash",
            "pseudonym",
            "entered_on",
            "exited_on",
            "gender",
            "birth_year",
            "residence_region__slug",
        )
    )


@pytest.mark.django_db
def test_generate_counts(generator):
    from zielwerk.agreements.choices import AgreementStatus
    from zielwerk.agreements.models import AgreementVersion
    from zielwerk.budgets.models import AllocationVersion
    from zielwerk.grants.models import Application, Decision, DecisionItem, Payment
    from zielwerk.participants.models import Participant
    from zielwerk.programmes.models import Participation, ProgrammeYear
    from zielwerk.projects.models import Project
    from zielwerk.steering.models import (
        Assessment,
        Deviation,
        Target,
        TargetAssessment,
        TargetPhase,
    )

    assert generator.is_empty()
    summary = generator.generate(years=2, participants=50, regions=2, log=_quiet)

    assert not generator.is_empty()
    assert summary.years == [2025, 2026]
    assert sorted(ProgrammeYear.objects.values_list("year", "status")) == [
        (2025, "closed"),
        (2026, "running"),
    ]
    # The first two regions by slug: Bergstraße and Darmstadt, in both years.
    assert sorted(Participation.objects.values_list("programme_year__year", "region__slug")) == [
        (2025, "bergstrasse"),
        (2025, "darmstadt"),
        (2026, "bergstrasse"),
        (2026, "darmstadt"),
    ]
    versions = AgreementVersion.objects.all()
    assert versions.count() == 4
    assert set(versions.values_list("number", "status")) == {(1, AgreementStatus.PUBLISHED)}
    assert Application.objects.filter(status="decided").count() == 4
    assert Decision.objects.filter(status="issued", kind="grant").count() == 4
    assert Payment.objects.count() == 8  # two per region and year

    projects = Project.objects.all()
    assert 4 * 5 <= projects.count() <= 4 * 7
    assert all(p.is_balanced for p in projects.prefetch_related("cost_items", "funding_items"))
    assert DecisionItem.objects.count() == projects.count()
    # Allocation = agreement amount = grant decision total, per region and year.
    for version in versions.select_related("agreement"):
        agreement = version.agreement
        allocated = AllocationVersion.objects.get(
            allocation__region_id=agreement.region_id,
            allocation__programme_year_id=agreement.programme_year_id,
        ).amount
        decided = Decision.objects.get(
            application__region_id=agreement.region_id,
            application__programme_year_id=agreement.programme_year_id,
        ).total
        assert version.amount == allocated == decided
        items = DecisionItem.objects.filter(
            decision__application__region_id=agreement.region_id,
            decision__application__programme_year_id=agreement.programme_year_id,
        ).aggregate(total=Sum("approved"))["total"]
        assert items == decided

    # Targets: entries per project; per region the entries of measure type 1 (if it runs such
    # projects), two transitions and spending, phased by quarter.
    with_type_1 = (
        projects.filter(measure_type__number=1)
        .values("region", "programme_year")
        .distinct()
        .count()
    )
    assert Target.objects.count() == projects.count() + with_type_1 + 3 * 4
    assert Target.objects.filter(scope="project").count() == projects.count()
    assert Target.objects.filter(metric="spending").count() == 4
    assert TargetPhase.objects.count() == 4 * 4
    assert set(
        TargetPhase.objects.filter(target__version__agreement__programme_year__year=2025)
        .values_list("starts_on", "ends_on")
        .distinct()
    ) == {
        (dt.date(2025, 1, 1), dt.date(2025, 3, 31)),
        (dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
        (dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
        (dt.date(2025, 10, 1), dt.date(2025, 12, 31)),
    }
    # The closed year has final assessments with one result per target; the running year none.
    assert list(Assessment.objects.values_list("agreement__programme_year__year", "status")) == [
        (2025, "final"),
        (2025, "final"),
    ]
    assert (
        TargetAssessment.objects.count()
        == Target.objects.filter(version__agreement__programme_year__year=2025).count()
    )
    assert not Deviation.objects.exclude(agreement__programme_year__year=2026).exists()

    # 50 participants: 25 per year, valid, inside the projects' year (the running one until
    # 31 October).
    assert Participant.objects.count() == 50
    assert summary.counts["participants"] == 50
    for year in (2025, 2026):
        assert Participant.objects.filter(project__programme_year__year=year).count() == 25
    last = {2025: dt.date(2025, 12, 31), 2026: dt.date(2026, 10, 31)}
    for record in Participant.objects.select_related("project__programme_year"):
        record.full_clean()
        year = record.project.programme_year.year
        assert dt.date(year, 1, 1) <= record.entered_on <= last[year]
        if record.exited_on:
            assert record.exited_on <= last[year]
            assert record.exit_reason in ("regular", "early")
        assert len(record.reference_hash) == 64
        assert record.pseudonym == "TN-" + record.reference_hash[:10].upper()


@pytest.mark.django_db
def test_generate_same_seed_same_data(generator):
    with transaction.atomic():
        generator.generate(years=1, participants=30, regions=2, log=_quiet)
        first = _participants()
        transaction.set_rollback(True)
    generator.generate(years=1, participants=30, regions=2, log=_quiet)
    second = _participants()

    assert len(first) == 30
    assert first == second
    # The hash is the documented stand-in: SHA-256 of "seed:project code:number".
    code = first[0][0]
    expected = {hashlib.sha256(f"2024:{code}:{n}".encode()).hexdigest() for n in range(1, 31)}
    assert {row[1] for row in first if row[0] == code} <= expected


def test_split_keeps_the_total(generator):
    # 10 by 1:1:1 → 4, 3, 3 (the remainder goes to the first part); money in whole hundreds.
    assert generator.split(10, [1, 1, 1]) == [4, 3, 3]
    assert generator.split(7, [3, 1]) == [5, 2]
    assert generator.split_money(Decimal("1000.00"), [1, 1, 1]) == [
        Decimal("300.00"),
        Decimal("300.00"),
        Decimal("400.00"),
    ]


def test_other_seed_other_participants(generator):
    one = generator.participant_rows(
        seed=1,
        project_id=1,
        project_code="WI-2024-AV",
        year=2024,
        count=5,
        region_id=1,
        other_region_ids=[2],
        target_group_ids=[],
    )
    same = generator.participant_rows(
        seed=1,
        project_id=1,
        project_code="WI-2024-AV",
        year=2024,
        count=5,
        region_id=1,
        other_region_ids=[2],
        target_group_ids=[],
    )
    other = generator.participant_rows(
        seed=2,
        project_id=1,
        project_code="WI-2024-AV",
        year=2024,
        count=5,
        region_id=1,
        other_region_ids=[2],
        target_group_ids=[],
    )
    assert one == same
    assert {row[1] for row in one}.isdisjoint({row[1] for row in other})
