"""Steering figures as API resources (the pages in views_dashboard show the same): the statewide
rows (the ministry, the grant authority and the administration see every region, a region's
coordinator only its own row), a region's targets with plan, actual and forecast as of a cut-off
day, and its deviations. Providers are refused (403); a region outside the scope answers 404.

Money is a string with two decimals ("2483300.00"), like the grants API; counts are numbers,
percentages strings with one decimal or null."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema

from zielwerk.core.api_errors import errors

from . import selectors
from .dashboard import (
    STATUS_LABELS,
    RegionRow,
    own_region,
    statewide_table,
    target_status,
    unit_of,
)
from .figures import rule_for, target_figures
from .models import Deviation
from .permissions import can_view_statewide, can_view_steering

router = Router(tags=["Zielsteuerung"])


class RegionRowOut(Schema):
    region: str
    name: str
    ags: str
    budget: Decimal
    agreed: Decimal
    approved: Decimal
    paid: Decimal
    participants: int
    targets: int
    on_track: int
    below: int
    above: int
    attainment: Decimal | None
    attainment_band: str
    open_deviations: int


class RegionsOut(Schema):
    year: int
    as_of: dt.date
    regions: list[RegionRowOut]


class TargetOut(Schema):
    key: str
    label: str
    metric: str
    unit: str
    period_from: dt.date
    period_to: dt.date
    plan: Decimal
    plan_to_date: Decimal
    actual: Decimal
    forecast: Decimal | None
    ratio: Decimal | None
    status: str
    status_label: str


class TargetsOut(Schema):
    year: int
    region: str
    as_of: dt.date
    version: int | None
    targets: list[TargetOut]


class DeviationOut(Schema):
    id: int
    target_key: str
    target: str
    direction: str
    status: str
    status_label: str
    detected_on: dt.date
    checked_on: dt.date
    as_of: dt.date
    planned_to_date: Decimal
    actual: Decimal
    ratio_percent: Decimal
    closed_on: dt.date | None


def _row_out(row: RegionRow) -> dict:
    assert row.region is not None
    return {
        "region": row.region.slug,
        "name": row.region.name,
        "ags": row.region.ags,
        "budget": row.budget,
        "agreed": row.agreed,
        "approved": row.approved,
        "paid": row.paid,
        "participants": row.participants,
        "targets": row.targets,
        "on_track": row.on_track,
        "below": row.below,
        "above": row.above,
        "attainment": row.attainment,
        "attainment_band": row.band,
        "open_deviations": row.open_deviations,
    }


def _as_of(stichtag: str, programme_year) -> dt.date:
    return selectors.as_of_from({selectors.AS_OF_PARAM: stichtag}, programme_year).day


@router.get(
    "/steering/{year}/regions",
    response={200: RegionsOut, **errors(403, 404)},
    summary="Landesweite Übersicht der Zielsteuerung je Gebietskörperschaft",
)
def steering_regions(request, year: int, stichtag: str = ""):
    user = request.user
    can_view_steering(user).enforce()
    programme_year = selectors.programme_year_get(year)
    as_of = _as_of(stichtag, programme_year)
    if can_view_statewide(user):
        table = statewide_table(programme_year, as_of)
    else:
        region = own_region(user)
        ids = [region.pk] if region is not None else []
        table = statewide_table(programme_year, as_of, region_ids=ids)
    return {"year": year, "as_of": as_of, "regions": [_row_out(row) for row in table.rows]}


@router.get(
    "/steering/{year}/regions/{region}/targets",
    response={200: TargetsOut, **errors(403, 404)},
    summary="Zielwerte einer Gebietskörperschaft mit Plan, Ist und Prognose",
)
def steering_region_targets(request, year: int, region: str, stichtag: str = ""):
    can_view_steering(request.user).enforce()
    found = selectors.region_get(request.user, region)
    programme_year = selectors.programme_year_get(year)
    as_of = _as_of(stichtag, programme_year)
    version = selectors.binding_version(selectors.agreement_get(found, programme_year))
    rules = selectors.rules_of(programme_year)
    targets = []
    for item in target_figures(selectors.targets_of(version), as_of):
        target = item.target
        status = target_status(item, rule_for(rules, target.metric))
        targets.append(
            {
                "key": target.key,
                "label": target.label,
                "metric": target.metric,
                "unit": unit_of(target.metric),
                "period_from": target.period_from,
                "period_to": target.period_to,
                "plan": item.planned,
                "plan_to_date": item.planned_to_date,
                "actual": item.actual,
                "forecast": item.forecast,
                "ratio": item.ratio_percent,
                "status": status,
                "status_label": str(STATUS_LABELS[status]),
            }
        )
    return {
        "year": year,
        "region": found.slug,
        "as_of": as_of,
        "version": version.number if version is not None else None,
        "targets": targets,
    }


@router.get(
    "/steering/{year}/regions/{region}/deviations",
    response={200: list[DeviationOut], **errors(403, 404)},
    summary="Abweichungen einer Gebietskörperschaft im Programmjahr",
)
def steering_region_deviations(request, year: int, region: str):
    can_view_steering(request.user).enforce()
    found = selectors.region_get(request.user, region)
    programme_year = selectors.programme_year_get(year)
    agreement = selectors.agreement_get(found, programme_year)
    if agreement is None:
        raise Http404(_("Für dieses Jahr gibt es keine Zielvereinbarung."))
    deviations = (
        Deviation.objects.filter(agreement=agreement)
        .select_related("target")
        .order_by("-detected_on", "pk")
    )
    return [
        {
            "id": d.pk,
            "target_key": d.target_key,
            "target": d.target.label,
            "direction": d.direction,
            "status": d.status,
            "status_label": d.get_status_display(),
            "detected_on": d.detected_on,
            "checked_on": d.checked_on,
            "as_of": d.as_of,
            "planned_to_date": d.planned_to_date,
            "actual": d.actual,
            "ratio_percent": d.ratio_percent,
            "closed_on": d.closed_on,
        }
        for d in deviations
    ]
