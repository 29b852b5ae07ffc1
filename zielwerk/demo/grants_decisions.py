"""Demo stage D: RP Kassel decides on Wiesbaden's 2024 application and, after the proof of use,
issues the reclaim decision.

`seed`: the grant decision of 15 May 2024 with CBG approved only in part (WIESBADEN_2024_PARTIAL,
464.000,00 € with its reason) and the proof of use due on 30 June 2025.
`seed_reclaim`: the reclaim decision drafted in stage V is issued on 1 September 2025.
Both use only the decision services, acting as the demo user "rp-kassel", and are idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from zielwerk.accounts.models import User
from zielwerk.core.formats import format_euro
from zielwerk.grants.choices import ApplicationStatus, DecisionKind, DecisionStatus
from zielwerk.grants.models import Application, Decision
from zielwerk.grants.services.decisions import decision_draft, decision_issue, decision_update

from .grants_data import WIESBADEN_2024_PARTIAL

GRANT_ISSUED_ON = dt.date(2024, 5, 15)
PROOF_DUE_ON = dt.date(2025, 6, 30)
RECLAIM_ISSUED_ON = dt.date(2025, 9, 1)


def _application() -> Application | None:
    return Application.objects.filter(
        region__slug="wiesbaden", programme_year__programme__code="aqb", programme_year__year=2024
    ).first()


def seed(report: list[str]) -> None:
    application = _application()
    if application is None:
        return
    grant = Decision.objects.filter(application=application, kind=DecisionKind.GRANT).first()
    if grant is not None and grant.is_issued:
        return
    authority = User.objects.get(username="rp-kassel")
    if grant is None:
        if application.status != ApplicationStatus.IN_REVIEW:
            return
        grant = decision_draft(
            actor=authority, application=application, kind=DecisionKind.GRANT, on=GRANT_ISSUED_ON
        )
    items = {}
    for item in grant.items.select_related("project"):
        partial = WIESBADEN_2024_PARTIAL.get(item.project.short_name)
        if partial is not None:
            items[item.project_id] = (Decimal(partial[0]), partial[1])
    grant = decision_update(
        actor=authority,
        decision=grant,
        items=items,
        proof_due_on=PROOF_DUE_ON,
        issued_on=GRANT_ISSUED_ON,
    )
    grant = decision_issue(actor=authority, decision=grant, on=GRANT_ISSUED_ON)
    report.append(
        f"Zuwendungsbescheid Wiesbaden 2024 vom 15.05.2024 über "
        f"{format_euro(grant.total, cents='always')} erlassen (CBG teilweise bewilligt)"
    )


def seed_reclaim(report: list[str]) -> None:
    application = _application()
    if application is None:
        return
    draft = Decision.objects.filter(
        application=application, kind=DecisionKind.RECLAIM, status=DecisionStatus.DRAFT
    ).first()
    if draft is None or getattr(draft, "reclaim", None) is None:
        return
    authority = User.objects.get(username="rp-kassel")
    decision = decision_issue(actor=authority, decision=draft, on=RECLAIM_ISSUED_ON)
    report.append(
        f"Rückforderungsbescheid Wiesbaden 2024 vom 01.09.2025 über "
        f"{format_euro(decision.total, cents='always')} erlassen"
    )
