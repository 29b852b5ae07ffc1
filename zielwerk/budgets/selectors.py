"""Reads on budgets for the pages: the year's overview and the comparison of two keys."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch

from zielwerk.organisations.models import Region
from zielwerk.programmes.models import ProgrammeYear

from .models import Allocation, AllocationVersion, DistributionKey, KeyResult


def programme_year_for(year: int) -> ProgrammeYear | None:
    return (
        ProgrammeYear.objects.select_related("programme")
        .filter(year=year)
        .order_by("programme__code")
        .first()
    )


@dataclass(frozen=True)
class AllocationRow:
    allocation: Allocation
    current: AllocationVersion | None
    version_count: int

    @property
    def amount(self) -> Decimal:
        return self.current.amount if self.current else Decimal(0)


def allocation_rows(programme_year: ProgrammeYear) -> list[AllocationRow]:
    allocations = (
        Allocation.objects.filter(programme_year=programme_year)
        .select_related("region")
        .annotate(version_count=Count("versions"))
        .prefetch_related(
            Prefetch("versions", queryset=AllocationVersion.objects.order_by("-number"))
        )
        .order_by("region__name")
    )
    rows = []
    for allocation in allocations:
        versions = list(allocation.versions.all())
        rows.append(
            AllocationRow(
                allocation=allocation,
                current=versions[0] if versions else None,
                version_count=allocation.version_count,
            )
        )
    return rows


def distribution_keys(programme_year: ProgrammeYear):
    return DistributionKey.objects.filter(programme_year=programme_year).order_by("-created_at")


@dataclass(frozen=True)
class ComparisonRow:
    region: Region
    amount_a: Decimal
    amount_b: Decimal

    @property
    def difference(self) -> Decimal:
        return self.amount_b - self.amount_a


@dataclass
class Comparison:
    key_a: DistributionKey
    key_b: DistributionKey
    rows: list[ComparisonRow] = field(default_factory=list)

    @property
    def total_a(self) -> Decimal:
        return sum((row.amount_a for row in self.rows), Decimal(0))

    @property
    def total_b(self) -> Decimal:
        return sum((row.amount_b for row in self.rows), Decimal(0))

    @property
    def total_difference(self) -> Decimal:
        return self.total_b - self.total_a

    @property
    def maximum(self) -> Decimal:
        return max((max(row.amount_a, row.amount_b) for row in self.rows), default=Decimal(0))


def compare_keys(key_a: DistributionKey, key_b: DistributionKey) -> Comparison:
    results: dict[int, dict[str, Decimal]] = {}
    regions: dict[int, Region] = {}
    for result in KeyResult.objects.filter(key__in=[key_a, key_b]).select_related("region"):
        regions[result.region_id] = result.region
        side = "a" if result.key_id == key_a.pk else "b"
        results.setdefault(result.region_id, {})[side] = result.amount
        if key_a.pk == key_b.pk:
            results[result.region_id]["b"] = result.amount
    rows = [
        ComparisonRow(
            region=regions[pk],
            amount_a=amounts.get("a", Decimal(0)),
            amount_b=amounts.get("b", Decimal(0)),
        )
        for pk, amounts in results.items()
    ]
    rows.sort(key=lambda row: row.region.name)
    return Comparison(key_a=key_a, key_b=key_b, rows=rows)


def current_allocation_amount(region: Region, programme_year: ProgrammeYear) -> Decimal | None:
    """The amount of the region's current allocation version in that year (None without one)."""
    return (
        AllocationVersion.objects.filter(
            allocation__region=region, allocation__programme_year=programme_year
        )
        .order_by("-number")
        .values_list("amount", flat=True)
        .first()
    )
