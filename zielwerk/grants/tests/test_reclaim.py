"""Reclaim: drafting the reclaim decision with interest and recording the repayment. Interest is
5 % p. a., act/365, attributed to the latest payouts first; the expected values are worked out
by hand in each test."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zielwerk.core.models import AuditEntry
from zielwerk.grants.choices import DecisionKind, DecisionStatus, ItemVerdict
from zielwerk.grants.models import Reclaim
from zielwerk.grants.services.proof import (
    proof_create,
    proof_transition,
    proof_update,
    reclaim_create,
    reclaim_recomputed,
    reclaim_record_repayment,
    statement_items_review,
)
from zielwerk.grants.tests import factories

pytestmark = pytest.mark.django_db

FIRST = dt.date(2024, 6, 3)
SECOND = dt.date(2024, 9, 23)
DUE = dt.date(2025, 9, 30)
ON = dt.date(2025, 9, 1)


@pytest.fixture
def reviewing(demo, users):
    application = factories.make_grant_decision().application
    factories.make_payment(application, "1250000.00", FIRST)
    factories.make_payment(application, "1233300.00", SECOND)
    proof = proof_create(actor=users["wiesbaden"], application=application)
    proof = proof_update(
        actor=users["wiesbaden"],
        proof=proof,
        narrative="Bericht",
        actuals={item.pk: item.planned for item in proof.items.all()},
    )
    proof = proof_transition(actor=users["wiesbaden"], proof=proof, name="submit")
    return proof_transition(actor=users["rp-kassel"], proof=proof, name="start_review")


def _review(proof, users, rejected=(), partly=None):
    rows = {}
    for item in proof.items.select_related("project"):
        key = (item.project.short_name, item.category)
        if item.side == "cost" and (item.project.short_name in rejected):
            rows[item.pk] = (ItemVerdict.REJECTED, None, "nicht belegt")
        elif partly and key == partly[0]:
            rows[item.pk] = (ItemVerdict.PARTLY, Decimal(partly[1]), "teilweise")
        else:
            rows[item.pk] = (ItemVerdict.ACCEPTED, None, "")
    statement_items_review(actor=users["rp-kassel"], proof=proof, findings=rows)


def test_reclaim_within_the_latest_payout(reviewing, users):
    _review(reviewing, users, partly=(("FIB", "material"), "80000.00"))
    reclaim = reclaim_create(actor=users["rp-kassel"], proof=reviewing, due_on=DUE, on=ON)
    # 92,400 − 80,000 = 12,400 from the payout of 23.9.2024; 372 days to 30.9.2025;
    # 12,400 × 0.05 × 372 / 365 = 631.89.
    assert reclaim.principal == Decimal("12400.00")
    assert reclaim.interest == Decimal("631.89")
    assert reclaim.decision.kind == DecisionKind.RECLAIM
    assert reclaim.decision.status == DecisionStatus.DRAFT
    assert reclaim.decision.total == Decimal("13031.89")
    assert AuditEntry.objects.filter(action="reclaim.create").exists()


def test_reclaim_over_both_payouts(reviewing, users):
    # FIB, HIB and DIK costs rejected: eligible 0 for each, so 612,400 + 498,700 + 356,200
    # = 1,467,300 are reclaimed: 1,233,300 from 23.9.2024 and 234,000 from 3.6.2024.
    _review(reviewing, users, rejected=("FIB", "HIB", "DIK"))
    reclaim = reclaim_create(actor=users["rp-kassel"], proof=reviewing, due_on=DUE, on=ON)
    assert reclaim.principal == Decimal("1467300.00")
    # 3.6.2024 → 30.9.2025: 365 + 119 = 484 days; 234,000 × 0.05 × 484 / 365 = 15,514.52
    # 23.9.2024 → 30.9.2025: 372 days; 1,233,300 × 0.05 × 372 / 365 = 62,847.62
    assert reclaim.lines == [
        {"paid_on": "2024-06-03", "amount": "234000.00", "days": 484, "interest": "15514.52"},
        {"paid_on": "2024-09-23", "amount": "1233300.00", "days": 372, "interest": "62847.62"},
    ]
    assert reclaim.interest == Decimal("78362.14")
    assert reclaim.decision.total == Decimal("1545662.14")


def test_reclaim_refused_while_lines_are_open(reviewing, users):
    with pytest.raises(ValidationError, match="nicht geprüft"):
        reclaim_create(actor=users["rp-kassel"], proof=reviewing, due_on=DUE, on=ON)
    assert not Reclaim.objects.exists()


def test_reclaim_refused_when_nothing_is_to_be_reclaimed(reviewing, users):
    _review(reviewing, users)
    with pytest.raises(ValidationError, match="nichts zurückzufordern"):
        reclaim_create(actor=users["rp-kassel"], proof=reviewing, due_on=DUE, on=ON)


def test_reclaim_due_date_after_the_drafting_day(reviewing, users):
    _review(reviewing, users, partly=(("FIB", "material"), "80000.00"))
    with pytest.raises(ValidationError):
        reclaim_create(actor=users["rp-kassel"], proof=reviewing, due_on=ON, on=ON)


@pytest.mark.parametrize("username", ["wiesbaden", "ministerium", "frankfurt"])
def test_only_the_authority_reclaims(reviewing, users, username):
    _review(reviewing, users, partly=(("FIB", "material"), "80000.00"))
    with pytest.raises(PermissionDenied):
        reclaim_create(actor=users[username], proof=reviewing, due_on=DUE, on=ON)


def test_only_one_reclaim(reviewing, users):
    _review(reviewing, users, partly=(("FIB", "material"), "80000.00"))
    reclaim_create(actor=users["rp-kassel"], proof=reviewing, due_on=DUE, on=ON)
    with pytest.raises(PermissionDenied, match="bereits"):
        reclaim_create(actor=users["rp-kassel"], proof=reviewing, due_on=DUE, on=ON)


@pytest.fixture
def issued_reclaim(reviewing, users):
    _review(reviewing, users, partly=(("FIB", "material"), "80000.00"))
    reclaim = reclaim_create(actor=users["rp-kassel"], proof=reviewing, due_on=DUE, on=ON)
    decision = reclaim.decision
    decision.status = DecisionStatus.ISSUED
    decision.issued_on = ON
    decision.save()
    return Reclaim.objects.get(pk=reclaim.pk)


def test_repayment_needs_the_issued_decision(reviewing, users):
    _review(reviewing, users, partly=(("FIB", "material"), "80000.00"))
    reclaim = reclaim_create(actor=users["rp-kassel"], proof=reviewing, due_on=DUE, on=ON)
    with pytest.raises(PermissionDenied, match="Erlass"):
        reclaim_record_repayment(
            actor=users["rp-kassel"], reclaim=reclaim, repaid_on=dt.date(2025, 10, 15)
        )


def test_repayment_recomputes_the_interest_until_that_day(issued_reclaim, users):
    reclaim = reclaim_record_repayment(
        actor=users["rp-kassel"], reclaim=issued_reclaim, repaid_on=dt.date(2025, 10, 15)
    )
    # 23.9.2024 → 15.10.2025: 365 + 22 = 387 days; 12,400 × 0.05 × 387 / 365 = 657.37.
    recomputed = reclaim_recomputed(reclaim)
    assert recomputed is not None
    assert recomputed.interest == Decimal("657.37")
    assert recomputed.total == Decimal("13057.37")
    # The decision's computation stays as issued.
    reclaim.refresh_from_db()
    assert reclaim.repaid_on == dt.date(2025, 10, 15)
    assert reclaim.interest == Decimal("631.89")
    assert reclaim.lines[0]["days"] == 372
    entry = AuditEntry.objects.get(action="reclaim.repaid")
    assert entry.changes["interest_recomputed"] == ["631.89", "657.37"]
    assert entry.changes["lines_recomputed"][1][0]["days"] == 387


def test_earlier_repayment_means_less_interest(issued_reclaim, users):
    reclaim = reclaim_record_repayment(
        actor=users["rp-kassel"], reclaim=issued_reclaim, repaid_on=dt.date(2025, 9, 15)
    )
    # 357 days: 12,400 × 0.05 × 357 / 365 = 606.41
    assert reclaim_recomputed(reclaim).interest == Decimal("606.41")


def test_repayment_recorded_once_and_by_the_authority(issued_reclaim, users):
    for username in ("wiesbaden", "ministerium"):
        with pytest.raises(PermissionDenied):
            reclaim_record_repayment(
                actor=users[username], reclaim=issued_reclaim, repaid_on=dt.date(2025, 10, 1)
            )
    reclaim_record_repayment(
        actor=users["rp-kassel"], reclaim=issued_reclaim, repaid_on=dt.date(2025, 10, 1)
    )
    with pytest.raises(PermissionDenied, match="bereits"):
        reclaim_record_repayment(
            actor=users["rp-kassel"], reclaim=issued_reclaim, repaid_on=dt.date(2025, 10, 2)
        )


def test_repayment_not_before_the_payout(issued_reclaim, users):
    with pytest.raises(ValidationError):
        reclaim_record_repayment(
            actor=users["rp-kassel"], reclaim=issued_reclaim, repaid_on=dt.date(2024, 9, 1)
        )
