"""Projects with their cost and financing plans. Reads are filtered by `visible_to`; the plan is
written by the region's coordination through the same service as the page. Amounts are decimal
strings ("612400.00")."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema

from zielwerk.core.api_errors import errors

from . import services
from .models import Project

router = Router(tags=["Projekte"])


def _money(value) -> str:
    return str(value)


class ProjectOut(Schema):
    code: str
    name: str
    short_name: str
    region: str
    year: int
    measure_type: int
    provider: str | None
    planned_places: int | None
    planned_participants: int | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    cost_total: str
    funding_total: str
    grant_requested: str
    difference: str
    balanced: bool

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.region.slug

    @staticmethod
    def resolve_year(obj) -> int:
        return obj.programme_year.year

    @staticmethod
    def resolve_measure_type(obj) -> int:
        return obj.measure_type.number

    @staticmethod
    def resolve_provider(obj) -> str | None:
        return obj.provider.slug if obj.provider_id else None

    @staticmethod
    def resolve_cost_total(obj) -> str:
        return _money(obj.cost_total)

    @staticmethod
    def resolve_funding_total(obj) -> str:
        return _money(obj.funding_total)

    @staticmethod
    def resolve_grant_requested(obj) -> str:
        return _money(obj.grant_requested)

    @staticmethod
    def resolve_difference(obj) -> str:
        return _money(obj.cost_total - obj.funding_total)

    @staticmethod
    def resolve_balanced(obj) -> bool:
        return obj.is_balanced


class CostItemOut(Schema):
    category: str
    label: str
    amount: str

    @staticmethod
    def resolve_label(obj) -> str:
        return str(obj.get_category_display())

    @staticmethod
    def resolve_amount(obj) -> str:
        return _money(obj.amount)


class FundingItemOut(Schema):
    source: str
    label: str
    amount: str

    @staticmethod
    def resolve_label(obj) -> str:
        return str(obj.get_source_display())

    @staticmethod
    def resolve_amount(obj) -> str:
        return _money(obj.amount)


class ProjectDetailOut(ProjectOut):
    description: str
    target_groups: list[str]
    carried_over_from: str | None
    costs: list[CostItemOut]
    funding: list[FundingItemOut]

    @staticmethod
    def resolve_target_groups(obj) -> list[str]:
        return [group.code for group in obj.target_groups.all()]

    @staticmethod
    def resolve_carried_over_from(obj) -> str | None:
        return obj.carried_over_from.code if obj.carried_over_from_id else None

    @staticmethod
    def resolve_costs(obj):
        return list(obj.cost_items.all())

    @staticmethod
    def resolve_funding(obj):
        return list(obj.funding_items.all())


class PlanIn(Schema):
    costs: dict[str, str] = {}
    funding: dict[str, str] = {}


def _projects(user):
    return (
        Project.objects.visible_to(user)
        .select_related("region", "programme_year", "measure_type", "provider", "carried_over_from")
        .prefetch_related("cost_items", "funding_items", "target_groups")
    )


def _project(user, code: str) -> Project:
    project = _projects(user).filter(code=code).first()
    if project is None:
        raise Http404(_("Dieses Projekt gibt es nicht oder es ist nicht sichtbar."))
    return project


@router.get("/projects", response=list[ProjectOut], summary="Sichtbare Projekte")
def project_list(request, year: int | None = None, region: str = ""):
    projects = _projects(request.user)
    if year is not None:
        projects = projects.filter(programme_year__year=year)
    if region:
        projects = projects.filter(region__slug=region)
    return list(projects.order_by("code"))


@router.get(
    "/projects/{code}",
    response={200: ProjectDetailOut, **errors(404)},
    summary="Ein Projekt mit Kosten- und Finanzplan",
)
def project_detail(request, code: str):
    return _project(request.user, code)


@router.put(
    "/projects/{code}/plan",
    response={200: ProjectDetailOut, **errors(403, 404, 422)},
    summary="Kosten- und Finanzierungsplan ersetzen (Koordination der Gebietskörperschaft)",
)
def project_plan_put(request, code: str, payload: PlanIn):
    project = _project(request.user, code)
    services.project_plan_save(
        actor=request.user, project=project, costs=payload.costs, funding=payload.funding
    )
    return _project(request.user, code)
