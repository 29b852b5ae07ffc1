from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema

from zielwerk.core.api_errors import errors
from zielwerk.organisations.api import RegionOut

from . import selectors

router = Router(tags=["Programmjahre"])


class ProgrammeYearOut(Schema):
    programme: str
    year: int
    status: str
    budget_total: Decimal | None
    talks_until: dt.date | None
    application_deadline: dt.date | None
    earliest_start: dt.date | None
    region_count: int

    @staticmethod
    def resolve_programme(obj) -> str:
        return obj.programme.code


@router.get("/programme-years", response=list[ProgrammeYearOut], summary="Alle Programmjahre")
def programme_year_list(request):
    return list(selectors.programme_year_list(request.user))


@router.get(
    "/programme-years/{programme}/{year}/regions",
    response={200: list[RegionOut], **errors(404)},
    summary="Gebietskörperschaften, die das Budget des Jahres erhalten",
)
def programme_year_regions(request, programme: str, year: int):
    if selectors.programme_year_get(request.user, programme_code=programme, year=year) is None:
        raise Http404(_("Dieses Programmjahr gibt es nicht."))
    return list(
        selectors.regions_receiving(programme_code=programme, year=year).select_related("district")
    )
