"""Reads that every steering page shares: the region and year in the person's scope, the cut-off
day (Stichtag) of the figures, and the agreement version whose targets count."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from zielwerk.agreements.choices import AgreementStatus
from zielwerk.agreements.models import Agreement, AgreementVersion
from zielwerk.core.formats import format_date, parse_german_date
from zielwerk.organisations.models import Region
from zielwerk.programmes.models import ProgrammeYear

from .figures import targets_with_context
from .models import DeviationRule, Target
from .permissions import region_visible

BINDING_STATUSES = (AgreementStatus.SIGNED, AgreementStatus.PUBLISHED)
AS_OF_PARAM = "stichtag"


def programme_year_get(year: int) -> ProgrammeYear:
    programme_year = (
        ProgrammeYear.objects.select_related("programme").filter(year=year).order_by("pk").first()
    )
    if programme_year is None:
        raise Http404(_("Dieses Programmjahr gibt es nicht."))
    return programme_year


def region_get(user, slug: str) -> Region:
    """The region, if the person may see its steering; else 404 (like a region that does not
    exist)."""
    region = Region.objects.filter(slug=slug).select_related("administration").first()
    if region is None or not region_visible(user, region):
        raise Http404(_("Diese Gebietskörperschaft gibt es nicht oder sie ist nicht sichtbar."))
    return region


def agreement_get(region: Region, programme_year: ProgrammeYear) -> Agreement | None:
    return (
        Agreement.objects.filter(region=region, programme_year=programme_year)
        .select_related("region", "programme_year")
        .first()
    )


def binding_version(agreement: Agreement | None) -> AgreementVersion | None:
    """The version in force: the newest signed or published one (an amendment in force replaces
    the original). None while nothing is signed."""
    if agreement is None:
        return None
    return (
        agreement.versions.filter(status__in=BINDING_STATUSES)
        .select_related("agreement__region", "agreement__programme_year")
        .order_by("-number")
        .first()
    )


def current_version(agreement: Agreement | None) -> AgreementVersion | None:
    """The newest version, whatever its status (the one targets are edited in)."""
    if agreement is None:
        return None
    return (
        agreement.versions.select_related("agreement__region", "agreement__programme_year")
        .order_by("-number")
        .first()
    )


def targets_of(version: AgreementVersion | None) -> list[Target]:
    if version is None:
        return []
    return targets_with_context(Target.objects.filter(version=version).order_by("position", "pk"))


def rules_of(programme_year: ProgrammeYear) -> list[DeviationRule]:
    return list(DeviationRule.objects.filter(programme_id=programme_year.programme_id))


def default_as_of(programme_year: ProgrammeYear, today: dt.date | None = None) -> dt.date:
    """Today within the year; the last day of a past year; the first day of a future one."""
    today = today or timezone.localdate()
    first, last = dt.date(programme_year.year, 1, 1), dt.date(programme_year.year, 12, 31)
    return min(max(today, first), last)


@dataclass(frozen=True)
class AsOf:
    day: dt.date
    error: str = ""  # a German message when the requested day was not usable


def as_of_from(params, programme_year: ProgrammeYear) -> AsOf:
    """The cut-off day from ?stichtag= (31.03.2024 or 2024-03-31), kept inside the year. An
    unreadable or outside value falls back to the default and says so – never an error page."""
    default = default_as_of(programme_year)
    text = (params.get(AS_OF_PARAM) or "").strip()
    if not text:
        return AsOf(default)
    try:
        day = dt.date.fromisoformat(text) if "-" in text else parse_german_date(text)
    except (ValueError, TypeError):
        return AsOf(
            default,
            _("„%(value)s“ ist kein Datum (TT.MM.JJJJ); gezeigt wird der Stand vom %(day)s.")
            % {"value": text[:40], "day": format_date(default)},
        )
    if day.year != programme_year.year:
        return AsOf(
            default,
            _(
                "Der Stichtag %(value)s liegt nicht im Programmjahr %(year)s; gezeigt wird der "
                "Stand vom %(day)s."
            )
            % {"value": format_date(day), "year": programme_year.year, "day": format_date(default)},
        )
    return AsOf(day)
