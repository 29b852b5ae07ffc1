"""API for applications (Anträge): read for everyone who sees them, workflow steps for the
region's coordination and the grant authority through the same services as the pages.

A provider sees an application only if it runs one of its projects, and then only its own
projects inside; reviews are for programme-wide staff and the region."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema

from zielwerk.core.api_errors import errors
from zielwerk.projects.models import Project

from . import selectors
from .models import Application
from .permissions import can_view_grants
from .services.applications import application_transition
from .workflows import APPLICATION

router = Router(tags=["Zuwendungsverfahren"])


class ApplicationOut(Schema):
    year: int
    region: str
    region_name: str
    status: str
    reference: str
    deadline: dt.date | None
    submitted_at: dt.datetime | None
    is_late: bool
    late_reason: str
    early_start: bool
    early_start_on: dt.date | None

    @staticmethod
    def resolve_year(obj) -> int:
        return obj.programme_year.year

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.region.slug

    @staticmethod
    def resolve_region_name(obj) -> str:
        return obj.region.name


class ProjectSummaryOut(Schema):
    code: str
    name: str
    measure_type: int
    provider: str | None
    cost_total: Decimal
    grant_requested: Decimal
    is_balanced: bool


class ReviewOut(Schema):
    kind: str
    result: str
    notes: str
    reviewer: str | None
    reviewed_at: dt.datetime | None


class ApplicationDetailOut(ApplicationOut):
    """The extra fields are computed for the person asking (see _detail) and kept on the
    instance in `api_extra`."""

    note: str
    applied_total: Decimal
    allocation: Decimal | None
    projects: list[ProjectSummaryOut]
    reviews: list[ReviewOut]
    steps: list[str]

    @staticmethod
    def resolve_note(obj) -> str:
        return obj.api_extra["note"]

    @staticmethod
    def resolve_applied_total(obj) -> Decimal:
        return obj.api_extra["applied_total"]

    @staticmethod
    def resolve_allocation(obj) -> Decimal | None:
        return obj.api_extra["allocation"]

    @staticmethod
    def resolve_projects(obj) -> list[dict]:
        return obj.api_extra["projects"]

    @staticmethod
    def resolve_reviews(obj) -> list[dict]:
        return obj.api_extra["reviews"]

    @staticmethod
    def resolve_steps(obj) -> list[str]:
        return obj.api_extra["steps"]


class TransitionIn(Schema):
    reason: str = ""


def _visible(user):
    return Application.objects.visible_to(user).select_related(
        "programme_year__programme", "region"
    )


def _get(user, year: int, region_slug: str) -> Application:
    application = _visible(user).filter(programme_year__year=year, region__slug=region_slug).first()
    if application is None:
        raise Http404(_("Diesen Antrag gibt es nicht oder er ist nicht sichtbar."))
    return application


def _detail(user, application: Application) -> Application:
    projects = (
        Project.objects.visible_to(user)
        .filter(region_id=application.region_id, programme_year_id=application.programme_year_id)
        .select_related("measure_type", "provider")
        .prefetch_related("cost_items", "funding_items")
        .order_by("measure_type__number", "code")
    )
    sees_all = bool(can_view_grants(user))
    project_rows = [
        {
            "code": p.code,
            "name": p.name,
            "measure_type": p.measure_type.number,
            "provider": p.provider.slug if p.provider_id else None,
            "cost_total": p.cost_total,
            "grant_requested": p.grant_requested,
            "is_balanced": p.is_balanced,
        }
        for p in projects
    ]
    reviews = (
        [
            {
                "kind": r.kind,
                "result": r.result,
                "notes": r.notes,
                "reviewer": r.reviewer.get_username() if r.reviewer_id else None,
                "reviewed_at": r.reviewed_at,
            }
            for r in application.reviews.select_related("reviewer")
        ]
        if sees_all
        else []
    )
    application.api_extra = {  # type: ignore[attr-defined]
        "note": application.note if sees_all else "",
        "applied_total": sum((row["grant_requested"] for row in project_rows), Decimal("0.00")),
        "allocation": selectors.allocation_amount(application) if sees_all else None,
        "projects": project_rows,
        "reviews": reviews,
        "steps": [t.name for t in APPLICATION.available(user, application)],
    }
    return application


@router.get("/applications", response=list[ApplicationOut], summary="Sichtbare Anträge")
def application_list(request, year: int | None = None):
    queryset = _visible(request.user)
    if year is not None:
        queryset = queryset.filter(programme_year__year=year)
    return list(queryset.order_by("-programme_year__year", "region__name"))


@router.get(
    "/applications/{year}/{region_slug}",
    response={200: ApplicationDetailOut, **errors(404)},
    summary="Ein Antrag mit Projekten und Prüfungen",
)
def application_detail(request, year: int, region_slug: str):
    return _detail(request.user, _get(request.user, year, region_slug))


@router.post(
    "/applications/{year}/{region_slug}/transitions/{name}",
    response={200: ApplicationDetailOut, **errors(403, 404, 422)},
    summary="Einen Schritt des Antrags gehen (einreichen, Prüfung beginnen, zurückgeben)",
)
def application_step(request, year: int, region_slug: str, name: str, payload: TransitionIn):
    application = _get(request.user, year, region_slug)
    transition = APPLICATION.get(name)
    if transition is None or transition.automatic:
        raise Http404(_("Diesen Schritt gibt es nicht."))
    application = application_transition(
        actor=request.user, application=application, name=name, reason=payload.reason
    )
    return _detail(request.user, application)
