"""The grant procedure's money of one programme year for controlling, in a fixed number of
queries: applied for, approved and proven per region × measure type; paid out and reclaimed per
region. See controlling.py for what each column means."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from zielwerk.grants.choices import (
    APPROVING_KINDS,
    ApplicationStatus,
    DecisionKind,
    DecisionStatus,
    ItemVerdict,
    PaymentRequestStatus,
    ProofStatus,
    StatementSide,
)
from zielwerk.grants.models import (
    Application,
    Decision,
    DecisionItem,
    Payment,
    Reclaim,
    StatementItem,
)
from zielwerk.grants.money import eligible_grant
from zielwerk.organisations.models import Region
from zielwerk.programmes.models import MeasureType, ProgrammeYear
from zielwerk.projects.models import FinancingSource, FundingItem, Project

ZERO = Decimal("0.00")
Key = tuple[int, int]  # (region id, measure type id)


@dataclass
class GrantFigures:
    applied: dict[Key, Decimal] = field(default_factory=dict)
    approved: dict[Key, Decimal] = field(default_factory=dict)
    proven: dict[Key, Decimal] = field(default_factory=dict)
    paid: dict[int, Decimal] = field(default_factory=dict)
    reclaimed: dict[int, Decimal] = field(default_factory=dict)
    region_objects: dict[int, Region] = field(default_factory=dict)
    measure_type_objects: dict[int, MeasureType] = field(default_factory=dict)

    def regions(self) -> list[int]:
        keys = {region for region, _mt in (*self.applied, *self.approved, *self.proven)}
        return sorted(keys | set(self.paid) | set(self.reclaimed))

    def measure_types(self, region_id: int) -> list[MeasureType]:
        ids = {
            mt
            for region, mt in (*self.applied, *self.approved, *self.proven)
            if region == region_id
        }
        return [self.measure_type_objects[mt] for mt in sorted(ids)]


def _add(target: dict, key, amount: Decimal) -> None:
    target[key] = target.get(key, ZERO) + amount


def grant_figures(programme_year: ProgrammeYear) -> GrantFigures:
    figures = GrantFigures()
    projects = {
        project.pk: project
        for project in Project.objects.filter(programme_year=programme_year).select_related(
            "region", "measure_type"
        )
    }
    for project in projects.values():
        figures.region_objects[project.region_id] = project.region
        figures.measure_type_objects[project.measure_type_id] = project.measure_type

    def key(project_id: int) -> Key:
        project = projects[project_id]
        return (project.region_id, project.measure_type_id)

    # Applied for: AQB lines of projects whose region's application is no longer a draft.
    submitted_regions = set(
        Application.objects.filter(programme_year=programme_year)
        .exclude(status=ApplicationStatus.DRAFT)
        .values_list("region_id", flat=True)
    )
    for project_id, amount in FundingItem.objects.filter(
        project__programme_year=programme_year,
        project__region_id__in=submitted_regions,
        source=FinancingSource.AQB,
    ).values_list("project_id", "amount"):
        _add(figures.applied, key(project_id), amount)

    # Approved: the items of each application's newest issued approving decision.
    newest: dict[int, tuple[int, int]] = {}
    for decision_id, application_id, number in Decision.objects.filter(
        application__programme_year=programme_year,
        status=DecisionStatus.ISSUED,
        kind__in=APPROVING_KINDS,
    ).values_list("pk", "application_id", "number"):
        if application_id not in newest or number > newest[application_id][1]:
            newest[application_id] = (decision_id, number)
    approved_by_project: dict[int, Decimal] = {}
    for project_id, approved in DecisionItem.objects.filter(
        decision_id__in=[decision_id for decision_id, _number in newest.values()]
    ).values_list("project_id", "approved"):
        approved_by_project[project_id] = approved
        _add(figures.approved, key(project_id), approved)

    # Proven: per project of a submitted proof of use, the grant its costs justify.
    costs: dict[int, Decimal] = defaultdict(lambda: ZERO)
    income: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for item in StatementItem.objects.filter(
        proof__application__programme_year=programme_year
    ).exclude(proof__status=ProofStatus.DRAFT):
        line_amount: Decimal = item.actual
        if item.verdict != ItemVerdict.OPEN and item.recognised is not None:
            line_amount = item.recognised
        if item.side == StatementSide.COST:
            costs[item.project_id] += line_amount
        else:
            income[item.project_id] += line_amount
    for project_id in set(costs) | set(income):
        proven = eligible_grant(
            approved_by_project.get(project_id, ZERO), costs[project_id], income[project_id]
        )
        _add(figures.proven, key(project_id), proven)

    for region_id, total in (
        Payment.objects.filter(
            request__application__programme_year=programme_year,
            request__status=PaymentRequestStatus.PAID,
        )
        .values_list("request__application__region_id")
        .annotate(total=Sum("amount"))
    ):
        _add(figures.paid, region_id, total)

    for region_id, principal in Reclaim.objects.filter(
        decision__application__programme_year=programme_year,
        decision__status=DecisionStatus.ISSUED,
        decision__kind=DecisionKind.RECLAIM,
    ).values_list("decision__application__region_id", "principal"):
        _add(figures.reclaimed, region_id, principal)

    missing = set(figures.paid) | set(figures.reclaimed)
    missing -= set(figures.region_objects)
    if missing:
        figures.region_objects.update(Region.objects.in_bulk(missing))
    return figures
