"""The arithmetic of steering (figures.py), with expected values worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zielwerk.steering.choices import Attainment, Direction, Metric, Phasing
from zielwerk.steering.figures import (
    Span,
    TargetFigures,
    actual_values,
    forecast,
    judge,
    month_ends,
    percent,
    plan_to_date,
    proposed_attainment,
    rule_for,
)
from zielwerk.steering.models import DeviationRule, Target, TargetPhase

D = dt.date
YEAR = (D(2024, 1, 1), D(2024, 12, 31))  # 2024 has 366 days


def linear(value: str, first=YEAR[0], last=YEAR[1]) -> Target:
    return Target(value=Decimal(value), period_from=first, period_to=last, phasing=Phasing.LINEAR)


# --- plan to date ------------------------------------------------------------------------------


def test_linear_plan_counts_the_days_passed_both_ends_included():
    # 366 over 366 days: one per day; 31 January is day 31.
    assert plan_to_date(linear("366"), [], D(2024, 1, 31)) == Decimal("31.00")
    # 12 × 182 ÷ 366 = 5.9672… (1 January to 30 June are 182 days)
    assert plan_to_date(linear("12"), [], D(2024, 6, 30)) == Decimal("5.97")
    # the first day counts one day: 366 ÷ 366
    assert plan_to_date(linear("366"), [], D(2024, 1, 1)) == Decimal("1.00")


def test_linear_plan_is_zero_before_and_whole_after_the_period():
    target = linear("90", D(2024, 7, 1), D(2024, 12, 31))
    assert plan_to_date(target, [], D(2024, 6, 30)) == Decimal("0.00")
    assert plan_to_date(target, [], D(2024, 12, 31)) == Decimal("90.00")


def test_monthly_plan_adds_ended_months_and_the_passed_share_of_the_current_one():
    target = Target(
        value=Decimal(60),
        period_from=D(2024, 1, 1),
        period_to=D(2024, 3, 31),
        phasing=Phasing.MONTHLY,
    )
    phases = [
        TargetPhase(starts_on=D(2024, 1, 1), ends_on=D(2024, 1, 31), value=Decimal(10)),
        TargetPhase(starts_on=D(2024, 2, 1), ends_on=D(2024, 2, 29), value=Decimal(20)),
        TargetPhase(starts_on=D(2024, 3, 1), ends_on=D(2024, 3, 31), value=Decimal(30)),
    ]
    # January whole (10) + 15 of February's 29 days of 20 = 10 + 10.3448… = 20.34
    assert plan_to_date(target, phases, D(2024, 2, 15)) == Decimal("20.34")
    assert plan_to_date(target, phases, D(2024, 1, 31)) == Decimal("10.00")


def test_quarterly_plan():
    target = Target(
        value=Decimal(100), period_from=YEAR[0], period_to=YEAR[1], phasing=Phasing.QUARTERLY
    )
    phases = [
        TargetPhase(starts_on=D(2024, 1, 1), ends_on=D(2024, 3, 31), value=Decimal(10)),
        TargetPhase(starts_on=D(2024, 4, 1), ends_on=D(2024, 6, 30), value=Decimal(20)),
        TargetPhase(starts_on=D(2024, 7, 1), ends_on=D(2024, 9, 30), value=Decimal(30)),
        TargetPhase(starts_on=D(2024, 10, 1), ends_on=D(2024, 12, 31), value=Decimal(40)),
    ]
    assert plan_to_date(target, phases, D(2024, 6, 30)) == Decimal("30.00")
    # Q1 10 + Q2 20 × 45 ÷ 91 (1 April to 15 May are 30 + 15 days of 91) = 10 + 9.89
    assert plan_to_date(target, phases, D(2024, 5, 15)) == Decimal("19.89")


def test_a_phased_target_without_phases_is_linear():
    target = linear("366")
    target.phasing = Phasing.MONTHLY
    assert plan_to_date(target, [], D(2024, 2, 1)) == Decimal("32.00")


# --- forecast, percent, month ends ---------------------------------------------------------------


def test_forecast_extrapolates_the_pace_against_the_plan():
    target = linear("12")
    # 3 ÷ 5.97 × 12 = 6.0301…
    assert forecast(target, Decimal("5.97"), Decimal(3), D(2024, 6, 30)) == Decimal("6.03")
    # at the end of the period the forecast is the actual value
    assert forecast(target, Decimal(12), Decimal(9), D(2024, 12, 31)) == Decimal(9)
    # nothing planned yet: no forecast
    assert forecast(target, Decimal(0), Decimal(2), D(2024, 6, 30)) is None


def test_percent():
    assert percent(Decimal(3), Decimal(4)) == Decimal("75.0")
    assert percent(Decimal(1), Decimal(3)) == Decimal("33.3")
    assert percent(Decimal(2), Decimal(3)) == Decimal("66.7")
    assert percent(Decimal(5), Decimal(0)) is None


def test_month_ends():
    assert month_ends(D(2024, 1, 15), D(2024, 4, 10)) == [
        D(2024, 1, 31),
        D(2024, 2, 29),
        D(2024, 3, 31),
        D(2024, 4, 10),
    ]
    assert month_ends(D(2024, 12, 1), D(2024, 12, 31)) == [D(2024, 12, 31)]


# --- actual values from monitoring and payments ------------------------------------------------


@pytest.mark.django_db
def test_actual_values_count_participants_and_payments(demo, django_assert_num_queries):
    from zielwerk.grants.tests.factories import make_application, make_payment

    from .targets_fixtures import participant, project, wiesbaden_version

    fib, hib = project("FIB"), project("HIB")
    participant(fib, D(2024, 1, 10), D(2024, 3, 20), reason="regular", situation="education")
    participant(fib, D(2024, 2, 5), D(2024, 4, 30), reason="early", situation="employment")
    participant(fib, D(2024, 3, 1), D(2024, 7, 15), reason="regular", situation="employment")
    participant(fib, D(2024, 6, 20))
    # entered the year before, left in February: an exit of the period, not an entry
    participant(fib, D(2023, 12, 15), D(2024, 2, 10), reason="regular", situation="education")
    participant(hib, D(2024, 1, 10))  # another project
    application = make_application()
    make_payment(application, "100000.00", D(2024, 3, 15))
    make_payment(application, "50000.00", D(2024, 5, 10))

    agreement = wiesbaden_version().agreement
    first, last = D(2024, 1, 1), D(2024, 4, 30)
    spans = [
        Span(key=metric, metric=metric, first=first, last=last, project_ids=(fib.pk,))
        for metric in (
            Metric.ENTRIES,
            Metric.REGULAR_EXITS,
            Metric.TRANSITIONS_EDUCATION,
            Metric.TRANSITIONS_EMPLOYMENT,
        )
    ]
    spans.append(
        Span(
            key="spending",
            metric=Metric.SPENDING,
            first=first,
            last=last,
            region_id=agreement.region_id,
            programme_year_id=agreement.programme_year_id,
        )
    )
    spans.append(
        Span(
            key="spending-year",
            metric=Metric.SPENDING,
            first=first,
            last=D(2024, 12, 31),
            region_id=agreement.region_id,
            programme_year_id=agreement.programme_year_id,
        )
    )
    spans.append(
        Span(
            key="both", metric=Metric.ENTRIES, first=first, last=last, project_ids=(fib.pk, hib.pk)
        )
    )
    with django_assert_num_queries(2):
        values = actual_values(spans)
    assert values[Metric.ENTRIES] == Decimal(3)  # 10.01., 05.02., 01.03.
    assert values[Metric.REGULAR_EXITS] == Decimal(2)  # 20.03. and 10.02. (regular)
    assert values[Metric.TRANSITIONS_EDUCATION] == Decimal(2)  # 20.03., 10.02.
    assert values[Metric.TRANSITIONS_EMPLOYMENT] == Decimal(1)  # 30.04. (last day counts)
    assert values["spending"] == Decimal("100000.00")  # the May payment is after the span
    assert values["spending-year"] == Decimal("150000.00")
    assert values["both"] == Decimal(4)  # HIB's entry added


# --- rules ---------------------------------------------------------------------------------------


def rule(metric="", lower="80", upper="120", days=60, active=True) -> DeviationRule:
    return DeviationRule(
        name=f"{metric or 'alle'} {lower}/{upper}",
        metric=metric,
        lower_percent=Decimal(lower) if lower else None,
        upper_percent=Decimal(upper) if upper else None,
        min_elapsed_days=days,
        active=active,
    )


def figures(planned_to_date: str, actual: str, *, elapsed=100, planned="20") -> TargetFigures:
    return TargetFigures(
        target=linear(planned),
        as_of=D(2024, 6, 30),
        planned=Decimal(planned),
        planned_to_date=Decimal(planned_to_date),
        actual=Decimal(actual),
        forecast=None,
        elapsed_days=elapsed,
        total_days=366,
    )


def test_rule_for_prefers_the_metric_and_skips_inactive_rules():
    general = rule()
    entries = rule(Metric.ENTRIES, "70", "")
    spending_off = rule(Metric.SPENDING, "90", "", active=False)
    rules = [general, entries, spending_off]
    assert rule_for(rules, Metric.ENTRIES) is entries
    assert rule_for(rules, Metric.SPENDING) is general
    assert rule_for([entries], Metric.SPENDING) is None
    assert rule_for([], Metric.ENTRIES) is None


def test_judge_flags_outside_the_corridor_only():
    corridor = rule()
    assert judge(figures("10", "7.9"), corridor) == Direction.BELOW  # 79.0 %
    assert judge(figures("10", "8"), corridor) is None  # 80.0 % is inside
    assert judge(figures("10", "12"), corridor) is None  # 120.0 % is inside
    assert judge(figures("10", "12.1"), corridor) == Direction.ABOVE  # 121.0 %
    assert judge(figures("10", "1", elapsed=59), corridor) is None  # too early
    assert judge(figures("10", "1", elapsed=60), corridor) == Direction.BELOW
    assert judge(figures("0", "1"), corridor) is None  # nothing planned yet
    assert judge(figures("10", "50"), rule(upper="")) is None  # no upper threshold
    assert judge(figures("10", "1"), None) is None


def test_proposed_attainment():
    assert proposed_attainment(figures("20", "20"), rule()) == Attainment.ATTAINED
    assert proposed_attainment(figures("20", "16"), rule()) == Attainment.PARTLY  # 80 %
    assert proposed_attainment(figures("20", "15.9"), rule()) == Attainment.NOT_ATTAINED
    # the rule's lower threshold decides "partly": 14 of 20 = 70 %
    assert proposed_attainment(figures("20", "14"), rule(lower="70")) == Attainment.PARTLY
    # without a rule 80 % is the line
    assert proposed_attainment(figures("20", "15"), None) == Attainment.NOT_ATTAINED
