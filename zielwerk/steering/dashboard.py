"""The statewide steering table: one row per region taking part in a programme year, as of a
cut-off day, with the statewide total.

Columns (money Decimal with two places, counts int):

* budget (Budget): amount of the region's current (newest) allocation version – as controlling.
* agreed (vereinbart): amount of the newest signed or published agreement version – as
  controlling; its targets are the ones that count.
* approved (bewilligt): from the grant procedure (budgets.grant_figures: the newest issued
  approving decision per application).
* paid (ausgezahlt): payouts to the region recorded on or before the cut-off day.
* participants (Eintritte): participant records of the region's projects of the year that entered
  from 1 January up to the cut-off day.
* targets / on_track: the binding version's targets; on track when the ratio (Ist ÷ anteiliger
  Plan) is known and the deviation rule does not flag it (figures.judge); below / above count
  the flagged ones.
* attainment (Zielerreichung): the score of the final year-end assessment (0–100 %), if there is
  one.
* open_deviations: deviations still waiting for a reason or an answer.

The number of queries is fixed: every column is one aggregate (or one batch) for all regions,
whatever the number of regions, targets or participants; participant records are counted in the
database and never loaded.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zielwerk.agreements.models import AgreementVersion
from zielwerk.budgets.grant_figures import grant_figures
from zielwerk.budgets.models import AllocationVersion
from zielwerk.grants.choices import PaymentRequestStatus
from zielwerk.grants.models import Payment
from zielwerk.organisations.models import Region
from zielwerk.participants.models import Participant
from zielwerk.programmes.models import Participation, ProgrammeYear

from .choices import METRIC_UNITS, OPEN_DEVIATION_STATUSES, Direction, Metric, TargetScope
from .figures import (
    TargetFigures,
    judge,
    money,
    rule_for,
    target_figures,
    targets_with_context,
)
from .models import Deviation, DeviationRule, Target
from .selectors import BINDING_STATUSES

ZERO = Decimal("0.00")
TENTH = Decimal("0.1")

# (key, heading, kind) in the order of the table and the exports; kind: text|money|count|percent
COLUMNS = (
    ("region", gettext_lazy("Gebietskörperschaft"), "text"),
    ("budget", gettext_lazy("Budget (zugewiesen)"), "money"),
    ("agreed", gettext_lazy("vereinbart"), "money"),
    ("approved", gettext_lazy("bewilligt"), "money"),
    ("paid", gettext_lazy("ausgezahlt bis Stichtag"), "money"),
    ("participants", gettext_lazy("Eintritte bis Stichtag"), "count"),
    ("targets", gettext_lazy("Zielwerte"), "count"),
    ("on_track", gettext_lazy("davon im Plan"), "count"),
    ("attainment", gettext_lazy("Zielerreichung (%)"), "percent"),
    ("open_deviations", gettext_lazy("offene Abweichungen"), "count"),
)
SORT_KEYS = tuple(key for key, _heading, _kind in COLUMNS)


# --- attainment bands (shared by the table, the tile map and the API) ---------------------------


class Band:
    HIGH = "high"  # ≥ 90 %
    MIDDLE = "middle"  # 70 – < 90 %
    LOW = "low"  # < 70 %
    NONE = "none"  # no final assessment


BAND_LABELS = {
    Band.HIGH: gettext_lazy("90 % und mehr"),
    Band.MIDDLE: gettext_lazy("70 bis unter 90 %"),
    Band.LOW: gettext_lazy("unter 70 %"),
    Band.NONE: gettext_lazy("keine Bewertung"),
}


def attainment_band(score: Decimal | None) -> str:
    if score is None:
        return Band.NONE
    if score >= 90:
        return Band.HIGH
    if score >= 70:
        return Band.MIDDLE
    return Band.LOW


# --- status of one target ------------------------------------------------------------------------


class Status:
    IN_PLAN = "in_plan"
    BELOW = "below"
    ABOVE = "above"
    UNKNOWN = "unknown"  # no plan to date yet


STATUS_LABELS = {
    Status.IN_PLAN: gettext_lazy("im Plan"),
    Status.BELOW: gettext_lazy("unter Plan"),
    Status.ABOVE: gettext_lazy("über Plan"),
    Status.UNKNOWN: gettext_lazy("noch nicht beurteilbar"),
}


def target_status(figures: TargetFigures, rule: DeviationRule | None) -> str:
    """In plan, below or above (the deviation rule's corridor), or unknown without a plan yet."""
    if figures.ratio_percent is None:
        return Status.UNKNOWN
    direction = judge(figures, rule)
    if direction == Direction.BELOW:
        return Status.BELOW
    if direction == Direction.ABOVE:
        return Status.ABOVE
    return Status.IN_PLAN


def unit_of(metric: str) -> str:
    """The unit shown with a metric's values (Personen, Euro)."""
    return str(METRIC_UNITS[Metric(metric)])


# --- the table -----------------------------------------------------------------------------------


@dataclass
class RegionRow:
    region: Region | None  # None: the statewide total
    budget: Decimal = ZERO
    agreed: Decimal = ZERO
    approved: Decimal = ZERO
    paid: Decimal = ZERO
    participants: int = 0
    targets: int = 0
    on_track: int = 0
    below: int = 0
    above: int = 0
    attainment: Decimal | None = None
    open_deviations: int = 0
    # Entries: plan to date and actual (for the bar chart), from the binding targets.
    entries_planned_to_date: Decimal = ZERO
    entries_actual: Decimal = ZERO
    has_agreement: bool = False

    @property
    def label(self) -> str:
        return self.region.name if self.region is not None else _("Land Hessen gesamt")

    @property
    def band(self) -> str:
        return attainment_band(self.attainment)

    @property
    def band_label(self) -> str:
        return str(BAND_LABELS[self.band])

    def value(self, key: str):
        if key == "region":
            return self.label
        return getattr(self, key)


@dataclass
class StatewideTable:
    programme_year: ProgrammeYear
    as_of: dt.date
    rows: list[RegionRow] = field(default_factory=list)
    total: RegionRow = field(default_factory=lambda: RegionRow(region=None))

    def sorted_rows(self, key: str = "region", descending: bool = False) -> list[RegionRow]:
        """Rows sorted by a column; empty values (no attainment score) always last."""
        if key not in SORT_KEYS:
            key = "region"

        def name(row: RegionRow) -> str:
            return row.label.casefold()

        present = [row for row in self.rows if row.value(key) is not None]
        missing = [row for row in self.rows if row.value(key) is None]
        if key == "region":
            present.sort(key=name, reverse=descending)
        else:
            present.sort(key=name)
            present.sort(key=lambda row: row.value(key), reverse=descending)
        return present + sorted(missing, key=name)


def _newest(rows) -> dict[int, tuple]:
    """{region id: the rest of the row with the highest number} from (region, number, ...) rows."""
    chosen: dict[int, tuple] = {}
    for region_id, number, *rest in rows:
        if region_id not in chosen or number > chosen[region_id][0]:
            chosen[region_id] = (number, *rest)
    return chosen


def own_region(user) -> Region | None:
    """The region whose administration the person belongs to (a region coordinator's)."""
    return (
        Region.objects.filter(administration_id__in=user.organisation_ids).order_by("name").first()
    )


def attainment_scores_or_none(programme_year: ProgrammeYear) -> dict[int, Decimal]:
    """Helper A's final assessment scores; none while that part is not installed."""
    try:
        from .services.assessment import attainment_scores
    except ImportError:
        return {}
    return attainment_scores(programme_year)


def open_deviation_counts_of(programme_year: ProgrammeYear) -> dict[int, int]:
    """{region id: open deviations} – Helper T's selector (steering/deviations.py), else read
    from the model directly."""
    try:
        from .deviations import open_deviation_counts
    except ImportError:
        return dict(
            Deviation.objects.filter(
                agreement__programme_year=programme_year, status__in=OPEN_DEVIATION_STATUSES
            )
            .values_list("agreement__region_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
    return open_deviation_counts(programme_year)


def binding_targets(
    programme_year: ProgrammeYear, region_ids: Collection[int] | None = None
) -> tuple[dict[int, tuple], list[Target]]:
    """The binding version (newest signed or published) of every agreement of the year and its
    targets: three queries for all regions."""
    versions = AgreementVersion.objects.filter(
        agreement__programme_year=programme_year, status__in=BINDING_STATUSES
    )
    if region_ids is not None:
        versions = versions.filter(agreement__region_id__in=region_ids)
    binding = _newest(
        versions.values_list("agreement__region_id", "number", "pk", "amount").order_by()
    )
    version_ids = [pk for _number, pk, _amount in binding.values()]
    targets = (
        targets_with_context(
            Target.objects.filter(version_id__in=version_ids).order_by("version", "position", "pk")
        )
        if version_ids
        else []
    )
    return binding, targets


def statewide_table(
    programme_year: ProgrammeYear,
    as_of: dt.date,
    region_ids: Collection[int] | None = None,
) -> StatewideTable:
    """The statewide table as of the cut-off day; `region_ids` narrows it to some regions (a
    region's own row) without changing the number of queries."""
    participations = Participation.objects.filter(programme_year=programme_year).select_related(
        "region"
    )
    if region_ids is not None:
        participations = participations.filter(region_id__in=region_ids)
    regions = sorted(
        (p.region for p in participations), key=lambda r: (0 if r.ags else 1, r.ags, r.name)
    )
    table = StatewideTable(programme_year=programme_year, as_of=as_of)
    if not regions:
        return table
    ids = [r.pk for r in regions]

    allocated = _newest(
        AllocationVersion.objects.filter(
            allocation__programme_year=programme_year, allocation__region_id__in=ids
        )
        .values_list("allocation__region_id", "number", "amount")
        .order_by()
    )
    binding, targets = binding_targets(programme_year, ids)
    grants = grant_figures(programme_year)
    approved: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for (region_id, _measure_type), amount in grants.approved.items():
        approved[region_id] += amount
    paid = dict(
        Payment.objects.filter(
            request__application__programme_year=programme_year,
            request__application__region_id__in=ids,
            request__status=PaymentRequestStatus.PAID,
            paid_on__lte=as_of,
        )
        .values_list("request__application__region_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    participants = dict(
        Participant.objects.filter(
            project__programme_year=programme_year,
            project__region_id__in=ids,
            entered_on__gte=programme_year.first_day,
            entered_on__lte=as_of,
        )
        .values_list("project__region_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rules = list(DeviationRule.objects.filter(programme_id=programme_year.programme_id))
    figures = target_figures(targets, as_of)
    scores = attainment_scores_or_none(programme_year)
    deviations = open_deviation_counts_of(programme_year)

    by_region: dict[int, list[TargetFigures]] = defaultdict(list)
    for item in figures:
        by_region[item.target.version.agreement.region_id].append(item)

    for region in regions:
        row = RegionRow(
            region=region,
            budget=money(allocated[region.pk][1]) if region.pk in allocated else ZERO,
            agreed=money(binding[region.pk][2] or ZERO) if region.pk in binding else ZERO,
            approved=money(approved.get(region.pk, ZERO)),
            paid=money(Decimal(paid.get(region.pk) or ZERO)),
            participants=participants.get(region.pk, 0),
            attainment=_score(scores.get(region.pk)),
            open_deviations=deviations.get(region.pk, 0),
            has_agreement=region.pk in binding,
        )
        items = by_region.get(region.pk, [])
        row.targets = len(items)
        for item in items:
            status = target_status(item, rule_for(rules, item.target.metric))
            row.on_track += status == Status.IN_PLAN
            row.below += status == Status.BELOW
            row.above += status == Status.ABOVE
        planned, actual = entries_plan_and_actual(items)
        row.entries_planned_to_date, row.entries_actual = planned, actual
        table.rows.append(row)
    table.total = _total(table.rows)
    return table


def entries_plan_and_actual(items: list[TargetFigures]) -> tuple[Decimal, Decimal]:
    """Entries of a region: its region-wide entries targets if it has any, else the sum of its
    project and measure-type entries targets (never both, which would count people twice)."""
    entries = [f for f in items if f.target.metric == Metric.ENTRIES]
    region_wide = [f for f in entries if f.target.scope == TargetScope.REGION]
    chosen = region_wide or entries
    return (
        sum((f.planned_to_date for f in chosen), ZERO),
        sum((f.actual for f in chosen), ZERO),
    )


def _score(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(TENTH, rounding=ROUND_HALF_UP)


def _total(rows: list[RegionRow]) -> RegionRow:
    total = RegionRow(region=None)
    for row in rows:
        total.budget += row.budget
        total.agreed += row.agreed
        total.approved += row.approved
        total.paid += row.paid
        total.participants += row.participants
        total.targets += row.targets
        total.on_track += row.on_track
        total.below += row.below
        total.above += row.above
        total.open_deviations += row.open_deviations
        total.entries_planned_to_date += row.entries_planned_to_date
        total.entries_actual += row.entries_actual
    scores = [row.attainment for row in rows if row.attainment is not None]
    # The statewide attainment: the plain mean of the regions with a final assessment.
    total.attainment = _score(sum(scores, Decimal(0)) / len(scores)) if scores else None
    return total
