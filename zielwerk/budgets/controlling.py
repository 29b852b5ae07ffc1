"""Controlling: the money of one programme year per region × measure type, with subtotals per
region and the statewide total.

Columns (all Decimal with two places, never floats):

* zugewiesen (allocated): amount of the region's current (newest) AllocationVersion. The
  allocation is made per region, not per measure type, so it stands in the region's row
  „ohne Zuordnung zur Maßnahmenart“.
* vereinbart (agreed): amount of the newest agreement version that is signed or published;
  drafts, negotiations and agreed-but-unsigned versions do not count. Region level as well.
* beantragt (applied for): the AQB grant in the financing plans of the region's projects, once the
  application is submitted (a draft application counts 0,00). Per measure type.
* bewilligt (approved): the approved amounts of the newest issued grant, amendment or revocation
  decision (the effective decision). Per measure type.
* ausgezahlt (paid out): payouts recorded by the grant authority. Payments are requested per
  application, not per project, so they stand in the row „ohne Zuordnung zur Maßnahmenart“.
* nachgewiesen (proven): from a submitted proof of use, per project the grant its costs justify –
  recognised costs (while the review is open: the costs stated) minus the other income, at most
  the approved amount (grants/money.py `eligible_grant`). Per measure type.
* zurückgefordert (reclaimed): the principal of issued reclaim decisions (interest not included),
  region level.
* verfügbar (available) = zugewiesen − bewilligt: money allocated to the region that is not yet
  bound by a grant decision.

Rows: every region taking part in the year (Participation) and every region with an allocation or
an agreement in the year, ordered by AGS (regions without AGS last, by name). Per region one row
for each measure type named in the projects of its current (newest) agreement version, ordered by
measure type number, then the row „ohne Zuordnung zur Maßnahmenart“ for amounts known only per
region, then the region's subtotal. The statewide total closes the table.

Subtotals and the total are sums of the rows below them, computed exactly in Decimal, so every
level matches to the cent. The number of queries does not depend on the number of regions.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zielwerk.agreements.choices import AgreementStatus
from zielwerk.agreements.models import Agreement, AgreementVersion, VersionProject
from zielwerk.organisations.models import Region
from zielwerk.programmes.models import MeasureType, Participation, ProgrammeYear

from .grant_figures import GrantFigures, grant_figures
from .models import Allocation, AllocationVersion

ZERO = Decimal("0.00")

# (attribute, column heading) in the order of the table and the exports.
COLUMNS = (
    ("allocated", gettext_lazy("zugewiesen")),
    ("agreed", gettext_lazy("vereinbart")),
    ("applied", gettext_lazy("beantragt")),
    ("approved", gettext_lazy("bewilligt")),
    ("paid", gettext_lazy("ausgezahlt")),
    ("proven", gettext_lazy("nachgewiesen")),
    ("reclaimed", gettext_lazy("zurückgefordert")),
    ("available", gettext_lazy("verfügbar")),
)

AGREED_STATUSES = (AgreementStatus.SIGNED, AgreementStatus.PUBLISHED)


@dataclass(frozen=True)
class Amounts:
    allocated: Decimal = ZERO
    agreed: Decimal = ZERO
    applied: Decimal = ZERO
    approved: Decimal = ZERO
    paid: Decimal = ZERO
    proven: Decimal = ZERO
    reclaimed: Decimal = ZERO

    @property
    def available(self) -> Decimal:
        """Allocated money not yet bound by a grant decision."""
        return self.allocated - self.approved

    def __add__(self, other: Amounts) -> Amounts:
        return Amounts(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )

    def values(self) -> tuple[Decimal, ...]:
        """The amounts in the order of COLUMNS."""
        return tuple(getattr(self, name) for name, _heading in COLUMNS)


def sum_amounts(items: list[Amounts]) -> Amounts:
    total = Amounts()
    for item in items:
        total = total + item
    return total


class RowKind:
    MEASURE = "measure"
    UNASSIGNED = "unassigned"
    SUBTOTAL = "subtotal"
    TOTAL = "total"


@dataclass(frozen=True)
class ControllingRow:
    kind: str
    region: Region | None
    measure_type: MeasureType | None
    amounts: Amounts

    @property
    def region_label(self) -> str:
        if self.kind == RowKind.TOTAL:
            return _("Land Hessen gesamt")
        assert self.region is not None
        if self.kind == RowKind.SUBTOTAL:
            return _("Summe %(region)s") % {"region": self.region.name}
        return self.region.name

    @property
    def ags(self) -> str:
        return self.region.ags if self.region is not None else ""

    @property
    def measure_label(self) -> str:
        if self.kind == RowKind.MEASURE:
            assert self.measure_type is not None
            return str(self.measure_type)
        if self.kind == RowKind.UNASSIGNED:
            return _("ohne Zuordnung zur Maßnahmenart")
        return ""


@dataclass
class RegionBlock:
    region: Region
    rows: list[ControllingRow]
    subtotal: ControllingRow


@dataclass
class ControllingTable:
    programme_year: ProgrammeYear
    regions: list[RegionBlock] = field(default_factory=list)
    total: ControllingRow = field(
        default_factory=lambda: ControllingRow(RowKind.TOTAL, None, None, Amounts())
    )

    def all_rows(self) -> Iterator[ControllingRow]:
        """Every row as the exports write it: region rows, subtotal, …, statewide total."""
        for block in self.regions:
            yield from block.rows
            yield block.subtotal
        yield self.total


def _region_order(region: Region) -> tuple[int, str, str]:
    return (0 if region.ags else 1, region.ags, region.name)


def controlling_table(programme_year: ProgrammeYear) -> ControllingTable:
    regions: dict[int, Region] = {}
    for participation in Participation.objects.filter(programme_year=programme_year).select_related(
        "region"
    ):
        regions[participation.region_id] = participation.region

    allocated: dict[int, Decimal] = {}
    allocations = (
        Allocation.objects.filter(programme_year=programme_year)
        .select_related("region")
        .prefetch_related(
            Prefetch("versions", queryset=AllocationVersion.objects.order_by("-number"))
        )
    )
    for allocation in allocations:
        regions.setdefault(allocation.region_id, allocation.region)
        versions = list(allocation.versions.all())
        if versions:
            allocated[allocation.region_id] = versions[0].amount

    agreed: dict[int, Decimal] = {}
    measure_types: dict[int, list[MeasureType]] = {}
    agreements = (
        Agreement.objects.filter(programme_year=programme_year)
        .select_related("region")
        .prefetch_related(
            Prefetch("versions", queryset=AgreementVersion.objects.order_by("-number")),
            Prefetch(
                "versions__version_projects",
                queryset=VersionProject.objects.select_related("project__measure_type"),
            ),
        )
    )
    for agreement in agreements:
        regions.setdefault(agreement.region_id, agreement.region)
        agreement_versions = list(agreement.versions.all())
        if not agreement_versions:
            continue
        binding = next((v for v in agreement_versions if v.status in AGREED_STATUSES), None)
        if binding is not None and binding.amount is not None:
            agreed[agreement.region_id] = binding.amount
        used = {
            vp.project.measure_type.pk: vp.project.measure_type
            for vp in agreement_versions[0].version_projects.all()
        }
        measure_types[agreement.region_id] = sorted(
            used.values(), key=lambda mt: (mt.number, mt.name)
        )

    figures: GrantFigures = grant_figures(programme_year)
    for region_id in figures.regions():
        regions.setdefault(region_id, figures.region_objects[region_id])
        known = {mt.pk for mt in measure_types.get(region_id, [])}
        extra = [mt for mt in figures.measure_types(region_id) if mt.pk not in known]
        if extra:
            measure_types[region_id] = sorted(
                [*measure_types.get(region_id, []), *extra], key=lambda mt: (mt.number, mt.name)
            )

    table = ControllingTable(programme_year=programme_year)
    for region in sorted(regions.values(), key=_region_order):
        rows = [
            ControllingRow(
                RowKind.MEASURE,
                region,
                measure_type,
                Amounts(
                    applied=figures.applied.get((region.pk, measure_type.pk), ZERO),
                    approved=figures.approved.get((region.pk, measure_type.pk), ZERO),
                    proven=figures.proven.get((region.pk, measure_type.pk), ZERO),
                ),
            )
            for measure_type in measure_types.get(region.pk, [])
        ]
        rows.append(
            ControllingRow(
                RowKind.UNASSIGNED,
                region,
                None,
                Amounts(
                    allocated=allocated.get(region.pk, ZERO),
                    agreed=agreed.get(region.pk, ZERO),
                    paid=figures.paid.get(region.pk, ZERO),
                    reclaimed=figures.reclaimed.get(region.pk, ZERO),
                ),
            )
        )
        subtotal = ControllingRow(
            RowKind.SUBTOTAL, region, None, sum_amounts([row.amounts for row in rows])
        )
        table.regions.append(RegionBlock(region=region, rows=rows, subtotal=subtotal))
    table.total = ControllingRow(
        RowKind.TOTAL,
        None,
        None,
        sum_amounts([block.subtotal.amounts for block in table.regions]),
    )
    return table
