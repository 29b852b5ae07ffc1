"""Proofs of use (Verwendungsnachweise) in the API: read-only, with the statement lines and the
computed figures. Visible as on the pages (ProofOfUse.visible_to): programme-wide staff all, a
region's coordination its own; providers none."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema

from zielwerk.core.api_errors import errors

from .models import ProofOfUse, Reclaim
from .services.proof import ProofFigures, proof_deadline, proof_figures, sorted_items

router = Router(tags=["Zuwendungsverfahren"])


class StatementItemOut(Schema):
    id: int
    project: str
    side: str
    category: str
    planned: Decimal
    actual: Decimal
    verdict: str
    recognised: Decimal | None
    reason: str

    @staticmethod
    def resolve_project(obj) -> str:
        return obj.project.code


class ProjectFiguresOut(Schema):
    project: str
    planned_costs: Decimal
    actual_costs: Decimal
    recognised_costs: Decimal
    income: Decimal
    approved: Decimal
    eligible: Decimal

    @staticmethod
    def resolve_project(obj) -> str:
        return obj.project.code


class FiguresOut(Schema):
    projects: list[ProjectFiguresOut]
    planned_costs: Decimal
    actual_costs: Decimal
    recognised_costs: Decimal
    income: Decimal
    approved: Decimal
    eligible: Decimal
    paid: Decimal
    reclaim: Decimal
    open_items: int
    provisional: bool


class ReclaimOut(Schema):
    id: int
    decision: int
    decision_status: str
    principal: Decimal
    interest_percent: Decimal
    interest_until: dt.date
    interest: Decimal
    total: Decimal
    repaid_on: dt.date | None

    @staticmethod
    def resolve_decision(obj) -> int:
        return obj.decision_id

    @staticmethod
    def resolve_decision_status(obj) -> str:
        return obj.decision.status


class ProofOut(Schema):
    year: int
    region: str
    status: str
    deadline: dt.date | None
    submitted_at: dt.datetime | None
    concluded_at: dt.datetime | None


class ProofDetailOut(ProofOut):
    narrative: str
    items: list[StatementItemOut]
    figures: FiguresOut
    reclaim: ReclaimOut | None


def _summary(proof: ProofOfUse) -> dict:
    application = proof.application
    return {
        "year": application.programme_year.year,
        "region": application.region.slug,
        "status": proof.status,
        "deadline": proof_deadline(application),
        "submitted_at": proof.submitted_at,
        "concluded_at": proof.concluded_at,
    }


def _figures(figures: ProofFigures) -> dict:
    return {
        "projects": figures.projects,
        "planned_costs": figures.planned_costs,
        "actual_costs": figures.actual_costs,
        "recognised_costs": figures.recognised_costs,
        "income": figures.income,
        "approved": figures.approved,
        "eligible": figures.eligible,
        "paid": figures.paid,
        "reclaim": figures.reclaim,
        "open_items": figures.open_items,
        "provisional": figures.provisional,
    }


def _visible(request):
    return ProofOfUse.objects.visible_to(request.user).select_related(
        "application__region", "application__programme_year"
    )


@router.get("/proofs", response=list[ProofOut], summary="Verwendungsnachweise")
def proof_list(request, year: int | None = None, region: str = ""):
    proofs = _visible(request).order_by(
        "-application__programme_year__year", "application__region__name"
    )
    if year is not None:
        proofs = proofs.filter(application__programme_year__year=year)
    if region:
        proofs = proofs.filter(application__region__slug=region)
    return [_summary(proof) for proof in proofs]


@router.get(
    "/proofs/{year}/{region_slug}",
    response={200: ProofDetailOut, **errors(404)},
    summary="Ein Verwendungsnachweis mit Positionen und Berechnung",
)
def proof_detail(request, year: int, region_slug: str):
    proof = (
        _visible(request)
        .filter(application__programme_year__year=year, application__region__slug=region_slug)
        .first()
    )
    if proof is None:
        raise Http404(_("Diesen Verwendungsnachweis gibt es nicht oder er ist nicht sichtbar."))
    reclaim = (
        Reclaim.objects.filter(decision__application=proof.application)
        .select_related("decision")
        .first()
    )
    return {
        **_summary(proof),
        "narrative": proof.narrative,
        "items": sorted_items(proof),
        "figures": _figures(proof_figures(proof)),
        "reclaim": reclaim,
    }
