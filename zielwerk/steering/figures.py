"""Plan, actual and forecast of targets as of a chosen day – computed, never typed.

* **Plan to date (anteiliger Plan):** a linear target counts the share of its period that has
  passed on the cut-off day (days elapsed ÷ days of the period, both ends included); a phased
  target adds the planned values of the months or quarters that have ended and the passed share
  of the current one.
* **Actual (Ist):** from participant monitoring – entries (entry date in the period), regular
  exits, transitions into school or training and into employment (exit date in the period and
  the situation after leaving) – and from the grant procedure – spending is what RP Kassel paid
  out to the region in the period. Every count stops at the cut-off day.
* **Forecast (Prognose) of the value at the end of the period:** the pace so far measured against
  the plan: Ist ÷ anteiliger Plan × Zielwert. For a linear target that is the actual value
  extrapolated over the whole period. On or after the last day of the period the forecast is the
  actual value; while the plan to date is still 0 there is none.
* **Ratio (Erfüllung):** Ist ÷ anteiliger Plan in %, the figure the deviation rules judge.

All actual values of any number of targets come from two queries (participants and payments),
whatever the number of targets, regions or records: each target is expanded to the projects it
covers and the database counts per target in one pass (a VALUES list joined to the records).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.utils.translation import gettext_lazy

from zielwerk.grants.models import Payment
from zielwerk.participants.models import Participant
from zielwerk.projects.models import Project

from .choices import PARTICIPANT_METRICS, Attainment, Direction, Metric, Phasing, TargetScope
from .models import DeviationRule, Target, TargetPhase

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
TENTH = Decimal("0.1")
HUNDRED = Decimal(100)
DEFAULT_PARTLY_PERCENT = Decimal(80)

FORECAST_METHOD = gettext_lazy(
    "Prognose zum Ende des Zeitraums: Istwert ÷ anteiliger Plan × Zielwert – das bisherige "
    "Tempo, gemessen am Plan bis zum Stichtag, bis zum Ende fortgeschrieben. Bei gleichmäßiger "
    "Verteilung ist das der Istwert, hochgerechnet auf alle Tage des Zeitraums."
)
PLAN_METHOD = gettext_lazy(
    "Anteiliger Plan: bei gleichmäßiger Verteilung der Zielwert × vergangene Tage ÷ Tage des "
    "Zeitraums; bei Planwerten je Monat oder Quartal die Summe der abgelaufenen Abschnitte und "
    "der vergangene Anteil des laufenden."
)


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    if whole <= 0:
        return None
    return (part * HUNDRED / whole).quantize(TENTH, rounding=ROUND_HALF_UP)


def days_between(first: dt.date, last: dt.date) -> int:
    """Days from first to last, both included (0 when last is before first)."""
    return max((last - first).days + 1, 0)


def _share(value: Decimal, first: dt.date, last: dt.date, as_of: dt.date) -> Decimal:
    total = days_between(first, last)
    if as_of >= last or total == 0:
        return value
    return value * days_between(first, as_of) / total


def plan_to_date(target: Target, phases: Sequence[TargetPhase], as_of: dt.date) -> Decimal:
    if target.phasing == Phasing.LINEAR or not phases:
        planned = _share(target.value, target.period_from, target.period_to, as_of)
    else:
        started = [p for p in phases if p.starts_on <= as_of]
        planned = sum((_share(p.value, p.starts_on, p.ends_on, as_of) for p in started), ZERO)
    return money(planned)


def forecast(target: Target, planned_to_date: Decimal, actual: Decimal, as_of: dt.date):
    if as_of >= target.period_to:
        return actual
    if planned_to_date <= 0:
        return None
    return money(actual / planned_to_date * target.value)


@dataclass(frozen=True)
class TargetFigures:
    target: Target
    as_of: dt.date
    planned: Decimal  # the whole target value
    planned_to_date: Decimal
    actual: Decimal
    forecast: Decimal | None
    elapsed_days: int
    total_days: int

    @property
    def ratio_percent(self) -> Decimal | None:
        """Ist ÷ anteiliger Plan in %."""
        return percent(self.actual, self.planned_to_date)

    @property
    def attainment_percent(self) -> Decimal | None:
        """Ist ÷ Zielwert in % (at year end: the degree of attainment)."""
        return percent(self.actual, self.planned)

    @property
    def forecast_percent(self) -> Decimal | None:
        if self.forecast is None:
            return None
        return percent(self.forecast, self.planned)

    @property
    def is_money(self) -> bool:
        return self.target.metric == Metric.SPENDING


# --- actual values ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """What to count for one key: a metric over some projects (or one region's payments) from
    first to last day."""

    key: object
    metric: str
    first: dt.date
    last: dt.date
    project_ids: tuple[int, ...] = ()
    region_id: int | None = None
    programme_year_id: int | None = None


def _date_sql() -> str:
    return "CAST(%s AS date)" if connection.vendor == "postgresql" else "%s"


def _participant_counts(spans: Sequence[Span]) -> dict[int, dict[str, int]]:
    """{span index: {metric: count}} in one query. Targets overlap (a project, its measure type,
    the whole region), so each project is counted once per distinct window and the windows are
    then added up per span: the records are read once, not once per target."""
    rows: list[str] = []
    params: list[int | str] = []
    for index, span in enumerate(spans):
        for project_id in span.project_ids:
            rows.append(f"(%s, %s, {_date_sql()}, {_date_sql()})")
            params += [index, project_id, span.first.isoformat(), span.last.isoformat()]
    if not rows:
        return {}
    table = Participant._meta.db_table
    exited = "p.exited_on BETWEEN w.first AND w.last"
    # Only placeholders and fixed names are put together here; every value is a parameter.
    sql = (
        f"WITH s(span, project_id, first, last) AS (VALUES {', '.join(rows)}), "  # noqa: S608
        "w AS (SELECT DISTINCT project_id, first, last FROM s), "
        "c AS (SELECT w.project_id, w.first, w.last, "
        "COUNT(*) FILTER (WHERE p.entered_on BETWEEN w.first AND w.last) AS entries, "
        f"COUNT(*) FILTER (WHERE {exited} AND p.exit_reason = 'regular') AS regular, "
        f"COUNT(*) FILTER (WHERE {exited} AND p.situation_after_exit = 'education') AS education, "
        f"COUNT(*) FILTER (WHERE {exited} AND p.situation_after_exit = 'employment') AS employment "
        f"FROM w JOIN {table} p ON p.project_id = w.project_id AND p.entered_on <= w.last "
        "GROUP BY w.project_id, w.first, w.last) "
        "SELECT s.span, SUM(c.entries), SUM(c.regular), SUM(c.education), SUM(c.employment) "
        "FROM s JOIN c ON c.project_id = s.project_id AND c.first = s.first AND c.last = s.last "
        "GROUP BY s.span"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            int(span): dict(zip(PARTICIPANT_METRICS, (int(c) for c in counts), strict=True))
            for span, *counts in cursor.fetchall()
        }


def _payment_sums(spans: Sequence[Span]) -> dict[int, Decimal]:
    """{span index: amount paid out to the region in the span} in one query."""
    wanted = [(i, s) for i, s in enumerate(spans) if s.region_id is not None]
    if not wanted:
        return {}
    payments = (
        Payment.objects.filter(
            request__application__region_id__in={s.region_id for _i, s in wanted},
            request__application__programme_year_id__in={s.programme_year_id for _i, s in wanted},
            paid_on__lte=max(s.last for _i, s in wanted),
        )
        .values_list(
            "request__application__region_id",
            "request__application__programme_year_id",
            "paid_on",
            "amount",
        )
        .order_by()
    )
    sums: dict[int, Decimal] = defaultdict(lambda: ZERO)
    by_region = defaultdict(list)
    for index, span in wanted:
        by_region[(span.region_id, span.programme_year_id)].append((index, span))
    for region_id, year_id, paid_on, amount in payments:
        for index, span in by_region.get((region_id, year_id), ()):
            if span.first <= paid_on <= span.last:
                sums[index] += amount
    return dict(sums)


def actual_values(spans: Sequence[Span]) -> dict[object, Decimal]:
    """{span key: actual value} for any number of spans, in at most two queries."""
    counts = _participant_counts([s for s in spans if s.metric in PARTICIPANT_METRICS])
    paid = _payment_sums([s for s in spans if s.metric == Metric.SPENDING])
    result: dict[object, Decimal] = {}
    participant_index = payment_index = 0
    for span in spans:
        if span.metric in PARTICIPANT_METRICS:
            value = counts.get(participant_index, {}).get(span.metric, 0)
            result[span.key] = Decimal(value).quantize(CENT)
            participant_index += 1
        else:
            result[span.key] = money(paid.get(payment_index, ZERO))
            payment_index += 1
    return result


# --- targets → spans ---------------------------------------------------------------------------


def project_ids_by_target(targets: Sequence[Target]) -> dict[int, tuple[int, ...]]:
    """The projects each target covers: its project, the projects of its measure type, or all
    projects of the region in the agreement's year. One query for any number of targets."""
    wanted = {
        (t.version.agreement.region_id, t.version.agreement.programme_year_id) for t in targets
    }
    if not wanted:
        return {}
    projects = (
        Project.objects.filter(
            region_id__in={r for r, _y in wanted},
            programme_year_id__in={y for _r, y in wanted},
        )
        .values_list("pk", "region_id", "programme_year_id", "measure_type_id")
        .order_by("pk")
    )
    by_region: dict[tuple[int, int], list[tuple[int, int | None]]] = defaultdict(list)
    for pk, region_id, year_id, measure_type_id in projects:
        by_region[(region_id, year_id)].append((pk, measure_type_id))
    result: dict[int, tuple[int, ...]] = {}
    for t in targets:
        agreement = t.version.agreement
        candidates = by_region.get((agreement.region_id, agreement.programme_year_id), [])
        if t.scope == TargetScope.PROJECT:
            ids: tuple[int, ...] = (t.project_id,) if t.project_id else ()
        elif t.scope == TargetScope.MEASURE_TYPE:
            ids = tuple(pk for pk, mt in candidates if mt == t.measure_type_id)
        else:
            ids = tuple(pk for pk, _mt in candidates)
        result[t.pk] = ids
    return result


def span_of(target: Target, project_ids: tuple[int, ...], last: dt.date, key=None) -> Span:
    agreement = target.version.agreement
    return Span(
        key=target.pk if key is None else key,
        metric=target.metric,
        first=target.period_from,
        last=min(last, target.period_to),
        project_ids=project_ids,
        region_id=agreement.region_id if target.metric == Metric.SPENDING else None,
        programme_year_id=agreement.programme_year_id,
    )


def targets_with_context(queryset) -> list[Target]:
    """Targets with what the figures need, in a fixed number of queries."""
    return list(
        queryset.select_related(
            "version__agreement__region",
            "version__agreement__programme_year",
            "project",
            "measure_type",
        ).prefetch_related("phases")
    )


def target_figures(targets: Sequence[Target], as_of: dt.date) -> list[TargetFigures]:
    """Plan, actual and forecast of each target on the cut-off day. Targets must come from
    targets_with_context (phases prefetched)."""
    project_ids = project_ids_by_target(targets)
    actual = actual_values([span_of(t, project_ids[t.pk], as_of) for t in targets])
    figures = []
    for t in targets:
        phases = list(t.phases.all())
        planned_to_date = plan_to_date(t, phases, as_of)
        value = actual[t.pk]
        figures.append(
            TargetFigures(
                target=t,
                as_of=as_of,
                planned=t.value,
                planned_to_date=planned_to_date,
                actual=value,
                forecast=forecast(t, planned_to_date, value, as_of),
                elapsed_days=days_between(t.period_from, min(as_of, t.period_to)),
                total_days=days_between(t.period_from, t.period_to),
            )
        )
    return figures


def month_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    """The last day of every month from first to last; the last entry is last itself."""
    ends = []
    year, month = first.year, first.month
    while True:
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        end = following - dt.timedelta(days=1)
        if end >= last:
            ends.append(last)
            return ends
        ends.append(end)
        year, month = following.year, following.month


@dataclass(frozen=True)
class SeriesPoint:
    day: dt.date
    planned: Decimal
    actual: Decimal | None  # None for days after the cut-off


def monthly_series(targets: Sequence[Target], as_of: dt.date) -> dict[int, list[SeriesPoint]]:
    """{target id: cumulative plan and actual at every month end of its period} – the data of
    the plan-vs-actual chart. Actual values stop at the cut-off day. Two queries for all."""
    project_ids = project_ids_by_target(targets)
    spans, points = [], {}
    for t in targets:
        days = month_ends(t.period_from, t.period_to)
        points[t.pk] = days
        spans += [
            span_of(t, project_ids[t.pk], day, key=(t.pk, day)) for day in days if day <= as_of
        ]
    actual = actual_values(spans)
    series = {}
    for t in targets:
        phases = list(t.phases.all())
        series[t.pk] = [
            SeriesPoint(day, plan_to_date(t, phases, day), actual.get((t.pk, day)))
            for day in points[t.pk]
        ]
    return series


# --- rules ---------------------------------------------------------------------------------------


def rule_for(rules: Iterable[DeviationRule], metric: str) -> DeviationRule | None:
    """The active rule for a metric: one naming the metric wins over a general one."""
    active = [r for r in rules if r.active]
    specific = [r for r in active if r.metric == metric]
    general = [r for r in active if not r.metric]
    chosen = specific or general
    return chosen[0] if chosen else None


def judge(figures: TargetFigures, rule: DeviationRule | None) -> str | None:
    """Direction.BELOW or ABOVE when the rule flags the figures, else None."""
    if rule is None or figures.elapsed_days < rule.min_elapsed_days:
        return None
    ratio = figures.ratio_percent
    if ratio is None:
        return None
    if rule.lower_percent is not None and ratio < rule.lower_percent:
        return Direction.BELOW
    if rule.upper_percent is not None and ratio > rule.upper_percent:
        return Direction.ABOVE
    return None


def proposed_attainment(figures: TargetFigures, rule: DeviationRule | None) -> str:
    """At year end: attained from 100 % of the target value, partly from the rule's lower
    threshold (80 % without a rule), else not attained."""
    ratio = figures.attainment_percent
    if ratio is None or ratio >= HUNDRED:
        return Attainment.ATTAINED
    partly = rule.lower_percent if rule and rule.lower_percent is not None else None
    if ratio >= (partly if partly is not None else DEFAULT_PARTLY_PERCENT):
        return Attainment.PARTLY
    return Attainment.NOT_ATTAINED
