"""Demo stage V from the state the payments stage leaves: grant decision issued (CBG partly
approved), two tranches paid. Expected figures are worked out by hand below."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zielwerk.demo import grants_proof
from zielwerk.grants.choices import DecisionKind, DecisionStatus, ItemVerdict, ProofStatus
from zielwerk.grants.models import ProofOfUse, Reclaim
from zielwerk.grants.services.proof import proof_figures
from zielwerk.grants.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(demo):
    decision = factories.make_grant_decision()
    application = decision.application
    factories.make_payment(application, "1250000.00", dt.date(2024, 6, 3))
    factories.make_payment(application, "1233300.00", dt.date(2024, 9, 23))
    return application


def test_demo_stage_reviews_the_proof_and_drafts_the_reclaim(paid):
    report: list[str] = []
    grants_proof.seed(report)

    proof = ProofOfUse.objects.get(application=paid)
    assert proof.status == ProofStatus.IN_REVIEW
    assert proof.submitted_at is not None and proof.submitted_at.date() == dt.date(2025, 5, 30)
    assert not proof.items.filter(verdict=ItemVerdict.OPEN).exists()
    partly = proof.items.get(verdict=ItemVerdict.PARTLY)
    assert (partly.project.short_name, partly.category) == ("FIB", "material")
    assert partly.actual == Decimal("92400.00")
    assert partly.recognised == Decimal("80000.00")

    figures = proof_figures(proof)
    by_code = {row.project.short_name: row for row in figures.projects}
    # FIB: costs 520,000 + 60,000 + 80,000 recognised = 660,000; own funds 60,000;
    # shortfall 600,000 < approved 612,400.
    assert by_code["FIB"].recognised_costs == Decimal("660000.00")
    assert by_code["FIB"].eligible == Decimal("600000.00")
    # CBG: costs 544,000 − SGB II 55,000 = 489,000, but only 464,000 approved.
    assert by_code["CBG"].eligible == Decimal("464000.00")
    # Approved 612,400 + 498,700 + 356,200 + 402,000 + 464,000 + 150,000 = 2,483,300
    # = paid 1,250,000 + 1,233,300; eligible 12,400 less.
    assert figures.approved == Decimal("2483300.00")
    assert figures.paid == Decimal("2483300.00")
    assert figures.eligible == Decimal("2470900.00")
    assert figures.reclaim == Decimal("12400.00")

    reclaim = Reclaim.objects.get(decision__application=paid)
    # 12,400 € is attributed to the latest payout (23 Sept 2024); 23.9.2024 → 30.9.2025 is
    # 365 + 7 = 372 days; 12,400 × 5 % × 372 / 365 = 631.8904… → 631.89 €.
    assert reclaim.principal == Decimal("12400.00")
    assert reclaim.interest_percent == Decimal("5.00")
    assert reclaim.interest_until == dt.date(2025, 9, 30)
    assert reclaim.lines == [
        {"paid_on": "2024-09-23", "amount": "12400.00", "days": 372, "interest": "631.89"}
    ]
    assert reclaim.interest == Decimal("631.89")
    decision = reclaim.decision
    assert decision.kind == DecisionKind.RECLAIM
    assert decision.status == DecisionStatus.DRAFT
    assert decision.total == Decimal("13031.89")
    assert len(report) == 5


def test_demo_stage_is_idempotent(paid):
    grants_proof.seed([])
    report: list[str] = []
    grants_proof.seed(report)
    assert report == []
    assert Reclaim.objects.filter(decision__application=paid).count() == 1
