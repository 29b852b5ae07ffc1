"""Demo stage V: the proof of use of Wiesbaden 2024 and the reclaim.

Wiesbaden's coordination creates the proof on 30 May 2025 with every actual amount as planned
and submits it; RP Kassel reviews it: everything is accepted except the material costs of FIB,
of which 12,400.00 € concern purchases for the following year, and drafts the reclaim decision
on 1 September 2025, due on 30 September 2025. Part D's stage issues that decision.
Invented like the plans (zielwerk/demo/grants_data.py). Idempotent: each step runs only if the
procedure has not passed it yet.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from zielwerk.accounts.models import User
from zielwerk.core.formats import format_euro
from zielwerk.grants.choices import ItemVerdict, ProofStatus, StatementSide
from zielwerk.grants.models import Application, ProofOfUse, Reclaim
from zielwerk.grants.services.proof import (
    proof_create,
    proof_transition,
    proof_update,
    reclaim_create,
    statement_items_review,
)

CREATED_ON = dt.date(2025, 5, 30)
REVIEW_ON = dt.date(2025, 6, 16)
RECLAIM_ON = dt.date(2025, 9, 1)
DUE_ON = dt.date(2025, 9, 30)
PARTLY = ("FIB", StatementSide.COST, "material")
PARTLY_RECOGNISED = Decimal("80000.00")
PARTLY_REASON = "Rechnungen über 12.400,00 € betreffen Anschaffungen für das Folgejahr."


def _application() -> Application | None:
    return Application.objects.filter(
        region__slug="wiesbaden", programme_year__programme__code="aqb", programme_year__year=2024
    ).first()


def _region_steps(proof: ProofOfUse | None, application: Application, report: list[str]):
    region_user = User.objects.get(username="wiesbaden")
    if proof is None:
        proof = proof_create(actor=region_user, application=application, on=CREATED_ON)
        report.append("Verwendungsnachweis Wiesbaden 2024 angelegt (30.05.2025)")
    if proof.status == ProofStatus.DRAFT:
        actuals = {item.pk: item.planned for item in proof.items.all()}
        proof = proof_update(
            actor=region_user, proof=proof, narrative=proof.narrative, actuals=actuals
        )
        proof = proof_transition(actor=region_user, proof=proof, name="submit", on=CREATED_ON)
        report.append("Verwendungsnachweis Wiesbaden 2024 eingereicht (Ist = Plan)")
    return proof


def _review(proof: ProofOfUse, authority: User, report: list[str]) -> None:
    findings: dict[int, tuple[str, Decimal | None, str]] = {}
    for item in proof.items.select_related("project"):
        if item.verdict != ItemVerdict.OPEN:
            continue
        if (item.project.short_name, item.side, item.category) == PARTLY:
            findings[item.pk] = (ItemVerdict.PARTLY, PARTLY_RECOGNISED, PARTLY_REASON)
        else:
            findings[item.pk] = (ItemVerdict.ACCEPTED, None, "")
    if findings:
        statement_items_review(actor=authority, proof=proof, findings=findings)
        report.append(
            "Verwendungsnachweis geprüft: alles anerkannt außer Sachausgaben FIB "
            "(80.000,00 € von 92.400,00 €)"
        )


def seed(report: list[str]) -> None:
    application = _application()
    if application is None:
        return
    proof = ProofOfUse.objects.filter(application=application).first()
    if proof is not None and proof.status in (ProofStatus.CLOSED, ProofStatus.RECLAIM):
        return
    proof = _region_steps(proof, application, report)
    authority = User.objects.get(username="rp-kassel")
    if proof.status == ProofStatus.SUBMITTED:
        proof = proof_transition(actor=authority, proof=proof, name="start_review", on=REVIEW_ON)
        report.append("Prüfung des Verwendungsnachweises begonnen")
    if proof.status != ProofStatus.IN_REVIEW:
        return
    _review(proof, authority, report)
    if Reclaim.objects.filter(decision__application=application).exists():
        return
    reclaim = reclaim_create(actor=authority, proof=proof, due_on=DUE_ON, on=RECLAIM_ON)
    principal = format_euro(reclaim.principal, cents="always")
    interest = format_euro(reclaim.interest, cents="always")
    report.append(f"Rückforderungsbescheid entworfen: {principal} zzgl. {interest} Zinsen")
