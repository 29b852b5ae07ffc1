from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from zielwerk.core.api_errors import errors

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


class BoundedPagination(LimitOffsetPagination):
    """limit/offset with upper bounds: an unbounded integer reached the database as LIMIT/OFFSET
    and overflowed it (500, found by tests/security/test_api_schema.py)."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=1000, description="höchstens 1000")
        offset: int = Field(0, ge=0, le=2**31 - 1)


@router.get("/organisations", response=list[OrganisationOut], summary="Sichtbare Organisationen")
@paginate(BoundedPagination)
def organisation_list(request, kind: str = "", q: str = ""):
    return selectors.organisation_list_for_user(request.user, kind=kind, query=q)


@router.get(
    "/organisations/{slug}",
    response={200: OrganisationOut, **errors(404)},
    summary="Eine Organisation",
)
def organisation_detail(request, slug: str):
    organisation = selectors.organisation_get(request.user, slug)
    if organisation is None:
        raise Http404(_("Nicht gefunden"))
    return organisation


@router.get("/regions", response=list[RegionOut], summary="Gebietskörperschaften an einem Stichtag")
def region_list(request, on: dt.date | None = None):
    return list(selectors.region_list(request.user, on=on or timezone.localdate()))
