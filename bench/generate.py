"""Bench data: N programme years × all regions × M participants, deterministic (issue 9).

`make bench-data YEARS=10 PARTICIPANTS=1000000` fills the PostgreSQL database named by
DATABASE_URL (default postgres://postgres@127.0.0.1:5432/zielwerk_bench; created if missing,
migrated with Django's migrate command) with:

* the reference data of `make run` (districts, 26 regions and Hanau from 2026, the ministry, the
  grant authority, the AQB with its measure types, target groups and clause template) and the
  demo accounts (admin, ministerium, rp-kassel, wiesbaden, frankfurt, traeger-wiesbaden; password
  as in the demo) – loaded by the demo's own loaders;
* programme years ending with 2026 (10 years: 2017–2026; 2026 running, the others closed), each
  with the regions that exist on 1 January, a distribution key, allocations and per region:
  an agreement (version 1, signed and published, with clauses, projects, key figure, signatures
  and targets: entries per project, entries of measure type 1, transitions into education and
  employment, spending with quarterly phases), 5–7 projects with balanced cost and financing
  plans, a decided application with both reviews, an issued grant decision with one item per
  project, two paid payment requests;
* M participants spread over the years (equal shares) and the regions (by allocation), stored
  with COPY; two deviation rules for the programme.

Everything derives from the seed (`--seed`, default 2024) and the arguments, never from the
clock or from primary keys: the same arguments give the same data, pseudonyms and hashes included
(only the timestamps Django sets itself, such as created_at of agreements, carry the time of the
run). The running year is filled up to 31 October 2026. The participants' reference_hash is a
stand-in (SHA-256 of seed, project code and number), not the keyed hash of pseudonyms.py.

Refuses a database that already holds programme years unless `--reset` (drop and recreate).

Run from the project root:
`.venv/bin/python bench/generate.py [--years N] [--participants M] [--reset] [--seed S]`
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import os
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/zielwerk_bench"
SEED = 2024
LAST_YEAR = 2026
# The running (last) year is filled up to this day: no entry, exit or payment after it.
DATA_UNTIL = dt.date(LAST_YEAR, 10, 31)
# created_at / updated_at of the generated rows: fixed, so that two runs give the same rows.
STAMP = dt.datetime(LAST_YEAR, 11, 1, 6, 0, tzinfo=dt.UTC)
CENT = Decimal("0.01")
COPY_BATCH = 20_000

# (measure type number, name, short name): every region runs 5–7 of these each year.
PROJECTS = [
    (1, "Ausbildungsvorbereitung im Stadtteil", "AV"),
    (1, "Berufsorientierung an Schulen", "BO"),
    (2, "Ausbildungscoaching", "AC"),
    (2, "Teilzeitausbildung mit Begleitung", "TZA"),
    (3, "Qualifizierung Pflegehilfe", "QPH"),
    (3, "Coaching für die Bedarfsgemeinschaft", "CBG"),
    (4, "Weiterbildung Fachpersonal", "WBF"),
]

GENDERS = [("female", 0.47), ("male", 0.50), ("non_binary", 0.02), ("diverse", 0.01)]
ENTITLEMENTS = [("sgb2", 0.55), ("sgb3", 0.15), ("sgb8", 0.15), ("sgb12", 0.05), ("asylblg", 0.1)]
EMPLOYMENT = [
    ("unemployed", 0.35),
    ("long_term_unemployed", 0.3),
    ("inactive", 0.25),
    ("employed", 0.1),
]
EDUCATION = [("isced_0_2", 0.55), ("isced_3_4", 0.38), ("isced_5_8", 0.07)]
STATED = [("yes", 0.2), ("no", 0.65), ("not_stated", 0.15)]
SITUATIONS = [
    ("job_search", 0.3),
    ("education", 0.25),
    ("qualification", 0.15),
    ("employment", 0.2),
    ("other", 0.1),
]
FOLLOWUP = [
    ("employed", 0.35),
    ("improved", 0.15),
    ("education", 0.2),
    ("unemployed", 0.2),
    ("unknown", 0.1),
]
DROPOUTS = ["Umzug", "gesundheitliche Gründe", "Arbeitsaufnahme", "familiäre Gründe", ""]

# Participant columns in COPY order (model attribute names).
PARTICIPANT_COLUMNS = (
    "project_id",
    "reference_hash",
    "pseudonym",
    "entered_on",
    "gender",
    "birth_year",
    "residence_region_id",
    "first_residence_hessen",
    "entitlement",
    "via_household",
    "employment_status",
    "education_level",
    "target_group_id",
    "disability",
    "foreign_background",
    "third_country_national",
    "followup_consent",
    "followup_consent_on",
    "exited_on",
    "exit_reason",
    "dropout_reason",
    "situation_after_exit",
    "followup_on",
    "followup_situation",
    "created_at",
    "updated_at",
)


@dataclass
class Summary:
    years: list[int] = field(default_factory=list)
    regions: dict[int, int] = field(default_factory=dict)  # {year: regions taking part}
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    participant_seconds: float = 0.0

    def add(self, name: str, number: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + number


# --- pure helpers (no database) --------------------------------------------------------------


def cumulative(choices: Sequence[tuple[str, float]]) -> tuple[list[str], list[float]]:
    values, bounds, total = [], [], 0.0
    for value, weight in choices:
        total += weight
        values.append(value)
        bounds.append(total)
    bounds[-1] = 1.0
    return values, bounds


def split(total: int, weights: Sequence[float]) -> list[int]:
    """Split a whole number by weights (largest remainder): the parts add up to total."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    parts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (parts[i] - exact[i], i))
    for index in order[: total - sum(parts)]:
        parts[index] += 1
    return parts


def split_money(total: Decimal, weights: Sequence[float], unit: Decimal = Decimal(100)):
    """Split an amount into multiples of unit by weights; the last part takes the rest."""
    whole = sum(weights)
    parts = [
        (total * Decimal(w / whole) / unit).quantize(Decimal(1), rounding=ROUND_HALF_UP) * unit
        for w in weights[:-1]
    ]
    parts.append(total - sum(parts, Decimal(0)))
    return [p.quantize(CENT) for p in parts]


def reference_hash(seed: int, project_code: str, number: int) -> str:
    """A stand-in for the keyed hash of the provider's reference: deterministic, 64 hex digits."""
    return hashlib.sha256(f"{seed}:{project_code}:{number}".encode()).hexdigest()


def year_range(years: int) -> list[int]:
    return list(range(LAST_YEAR - years + 1, LAST_YEAR + 1))


def last_data_day(year: int) -> dt.date:
    return DATA_UNTIL if year == LAST_YEAR else dt.date(year, 12, 31)


def participant_rows(
    *,
    seed: int,
    project_id: int,
    project_code: str,
    year: int,
    count: int,
    region_id: int,
    other_region_ids: Sequence[int],
    target_group_ids: Sequence[int],
) -> list[tuple[Any, ...]]:
    """`count` participant rows of one project, values in PARTICIPANT_COLUMNS order."""
    from zielwerk.participants.pseudonyms import pseudonym

    rng = random.Random(f"{seed}:participants:{project_code}")
    genders, gender_bounds = cumulative(GENDERS)
    entitlements, entitlement_bounds = cumulative(ENTITLEMENTS)
    employment, employment_bounds = cumulative(EMPLOYMENT)
    education, education_bounds = cumulative(EDUCATION)
    stated, stated_bounds = cumulative(STATED)
    situations, situation_bounds = cumulative(SITUATIONS)
    followups, followup_bounds = cumulative(FOLLOWUP)
    first = dt.date(year, 1, 1)
    last = last_data_day(year)
    year_end = dt.date(year, 12, 31)
    span = (last - first).days
    days = [first + dt.timedelta(days=n) for n in range(span + 400)]
    from bisect import bisect

    def pick(values, bounds):
        return values[bisect(bounds, rng.random())]

    rows = []
    for number in range(1, count + 1):
        digest = reference_hash(seed, project_code, number)
        # Entries lean towards the first half of the year.
        offset = int(span * rng.random() ** 1.3)
        entered = days[offset]
        exit_reason = dropout = situation = ""
        exited_on = followup_on = None
        followup_situation = ""
        if rng.random() < 0.8:
            exit_offset = offset + 30 + int(rng.random() * 300)
            candidate = days[exit_offset] if exit_offset < len(days) else year_end
            if candidate <= min(last, year_end):
                exited_on = candidate
                early = rng.random() < 0.25
                exit_reason = "early" if early else "regular"
                dropout = DROPOUTS[int(rng.random() * len(DROPOUTS))] if early else ""
                situation = pick(situations, situation_bounds) if rng.random() < 0.85 else ""
        consent = rng.random() < 0.6
        if consent and exited_on is not None:
            followup_day = exited_on + dt.timedelta(days=183)
            if followup_day <= DATA_UNTIL and rng.random() < 0.6:
                followup_on = followup_day
                followup_situation = pick(followups, followup_bounds)
        residence = (
            region_id
            if rng.random() < 0.9 or not other_region_ids
            else other_region_ids[int(rng.random() * len(other_region_ids))]
        )
        target_group = (
            target_group_ids[int(rng.random() * len(target_group_ids))]
            if target_group_ids and rng.random() < 0.5
            else None
        )
        rows.append(
            (
                project_id,
                digest,
                pseudonym(digest),
                entered,
                pick(genders, gender_bounds),
                year - 16 - int(rng.random() * 45),
                residence,
                True,
                pick(entitlements, entitlement_bounds),
                rng.random() < 0.4,
                pick(employment, employment_bounds),
                pick(education, education_bounds),
                target_group,
                pick(stated, stated_bounds),
                pick(stated, stated_bounds),
                pick(stated, stated_bounds),
                consent,
                entered if consent else None,
                exited_on,
                exit_reason,
                dropout,
                situation,
                followup_on,
                followup_situation,
                STAMP,
                STAMP,
            )
        )
    return rows


def _copy_text(value: Any) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    return str(value)


# --- database ---------------------------------------------------------------------------------


def _store_participants(rows: list[tuple[Any, ...]]) -> None:
    """COPY on PostgreSQL (text format, in batches); bulk_create elsewhere (tests on SQLite)."""
    from django.db import connection

    from zielwerk.participants.models import Participant

    if connection.vendor != "postgresql":
        Participant.objects.bulk_create(
            (Participant(**dict(zip(PARTICIPANT_COLUMNS, row, strict=True))) for row in rows),
            batch_size=2000,
        )
        return
    fields = {f.attname: f.column for f in Participant._meta.concrete_fields}
    columns = ", ".join(connection.ops.quote_name(fields[name]) for name in PARTICIPANT_COLUMNS)
    table = connection.ops.quote_name(Participant._meta.db_table)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for start in range(0, len(rows), COPY_BATCH):
                buffer = io.StringIO()
                for row in rows[start : start + COPY_BATCH]:
                    buffer.write("\t".join(map(_copy_text, row)))
                    buffer.write("\n")
                copy.write(buffer.getvalue())


def _accounts():
    """The demo's accounts and the demo provider (as `seed_demo` creates them)."""
    from zielwerk.demo.data import seed_accounts

    return seed_accounts([], notify=False)


def _providers(regions) -> dict[int, int]:
    """One invented provider per region (Wiesbaden's is the demo provider): {region id: org id}."""
    from zielwerk.organisations.choices import OrganisationKind
    from zielwerk.organisations.models import Organisation

    result = {}
    for region in regions:
        slug = "demo-traeger-wiesbaden" if region.slug == "wiesbaden" else f"bench-{region.slug}"
        provider = Organisation.objects.filter(slug=slug).first()
        if provider is None:
            provider = Organisation.objects.create(
                kind=OrganisationKind.PROVIDER,
                name=f"Bench-Bildungsträger {region.name} (erfunden)",
                short_name=f"Bench {region.code}",
                slug=slug,
            )
            provider.regions.add(region)
        result[region.pk] = provider.pk
    return result


def is_empty() -> bool:
    from zielwerk.programmes.models import ProgrammeYear

    return not ProgrammeYear.objects.exists()


def generate(
    *,
    years: int = 10,
    participants: int = 1_000_000,
    regions: int | None = None,
    seed: int = SEED,
    log: Callable[[str], None] = print,
) -> Summary:
    """Fill the (empty) database of the current connection. `regions` limits the regions to the
    first n by slug (tests); None takes every region that exists on 1 January of a year."""
    from django.db import transaction

    from zielwerk.agreements.clauses import load_reference_templates
    from zielwerk.organisations import reference as organisations_reference
    from zielwerk.programmes import reference as programmes_reference
    from zielwerk.steering.choices import Metric
    from zielwerk.steering.models import DeviationRule

    started = time.perf_counter()
    summary = Summary(years=year_range(years))
    with transaction.atomic():
        organisations_reference.load()
        programme = programmes_reference.load()
        template = load_reference_templates(programme)
        admin = _accounts()
        DeviationRule.objects.bulk_create(
            [
                DeviationRule(
                    programme=programme,
                    name="Eintritte: unter 80 % oder über 130 % des anteiligen Plans",
                    metric=Metric.ENTRIES,
                    lower_percent=Decimal(80),
                    upper_percent=Decimal(130),
                ),
                DeviationRule(
                    programme=programme,
                    name="Alle Kennzahlen: unter 75 % des anteiligen Plans",
                    lower_percent=Decimal(75),
                ),
            ]
        )
    log(f"reference data and accounts: {time.perf_counter() - started:.1f} s")
    per_year = split(participants, [1.0] * years)
    for year, count in zip(summary.years, per_year, strict=True):
        year_started = time.perf_counter()
        with transaction.atomic():
            stored = _year(
                year=year,
                participants=count,
                regions=regions,
                seed=seed,
                programme=programme,
                template=template,
                admin=admin,
                summary=summary,
            )
        summary.participant_seconds += stored
        log(
            f"{year} ({len(summary.regions)}/{years}): {summary.regions[year]} regions, "
            f"{count:,} participants, {time.perf_counter() - year_started:.1f} s "
            f"(participants {stored:.1f} s); {sum(summary.counts.values()):,} rows so far, "
            f"{time.perf_counter() - started:.0f} s"
        )
    summary.seconds = time.perf_counter() - started
    return summary


def _year(*, year, participants, regions, seed, programme, template, admin, summary) -> float:
    """One programme year with everything in it; returns the seconds spent on participants."""
    from zielwerk.agreements.choices import AgreementStatus, Party
    from zielwerk.agreements.clauses import block_fields, fill
    from zielwerk.agreements.models import (
        Agreement,
        AgreementVersion,
        KeyFigure,
        Signature,
        VersionClause,
        VersionProject,
    )
    from zielwerk.agreements.services.creation import ministry_names_on
    from zielwerk.budgets.choices import AllocationStatus, FundingKind
    from zielwerk.budgets.models import (
        Allocation,
        AllocationVersion,
        DistributionKey,
        FundingSource,
        KeyResult,
    )
    from zielwerk.grants.choices import (
        ApplicationStatus,
        DecisionKind,
        DecisionStatus,
        PaymentRequestStatus,
        ReviewKind,
        ReviewResult,
    )
    from zielwerk.grants.models import (
        Application,
        ApplicationReview,
        Decision,
        DecisionItem,
        DecisionTemplate,
        Payment,
        PaymentRequest,
    )
    from zielwerk.organisations.models import Region
    from zielwerk.programmes.choices import ProgrammeYearStatus
    from zielwerk.programmes.models import MeasureType, Participation, ProgrammeYear, TargetGroup
    from zielwerk.projects.models import (
        CostCategory,
        CostItem,
        FinancingSource,
        FundingItem,
        Project,
    )
    from zielwerk.steering.choices import Metric, Phasing, TargetScope
    from zielwerk.steering.models import Target, TargetPhase

    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    until = last_data_day(year)
    running = year == LAST_YEAR
    region_list = list(Region.objects.valid_on(first).order_by("slug"))
    if regions is not None:
        region_list = region_list[:regions]
    summary.regions[year] = len(region_list)
    programme_year = ProgrammeYear.objects.create(
        programme=programme,
        year=year,
        status=ProgrammeYearStatus.RUNNING if running else ProgrammeYearStatus.CLOSED,
        talks_until=dt.date(year, 3, 31),
        application_deadline=dt.date(year, 3, 31),
        earliest_start=first,
        proof_deadline=dt.date(year + 1, 6, 30),
        note="Bench-Daten (erfunden)",
    )
    Participation.objects.bulk_create(
        Participation(programme_year=programme_year, region=r) for r in region_list
    )
    rngs = {r.pk: random.Random(f"{seed}:{year}:{r.code}") for r in region_list}
    amounts = {
        r.pk: Decimal(rngs[r.pk].randrange(4_800, 32_000) * 100).quantize(CENT) for r in region_list
    }
    total = sum(amounts.values(), Decimal(0))
    programme_year.budget_total = total
    programme_year.save(update_fields=["budget_total"])
    FundingSource.objects.create(programme_year=programme_year, kind=FundingKind.LAND, amount=total)
    key = DistributionKey.objects.create(
        programme_year=programme_year,
        name=f"Bench-Zuweisung {year}",
        total=total,
        is_manual=True,
        note="Bench-Daten: alle Beträge erfunden.",
        published_at=dt.datetime(year, 2, 1, 9, tzinfo=dt.UTC),
        created_by=admin,
    )
    KeyResult.objects.bulk_create(
        KeyResult(key=key, region=r, share=amounts[r.pk] / total, amount=amounts[r.pk])
        for r in region_list
    )
    allocations = Allocation.objects.bulk_create(
        Allocation(programme_year=programme_year, region=r) for r in region_list
    )
    AllocationVersion.objects.bulk_create(
        AllocationVersion(
            allocation=a,
            number=1,
            status=AllocationStatus.ANNOUNCED if running else AllocationStatus.FINAL,
            amount=amounts[a.region_id],
            effective_on=dt.date(year, 2, 1),
            source_key=key,
            invented=True,
            created_by=admin,
        )
        for a in allocations
    )
    summary.add("allocations", len(allocations))

    # Projects with cost and financing plans.
    measure_types = {
        m.number: m for m in MeasureType.objects.for_year(year).filter(programme=programme)
    }
    target_groups = list(
        TargetGroup.objects.for_year(year).filter(programme=programme).values_list("pk", flat=True)
    )
    providers = _providers(region_list)
    projects: list[Project] = []
    weights: dict[str, float] = {}
    for r in region_list:
        rng = rngs[r.pk]
        chosen = sorted(rng.sample(range(len(PROJECTS)), rng.randint(5, 7)))
        for index in chosen:
            number, name, short = PROJECTS[index]
            project = Project(
                region=r,
                programme_year=programme_year,
                measure_type=measure_types[number],
                name=name,
                short_name=short,
                code=Project.make_code(r.code, year, short),
                provider_id=providers[r.pk],
                description="Bench-Daten (erfunden).",
                planned_places=rng.randint(15, 60),
                starts_on=first,
                ends_on=last,
            )
            weights[project.code] = 0.5 + rng.random()
            projects.append(project)
    # Participants of the year: by allocation over regions, by weight over projects.
    region_counts = dict(
        zip(
            [r.pk for r in region_list],
            split(participants, [float(amounts[r.pk]) for r in region_list]),
            strict=True,
        )
    )
    by_region: dict[int, list[Project]] = {}
    for p in projects:
        by_region.setdefault(p.region.pk, []).append(p)
    counts: dict[str, int] = {}
    grant: dict[str, Decimal] = {}
    for region_id, items in by_region.items():
        parts = split(region_counts[region_id], [weights[p.code] for p in items])
        money = split_money(amounts[region_id], [weights[p.code] for p in items])
        for p, part, amount in zip(items, parts, money, strict=True):
            counts[p.code] = part
            grant[p.code] = amount
            # The plan misses the actual entries by up to ±25 %; the running year plans the
            # whole year although its records stop at the end of October.
            rng = rngs[region_id]
            factor = 0.8 + rng.random() * 0.45
            full_year = 365 / ((until - first).days + 1)
            p.planned_participants = max(1, round(part * full_year * factor))
    projects = Project.objects.bulk_create(projects)
    summary.add("projects", len(projects))
    Through = Project.target_groups.through
    if target_groups:
        Through.objects.bulk_create(
            Through(project_id=p.pk, targetgroup_id=target_groups[i % len(target_groups)])
            for i, p in enumerate(projects)
        )
    cost_items, funding_items = [], []
    for p in projects:
        aqb = grant[p.code]
        own = (aqb * Decimal("0.10")).quantize(CENT)
        whole = aqb + own
        staff = (whole * Decimal("0.70")).quantize(CENT)
        material = (whole * Decimal("0.20")).quantize(CENT)
        cost_items += [
            CostItem(project=p, category=CostCategory.STAFF, amount=staff),
            CostItem(project=p, category=CostCategory.MATERIAL, amount=material),
            CostItem(project=p, category=CostCategory.FLAT_RATE, amount=whole - staff - material),
        ]
        funding_items += [
            FundingItem(project=p, source=FinancingSource.AQB, amount=aqb),
            FundingItem(project=p, source=FinancingSource.OWN, amount=own),
        ]
    CostItem.objects.bulk_create(cost_items)
    FundingItem.objects.bulk_create(funding_items)
    summary.add("cost and funding items", len(cost_items) + len(funding_items))

    # Agreements: version 1, signed and published, with clauses, projects, targets.
    ministry_name, ministry_short = ministry_names_on(dt.date(year, 4, 1))
    agreements = Agreement.objects.bulk_create(
        Agreement(programme_year=programme_year, region=r) for r in region_list
    )
    versions = AgreementVersion.objects.bulk_create(
        AgreementVersion(
            agreement=a,
            number=1,
            status=AgreementStatus.PUBLISHED,
            clause_template=template,
            ministry_name=ministry_name,
            ministry_short_name=ministry_short,
            region_name=a.region.official_name,
            amount=amounts[a.region_id],
            change_note="Bench-Daten (erfunden)",
            published_at=dt.datetime(year, 4, 15, 10, tzinfo=dt.UTC),
            created_by=admin,
        )
        for a in agreements
    )
    summary.add("agreements", len(agreements))
    blocks = list(template.blocks.order_by("position"))
    VersionClause.objects.bulk_create(
        VersionClause(version=v, **block_fields(b)) for v in versions for b in blocks
    )
    version_of = {v.agreement.region_id: v for v in versions}
    VersionProject.objects.bulk_create(
        VersionProject(version=version_of[p.region.pk], project=p, position=i)
        for region_id, items in by_region.items()
        for i, p in enumerate(items, start=1)
    )
    signatures, key_figures, targets, spending = [], [], [], []
    for r in region_list:
        version = version_of[r.pk]
        signatures += [
            Signature(
                version=version,
                party=Party.MINISTRY,
                position=1,
                name="Bench Ministerin (erfunden)",
                function_lines="Staatsministerin",
                place="Wiesbaden",
                signed_on=dt.date(year, 4, 10),
            ),
            Signature(
                version=version,
                party=Party.REGION,
                position=2,
                name=f"Bench Dezernentin {r.code} (erfunden)",
                function_lines="Dezernentin",
                place=r.name,
                signed_on=dt.date(year, 4, 3),
            ),
        ]
        items = by_region.get(r.pk, [])
        planned = sum(p.planned_participants or 0 for p in items)
        key_figures.append(
            KeyFigure(
                version=version,
                position=1,
                label="geplante Teilnehmende",
                value=Decimal(planned),
                unit="Personen",
            )
        )
        position = 0
        for p in items:
            position += 1
            targets.append(
                Target(
                    version=version,
                    position=position,
                    key=f"{p.short_name.lower()}-eintritte",
                    label=f"Eintritte {p.short_name}",
                    metric=Metric.ENTRIES,
                    scope=TargetScope.PROJECT,
                    project=p,
                    value=Decimal(p.planned_participants or 0),
                    period_from=first,
                    period_to=last,
                )
            )
        region_targets = [
            (
                "massnahmenart-1-eintritte",
                "Eintritte Maßnahmenart 1",
                Metric.ENTRIES,
                TargetScope.MEASURE_TYPE,
                Decimal(
                    sum(
                        p.planned_participants or 0
                        for p in items
                        if p.measure_type_id == measure_types[1].pk
                    )
                ),
            ),
            (
                "uebergaenge-ausbildung",
                "Übergänge in Schule oder Ausbildung",
                Metric.TRANSITIONS_EDUCATION,
                TargetScope.REGION,
                Decimal(round(planned * 0.10)),
            ),
            (
                "uebergaenge-beschaeftigung",
                "Übergänge in Beschäftigung",
                Metric.TRANSITIONS_EMPLOYMENT,
                TargetScope.REGION,
                Decimal(round(planned * 0.08)),
            ),
            (
                "ausgaben",
                "Ausgaben (ausgezahlte Mittel)",
                Metric.SPENDING,
                TargetScope.REGION,
                amounts[r.pk],
            ),
        ]
        for target_key, label, metric, scope, value in region_targets:
            if not value:  # e.g. no project of measure type 1 this year
                continue
            position += 1
            target = Target(
                version=version,
                position=position,
                key=target_key,
                label=label,
                metric=metric,
                scope=scope,
                measure_type=measure_types[1] if scope == TargetScope.MEASURE_TYPE else None,
                value=value,
                period_from=first,
                period_to=last,
                phasing=Phasing.QUARTERLY if metric == Metric.SPENDING else Phasing.LINEAR,
            )
            targets.append(target)
            if metric == Metric.SPENDING:
                spending.append(target)
    Signature.objects.bulk_create(signatures)
    KeyFigure.objects.bulk_create(key_figures)
    Target.objects.bulk_create(targets)
    phases = []
    for target in spending:
        quarters = split_money(target.value, [1.0, 1.0, 1.0, 1.0], unit=CENT)
        for quarter, value in enumerate(quarters):
            starts = dt.date(year, 3 * quarter + 1, 1)
            ends = dt.date(year, 3 * quarter + 4, 1) - dt.timedelta(days=1) if quarter < 3 else last
            phases.append(TargetPhase(target=target, starts_on=starts, ends_on=ends, value=value))
    TargetPhase.objects.bulk_create(phases)
    summary.add("targets", len(targets))

    # Grant procedure: decided application, issued grant decision, two paid requests.
    applications = Application.objects.bulk_create(
        Application(
            programme_year=programme_year,
            region=r,
            status=ApplicationStatus.DECIDED,
            reference=f"AQB-{year}-{r.code}",
            submitted_at=dt.datetime(year, 3, 15, 10, tzinfo=dt.UTC),
        )
        for r in region_list
    )
    ApplicationReview.objects.bulk_create(
        ApplicationReview(
            application=a,
            kind=kind,
            result=ReviewResult.APPROVED,
            notes="Bench-Daten",
            reviewed_at=dt.datetime(year, 4, 20, 10, tzinfo=dt.UTC),
        )
        for a in applications
        for kind in (ReviewKind.CONTENT, ReviewKind.FINANCE)
    )
    wording = (
        DecisionTemplate.objects.filter(kind=DecisionKind.GRANT, valid_from_year__lte=year)
        .order_by("-valid_from_year")
        .first()
    )
    decisions = []
    for a in applications:
        values = {
            "year": str(year),
            "region": a.region.name,
            "reference": f"RPK-57-{year}-{a.region.code}",
        }
        decisions.append(
            Decision(
                application=a,
                kind=DecisionKind.GRANT,
                number=1,
                status=DecisionStatus.ISSUED,
                reference=values["reference"],
                title=fill(wording.title, values) if wording else "Zuwendungsbescheid",
                intro=fill(wording.intro, values) if wording else "Bench-Daten",
                conditions=fill(wording.conditions, values) if wording else "",
                reasons=fill(wording.reasons, values) if wording else "",
                remedy=fill(wording.remedy, values) if wording else "Bench-Daten",
                closing=fill(wording.closing, values) if wording else "",
                proof_due_on=dt.date(year + 1, 6, 30),
                total=amounts[a.region_id],
                issued_on=dt.date(year, 5, 15),
                issued_at=dt.datetime(year, 5, 15, 10, tzinfo=dt.UTC),
            )
        )
    decisions = Decision.objects.bulk_create(decisions)
    decision_of = {d.application.region_id: d for d in decisions}
    DecisionItem.objects.bulk_create(
        DecisionItem(
            decision=decision_of[p.region.pk],
            project=p,
            applied=grant[p.code],
            approved=grant[p.code],
        )
        for p in projects
    )
    requests = []
    payouts = []
    for a in applications:
        rng = rngs[a.region_id]
        amount = amounts[a.region_id]
        tranche_one = (amount / 2).quantize(CENT)
        tranche_two = (amount * Decimal(0.3 + rng.random() * 0.2)).quantize(CENT)
        for number, value, period, paid_on in (
            (1, tranche_one, (first, dt.date(year, 6, 30)), dt.date(year, 5, 25)),
            (2, tranche_two, (dt.date(year, 7, 1), last), dt.date(year, 7, 20)),
        ):
            requests.append(
                PaymentRequest(
                    application=a,
                    number=number,
                    amount=value,
                    period_start=period[0],
                    period_end=period[1],
                    status=PaymentRequestStatus.PAID,
                    decided_at=dt.datetime.combine(paid_on, dt.time(9), tzinfo=dt.UTC),
                )
            )
            payouts.append((value, paid_on))
    requests = PaymentRequest.objects.bulk_create(requests)
    Payment.objects.bulk_create(
        Payment(
            request=request,
            amount=value,
            paid_on=paid_on,
            use_by=paid_on + dt.timedelta(days=61),
            used_on=paid_on + dt.timedelta(days=40)
            if paid_on + dt.timedelta(days=40) <= until
            else None,
        )
        for request, (value, paid_on) in zip(requests, payouts, strict=True)
    )
    summary.add("payments", len(requests))

    # Participants.
    started = time.perf_counter()
    all_region_ids = [r.pk for r in region_list]
    stored = 0
    rows: list[tuple[Any, ...]] = []
    for p in projects:
        rows += participant_rows(
            seed=seed,
            project_id=p.pk,
            project_code=p.code,
            year=year,
            count=counts[p.code],
            region_id=p.region.pk,
            other_region_ids=[pk for pk in all_region_ids if pk != p.region.pk],
            target_group_ids=target_groups,
        )
        if len(rows) >= 100_000:
            _store_participants(rows)
            stored += len(rows)
            rows = []
    if rows:
        _store_participants(rows)
        stored += len(rows)
    summary.add("participants", stored)
    seconds = time.perf_counter() - started
    _steering_records(
        year=year, running=running, programme=programme, versions=versions, summary=summary
    )
    return seconds


def _steering_records(*, year, running, programme, versions, summary) -> None:
    """What the steering work of a year leaves behind, computed by steering's own figures: the
    open deviations of the running year as of DATA_UNTIL (every target the rules flag), and the
    final year-end assessment of every agreement of a closed year (the proposed results)."""
    from zielwerk.steering.choices import AssessmentStatus, DeviationStatus
    from zielwerk.steering.figures import (
        judge,
        proposed_attainment,
        rule_for,
        target_figures,
        targets_with_context,
    )
    from zielwerk.steering.models import (
        Assessment,
        Deviation,
        DeviationRule,
        Target,
        TargetAssessment,
    )

    rules = list(DeviationRule.objects.filter(programme=programme))
    as_of = DATA_UNTIL if running else dt.date(year, 12, 31)
    targets = targets_with_context(
        Target.objects.filter(version__in=versions).order_by("version", "position")
    )
    figures = target_figures(targets, as_of)
    if running:
        deviations = []
        for item in figures:
            rule = rule_for(rules, item.target.metric)
            direction = judge(item, rule)
            if direction is None or rule is None or item.ratio_percent is None:
                continue
            deviations.append(
                Deviation(
                    agreement_id=item.target.version.agreement_id,
                    target=item.target,
                    target_key=item.target.key,
                    rule=rule,
                    direction=direction,
                    status=DeviationStatus.OPEN,
                    detected_on=as_of,
                    checked_on=as_of,
                    as_of=as_of,
                    planned_to_date=item.planned_to_date,
                    actual=item.actual,
                    ratio_percent=item.ratio_percent,
                )
            )
        Deviation.objects.bulk_create(deviations)
        summary.add("deviations", len(deviations))
        return
    assessments = Assessment.objects.bulk_create(
        Assessment(
            agreement_id=version.agreement_id,
            version=version,
            as_of=as_of,
            status=AssessmentStatus.FINAL,
            summary="Bench-Daten: Ergebnisse wie von den Regeln vorgeschlagen.",
            finalised_at=dt.datetime(year + 1, 3, 31, 10, tzinfo=dt.UTC),
        )
        for version in versions
    )
    of_version = {a.version_id: a for a in assessments}
    items = []
    for item in figures:
        proposed = proposed_attainment(item, rule_for(rules, item.target.metric))
        items.append(
            TargetAssessment(
                assessment=of_version[item.target.version_id],
                target=item.target,
                planned=item.planned,
                actual=item.actual,
                ratio_percent=item.attainment_percent or Decimal(0),
                proposed=proposed,
                result=proposed,
            )
        )
    TargetAssessment.objects.bulk_create(items)
    summary.add("assessments", len(assessments))


# --- command line -----------------------------------------------------------------------------


def ensure_database(url: str, *, reset: bool) -> None:
    """Create the database of url if missing (drop it first with reset), via the `postgres` DB."""
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?", 1)[0]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists and reset:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            print(f"database {name} dropped")
            exists = None
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"database {name} created")


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--years", type=int, default=10, help="programme years up to 2026")
    parser.add_argument("--participants", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--reset", action="store_true", help="drop and recreate the database")
    args = parser.parse_args(argv)
    if not 1 <= args.years <= LAST_YEAR - 2000:
        parser.error("--years: 1 to 26")
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            "DATABASE_URL muss eine PostgreSQL-Datenbank nennen (die Bench-Daten nutzen COPY)."
        )
    ensure_database(url, reset=args.reset)
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrated in {time.perf_counter() - started:.1f} s")
    if not is_empty():
        sys.exit(
            f"Die Datenbank {connection.settings_dict['NAME']} enthält schon Programmjahre. "
            "Mit --reset wird sie gelöscht und neu angelegt (make bench-data … RESET=1)."
        )
    print(
        f"generating {args.years} years × all regions, {args.participants:,} participants, "
        f"seed {args.seed}; load average {os.getloadavg()[0]:.1f}"
    )
    summary = generate(years=args.years, participants=args.participants, seed=args.seed)
    analysed = time.perf_counter()
    with connection.cursor() as cursor:
        # As autovacuum would leave a table after a bulk load: statistics and visibility map
        # (index-only scans) up to date, so that the benchmarks see a settled database.
        cursor.execute("VACUUM (ANALYZE)")
    print(f"VACUUM (ANALYZE): {time.perf_counter() - analysed:.1f} s")
    print(
        f"\nBench data in {connection.settings_dict['NAME']}, "
        f"years {summary.years[0]}–{summary.years[-1]}:"
    )
    for name, number in summary.counts.items():
        print(f"  {name:<24} {number:>10,}")
    print(
        f"  generated in {summary.seconds:.1f} s "
        f"(participants {summary.participant_seconds:.1f} s), "
        f"total with migrate and VACUUM {time.perf_counter() - started:.1f} s; "
        f"load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
