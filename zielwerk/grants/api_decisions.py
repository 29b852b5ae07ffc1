"""API of decisions (Bescheide): read-only. Programme-wide staff see every decision, a region's
people their region's; providers none (403 on the list, 404 on a single decision)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema

from zielwerk.core.api_errors import errors

from . import permissions
from .models import Decision
from .services.decisions import decision_amount

router = Router(tags=["Zuwendungsverfahren"])


class DecisionItemOut(Schema):
    project: str
    project_name: str
    applied: Decimal
    approved: Decimal
    reason: str

    @staticmethod
    def resolve_project(obj) -> str:
        return obj.project.code

    @staticmethod
    def resolve_project_name(obj) -> str:
        return obj.project.name


class DecisionOut(Schema):
    id: int
    year: int
    region: str
    kind: str
    number: int
    status: str
    reference: str
    total: Decimal
    issued_on: dt.date | None
    proof_due_on: dt.date | None
    previous: int | None

    @staticmethod
    def resolve_year(obj) -> int:
        return obj.application.programme_year.year

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.application.region.slug

    @staticmethod
    def resolve_total(obj) -> Decimal:
        return decision_amount(obj)

    @staticmethod
    def resolve_previous(obj) -> int | None:
        return obj.previous_id


class DecisionDetailOut(DecisionOut):
    title: str
    items: list[DecisionItemOut]

    @staticmethod
    def resolve_items(obj):
        return list(obj.items.select_related("project").order_by("project__code"))


def _decisions_for(user):
    return Decision.objects.visible_to(user).select_related(
        "application__region", "application__programme_year"
    )


@router.get("/decisions", response={200: list[DecisionOut], **errors(403)}, summary="Bescheide")
def decision_list(request, year: int | None = None, region: str = ""):
    permissions.can_view_grants(request.user).enforce()
    decisions = _decisions_for(request.user)
    if year is not None:
        decisions = decisions.filter(application__programme_year__year=year)
    if region:
        decisions = decisions.filter(application__region__slug=region)
    return list(
        decisions.order_by(
            "application__programme_year__year", "application__region__name", "number"
        )
    )


@router.get(
    "/decisions/{pk}",
    response={200: DecisionDetailOut, **errors(404)},
    summary="Ein Bescheid mit Positionen",
)
def decision_get(request, pk: int):
    decision = _decisions_for(request.user).filter(pk=pk).first()
    if decision is None:
        raise Http404(_("Diesen Bescheid gibt es nicht."))
    return decision
