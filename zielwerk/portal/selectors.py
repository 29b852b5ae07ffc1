"""Reads for the public portal. Everything here starts from PUBLISHED agreement versions (status
published and a publication date) or FINAL allocation versions; drafts, comments, change notes,
attachments, deviations and participant records are never read for output."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from zielwerk.agreements.choices import AgreementStatus, Party
from zielwerk.agreements.models import AgreementVersion, VersionClause
from zielwerk.budgets.choices import AllocationStatus
from zielwerk.budgets.models import Allocation, AllocationVersion
from zielwerk.participants import indicators
from zielwerk.programmes.models import ProgrammeYear
from zielwerk.projects.models import Project
from zielwerk.steering.choices import METRIC_UNITS, Metric

PUBLISHED = Q(status=AgreementStatus.PUBLISHED, published_at__isnull=False)


def published_versions(
    *, year: int | None = None, region: str = "", text: str = ""
) -> list[AgreementVersion]:
    """The newest published version of every agreement (one per region and year), filtered by
    year, region slug and a text found in the region's name or in the version's clauses."""
    newest = (
        AgreementVersion.objects.filter(PUBLISHED, agreement=OuterRef("agreement"))
        .order_by("-number")
        .values("pk")[:1]
    )
    versions = AgreementVersion.objects.filter(PUBLISHED, pk=Subquery(newest)).select_related(
        "agreement__region", "agreement__programme_year"
    )
    if year is not None:
        versions = versions.filter(agreement__programme_year__year=year)
    if region:
        versions = versions.filter(agreement__region__slug=region)
    text = text.strip()
    if text:
        in_clauses = VersionClause.objects.filter(body__icontains=text).values("version_id")
        versions = versions.filter(
            Q(agreement__region__name__icontains=text)
            | Q(region_name__icontains=text)
            | Q(pk__in=in_clauses)
        )
    return list(versions.order_by("-agreement__programme_year__year", "agreement__region__name"))


def published_years() -> list[int]:
    return sorted({v.agreement.programme_year.year for v in published_versions()}, reverse=True)


def published_regions() -> list[tuple[str, str]]:
    """(slug, name) of the regions with at least one published agreement."""
    regions = {v.agreement.region.slug: v.agreement.region.name for v in published_versions()}
    return sorted(regions.items(), key=lambda item: item[1])


def programme_years() -> list[int]:
    return list(ProgrammeYear.objects.order_by("-year").values_list("year", flat=True).distinct())


# ---- the agreement's data (JSON and CSV) ------------------------------------------------------


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def agreement_data(version: AgreementVersion) -> dict[str, Any]:
    """The published version's data: exactly what the signed document states, plus the steering
    targets agreed in it. Project costs are not part of the agreement and are not given."""
    agreement = version.agreement
    region = agreement.region
    signed = {s.party: s.signed_on for s in version.signatures.all()}
    projects = [
        {
            "name": entry.project.name,
            "massnahmenart_nummer": entry.project.measure_type.number,
            "massnahmenart": entry.project.measure_type.name,
        }
        for entry in version.version_projects.select_related("project__measure_type").order_by(
            "position"
        )
    ]
    key_figures = [
        {"bezeichnung": f.label, "wert": _money(f.value), "einheit": f.unit}
        for f in version.key_figures.order_by("position")
    ]
    targets = [
        {
            "bezeichnung": t.label,
            "kennzahl": t.metric,
            "kennzahl_bezeichnung": str(Metric(t.metric).label),
            "wert": _money(t.value),
            "einheit": str(METRIC_UNITS.get(Metric(t.metric), "")),
            "zeitraum_von": t.period_from.isoformat(),
            "zeitraum_bis": t.period_to.isoformat(),
        }
        for t in version.targets.order_by("position", "pk")
    ]
    ministry_signed = signed.get(Party.MINISTRY)
    region_signed = signed.get(Party.REGION)
    return {
        "programmjahr": agreement.programme_year.year,
        "gebietskoerperschaft": region.name,
        "ags": region.ags or None,
        "fassung": version.number,
        "art": version.kind,
        "status": AgreementStatus.PUBLISHED.value,
        "betrag_euro": _money(version.amount),
        "unterzeichnet_ministerium": ministry_signed.isoformat() if ministry_signed else None,
        "unterzeichnet_gebietskoerperschaft": region_signed.isoformat() if region_signed else None,
        "veroeffentlicht_am": (
            timezone.localtime(version.published_at).date().isoformat()
            if version.published_at
            else None
        ),
        "projekte": projects,
        "kennzahlen": key_figures,
        "zielwerte": targets,
    }


# ---- statewide key figures --------------------------------------------------------------------

KEY_INDICATORS = ("AQB01", "AQB02", "AQB05", "AQB06")


@dataclass
class KeyFigures:
    year: int
    region_count: int
    amount_total: Decimal
    table: Any  # participants.indicators.IndicatorTable at region level, suppressed
    codes: tuple[str, ...] = KEY_INDICATORS

    def labels(self) -> list[tuple[str, str]]:
        return [(code, str(indicators.BY_CODE[code].label)) for code in self.codes]


def key_figures(year: int) -> KeyFigures:
    """Aggregates of the regions whose agreement for the year is published: the amounts of the
    published versions and the participants of their projects, per region and statewide, with
    small counts suppressed exactly as in monitoring (as seen by someone who owns no records)."""
    versions = published_versions(year=year)
    region_ids = [v.agreement.region_id for v in versions]
    projects = (
        Project.objects.filter(programme_year__year=year, region_id__in=region_ids)
        .select_related("region", "measure_type", "programme_year")
        .order_by("code")
    )
    table = indicators.indicator_table(AnonymousUser(), projects, year=year, level="region")
    return KeyFigures(
        year=year,
        region_count=len(versions),
        amount_total=sum((v.amount or Decimal("0") for v in versions), Decimal("0")),
        table=table,
    )


# ---- budget allocation ----------------------------------------------------------------------


@dataclass
class AllocationLine:
    region_name: str
    amount: Decimal
    effective_on: Any
    invented: bool


def final_allocations(year: int) -> tuple[list[AllocationLine], int]:
    """The allocations of the year whose newest version is final, and how many are not final yet.
    Only final amounts are public; reasons and distribution keys are not shown."""
    newest = AllocationVersion.objects.filter(allocation=OuterRef("pk")).order_by("-number")
    allocations = (
        Allocation.objects.filter(programme_year__year=year)
        .select_related("region")
        .annotate(
            newest_status=Subquery(newest.values("status")[:1]),
            newest_amount=Subquery(newest.values("amount")[:1]),
            newest_effective_on=Subquery(newest.values("effective_on")[:1]),
            newest_invented=Subquery(newest.values("invented")[:1]),
        )
        .order_by("region__name")
    )
    lines, pending = [], 0
    for allocation in allocations:
        if allocation.newest_status != AllocationStatus.FINAL:
            pending += 1
            continue
        lines.append(
            AllocationLine(
                allocation.region.name,
                allocation.newest_amount,
                allocation.newest_effective_on,
                bool(allocation.newest_invented),
            )
        )
    return lines, pending
