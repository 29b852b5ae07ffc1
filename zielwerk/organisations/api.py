from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate

from . import selectors

router = Router(tags=["Organisationen"])


class OrganisationOut(Schema):
    slug: str
    name: str
    short_name: str
    kind: str
    unit: str
    parent: str | None = None

    @staticmethod
    def resolve_parent(obj) -> str | None:
        return obj.parent.slug if obj.parent_id else None


class RegionOut(Schema):
    slug: str
    name: str
    official_name: str
    ags: str
    code: str
    kind: str
    district: str
    valid_from: dt.date | None
    valid_to: dt.date | None

    @staticmethod
    def resolve_district(obj) -> str:
        return obj.district.name


@router.get("/organisations", response=list[OrganisationOut], summary="Sichtbare Organisationen")
@paginate
def organisation_list(request, kind: str = "", q: str = ""):
    return selectors.organisation_list_for_user(request.user, kind=kind, query=q)


@router.get("/organisations/{slug}", response=OrganisationOut, summary="Eine Organisation")
def organisation_detail(request, slug: str):
    organisation = selectors.organisation_get(request.user, slug)
    if organisation is None:
        raise Http404(_("Nicht gefunden"))
    return organisation


@router.get("/regions", response=list[RegionOut], summary="Gebietskörperschaften an einem Stichtag")
def region_list(request, on: dt.date | None = None):
    return list(selectors.region_list(request.user, on=on or timezone.localdate()))
