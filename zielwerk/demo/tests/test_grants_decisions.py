"""Demo stage D, started from the state the factories produce (application in review, both
reviews positive)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zielwerk.demo import grants_decisions
from zielwerk.grants.choices import ApplicationStatus, DecisionKind, DecisionStatus, ProofStatus
from zielwerk.grants.models import Decision, ProofOfUse, Reclaim
from zielwerk.grants.services.decisions import decision_draft
from zielwerk.grants.tests.factories import make_application, make_payment

pytestmark = pytest.mark.django_db


def test_seed_issues_the_grant_decision_once(demo):
    application = make_application(ApplicationStatus.IN_REVIEW, reviewed=True)
    report: list[str] = []
    grants_decisions.seed(report)
    decision = Decision.objects.get(application=application, kind=DecisionKind.GRANT)
    assert decision.status == DecisionStatus.ISSUED
    assert decision.issued_on == dt.date(2024, 5, 15)
    # the timestamp is on the replayed day too (noon), not on the day the demo is loaded
    assert decision.issued_at == dt.datetime(
        2024, 5, 15, 10, 0, tzinfo=dt.UTC
    )  # noon in Wiesbaden (summer time, UTC+2)
    assert decision.proof_due_on == dt.date(2025, 6, 30)
    assert decision.issued_by.username == "rp-kassel"
    # 2.508.300,00 applied, CBG 489.000,00 → 464.000,00
    assert decision.total == Decimal("2483300.00")
    cbg = decision.items.get(project__short_name="CBG")
    assert cbg.approved == Decimal("464000.00")
    assert "Ausstattung" in cbg.reason
    assert all(
        item.approved == item.applied for item in decision.items.exclude(project__short_name="CBG")
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECIDED
    assert len(report) == 1 and "2.483.300,00 Euro" in report[0]

    grants_decisions.seed(report)  # idempotent
    assert Decision.objects.filter(application=application).count() == 1
    assert len(report) == 1


def test_seed_reclaim_issues_the_drafted_reclaim(demo, users):
    application = make_application(ApplicationStatus.IN_REVIEW, reviewed=True)
    grants_decisions.seed([])
    report: list[str] = []
    grants_decisions.seed_reclaim(report)  # nothing drafted yet
    assert report == []
    make_payment(application, "1250000.00", dt.date(2024, 6, 3))
    make_payment(application, "1233300.00", dt.date(2024, 9, 23))
    proof = ProofOfUse.objects.create(application=application, status=ProofStatus.IN_REVIEW)
    draft = decision_draft(
        actor=users["rp-kassel"], application=application, kind=DecisionKind.RECLAIM
    )
    # 12.400 × 5 % × 372 / 365 = 631,89 (23.09.2024 → 30.09.2025)
    Reclaim.objects.create(
        decision=draft,
        principal=Decimal("12400.00"),
        interest_percent=Decimal("5.00"),
        interest_until=dt.date(2025, 9, 30),
        interest=Decimal("631.89"),
        lines=[{"paid_on": "2024-09-23", "amount": "12400.00", "days": 372, "interest": "631.89"}],
    )
    grants_decisions.seed_reclaim(report)
    draft.refresh_from_db()
    assert draft.status == DecisionStatus.ISSUED
    assert draft.issued_on == dt.date(2025, 9, 1)
    assert draft.total == Decimal("13031.89")
    proof.refresh_from_db()
    assert proof.status == ProofStatus.RECLAIM
    assert len(report) == 1
    grants_decisions.seed_reclaim(report)
    assert len(report) == 1
