from __future__ import annotations

from django.db.models import Count, QuerySet

from zielwerk.organisations.models import Region

from .models import Participation, ProgrammeYear


def programme_year_list(user) -> QuerySet[ProgrammeYear]:
    """Programme years are public frame data for everyone signed in."""
    if not user.is_authenticated:
        return ProgrammeYear.objects.none()
    return (
        ProgrammeYear.objects.select_related("programme")
        .annotate(region_count=Count("participations"))
        .order_by("programme__code", "-year")
    )


def programme_year_get(user, *, programme_code: str, year: int) -> ProgrammeYear | None:
    return programme_year_list(user).filter(programme__code=programme_code, year=year).first()


def participations_for_year(programme_year: ProgrammeYear) -> QuerySet[Participation]:
    return programme_year.participations.select_related(
        "region__district", "region__administration"
    ).order_by("region__district__key", "region__kind", "region__name")


def participating_regions(programme_year: ProgrammeYear) -> list[Region]:
    """The regions taking part in a programme year, by AGS key (regions without one last)."""
    regions = [p.region for p in programme_year.participations.select_related("region")]
    return sorted(regions, key=lambda region: (region.ags or "99999", region.name))


def regions_receiving(*, programme_code: str, year: int) -> QuerySet[Region]:
    """Which regions receive the programme's budget in a year: answered from data."""
    return Region.objects.filter(
        participations__programme_year__programme__code=programme_code,
        participations__programme_year__year=year,
    ).order_by("name")
