"""Proof of use: creation from the plans, editing, the workflow, the item review rules and the
figures. Expected amounts are worked out by hand from zielwerk/demo/grants_data.py:

project  costs (staff/fees/material)        income (non-AQB)        approved
FIB      520,000 / 60,000 / 92,400 = 672,400  own 60,000              612,400
HIB      430,000 / 50,000 / 93,700 = 573,700  own 45,000, SGB II 30,000 498,700
DIK      300,000 / 26,200 / 50,000 = 376,200  own 20,000              356,200
STM      250,000 / 150,000 / 40,000 = 440,000 own 38,000              402,000
CBG      450,000 / 20,000 / 74,000 = 544,000  SGB II 55,000           464,000 (applied 489,000)
AAB      – / 120,000 / 30,000 = 150,000       –                       150,000
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zielwerk.core.models import AuditEntry
from zielwerk.grants.choices import ApplicationStatus, ItemVerdict, ProofStatus, StatementSide
from zielwerk.grants.models import ProofOfUse, StatementItem
from zielwerk.grants.services.proof import (
    proof_create,
    proof_figures,
    proof_redraft_narrative,
    proof_transition,
    proof_update,
    statement_item_review,
    statement_items_review,
)
from zielwerk.grants.tests import factories

pytestmark = pytest.mark.django_db

TOTAL_APPROVED = Decimal("2483300.00")


@pytest.fixture
def application(demo):
    return factories.make_grant_decision().application


@pytest.fixture
def proof(application, users):
    return proof_create(actor=users["wiesbaden"], application=application)


def _item(proof, short_name, side, category) -> StatementItem:
    return proof.items.get(project__short_name=short_name, side=side, category=category)


def _fill_as_planned(proof, users, **overrides):
    actuals = {item.pk: item.planned for item in proof.items.all()}
    for (short_name, side, category), amount in overrides.items():
        actuals[_item(proof, short_name, side, category).pk] = Decimal(amount)
    return proof_update(actor=users["wiesbaden"], proof=proof, narrative="Bericht", actuals=actuals)


def _in_review(proof, users, **overrides):
    proof = _fill_as_planned(proof, users, **overrides)
    proof = proof_transition(actor=users["wiesbaden"], proof=proof, name="submit")
    return proof_transition(actor=users["rp-kassel"], proof=proof, name="start_review")


# --- creation ---------------------------------------------------------------------------------


def test_create_takes_lines_from_the_plans_with_actual_zero(proof):
    items = list(proof.items.select_related("project"))
    # 17 cost lines (3 per project, AAB 2) and 6 income lines (AQB is not income).
    assert sum(1 for i in items if i.side == StatementSide.COST) == 17
    income = {(i.project.short_name, i.category) for i in items if i.side == StatementSide.INCOME}
    assert income == {
        ("FIB", "own"),
        ("HIB", "own"),
        ("HIB", "sgb2"),
        ("DIK", "own"),
        ("STM", "own"),
        ("CBG", "sgb2"),
    }
    assert all(i.actual == Decimal("0.00") for i in items)
    assert _item(proof, "FIB", "cost", "material").planned == Decimal("92400.00")
    assert _item(proof, "CBG", "income", "sgb2").planned == Decimal("55000.00")
    assert proof.status == ProofStatus.DRAFT
    assert "Monitoringdaten liegen noch nicht vor; bitte ergänzen." in proof.narrative
    assert proof.narrative_drafted_at is not None
    assert AuditEntry.objects.filter(action="proof.create", object_id=str(proof.pk)).exists()


def test_nothing_is_proven_by_accident(proof):
    figures = proof_figures(proof)
    assert figures.actual_costs == Decimal("0.00")
    assert figures.eligible == Decimal("0.00")


@pytest.mark.parametrize("username", ["rp-kassel", "ministerium", "frankfurt", "traeger-wiesbaden"])
def test_only_the_regions_coordination_creates(application, users, username):
    with pytest.raises(PermissionDenied):
        proof_create(actor=users[username], application=application)
    assert not ProofOfUse.objects.exists()


def test_create_needs_a_decided_application(demo, users):
    application = factories.make_application(ApplicationStatus.IN_REVIEW, reviewed=True)
    with pytest.raises(PermissionDenied, match="nach dem Zuwendungsbescheid"):
        proof_create(actor=users["wiesbaden"], application=application)


def test_create_only_once(proof, users):
    with pytest.raises(PermissionDenied, match="bereits"):
        proof_create(actor=users["wiesbaden"], application=proof.application)


# --- editing ----------------------------------------------------------------------------------


def test_update_saves_amounts_and_narrative(proof, users):
    item = _item(proof, "FIB", "cost", "staff")
    proof_update(
        actor=users["wiesbaden"],
        proof=proof,
        narrative="  Neuer Bericht  ",
        actuals={item.pk: Decimal("510000.5")},
    )
    item.refresh_from_db()
    proof.refresh_from_db()
    assert item.actual == Decimal("510000.50")
    assert proof.narrative == "Neuer Bericht"
    entry = AuditEntry.objects.get(action="proof.update")
    assert entry.changes["WI-2024-FIB, Personalausgaben: Ist"] == ["0.00", "510000.50"]


def test_update_refuses_negative_amounts(proof, users):
    item = _item(proof, "FIB", "cost", "staff")
    with pytest.raises(ValidationError, match="WI-2024-FIB, Personalausgaben"):
        proof_update(
            actor=users["wiesbaden"],
            proof=proof,
            narrative="x",
            actuals={item.pk: Decimal("-1.00")},
        )
    item.refresh_from_db()
    assert item.actual == Decimal("0.00")


def test_update_refuses_lines_of_another_proof(proof, users):
    with pytest.raises(ValidationError):
        proof_update(
            actor=users["wiesbaden"], proof=proof, narrative="x", actuals={999999: Decimal(1)}
        )


@pytest.mark.parametrize("username", ["rp-kassel", "ministerium", "frankfurt"])
def test_others_cannot_edit(proof, users, username):
    with pytest.raises(PermissionDenied):
        proof_update(actor=users[username], proof=proof, narrative="x", actuals={})


def test_redraft_replaces_the_edited_text(proof, users):
    proof_update(actor=users["wiesbaden"], proof=proof, narrative="mein Text", actuals={})
    proof = proof_redraft_narrative(actor=users["wiesbaden"], proof=proof)
    assert "mein Text" not in proof.narrative
    assert "Sachbericht zum Verwendungsnachweis 2024 – Wiesbaden" in proof.narrative


def test_submit_needs_a_narrative_and_locks_the_proof(proof, users):
    proof_update(actor=users["wiesbaden"], proof=proof, narrative="", actuals={})
    with pytest.raises(ValidationError, match="Sachbericht"):
        proof_transition(actor=users["wiesbaden"], proof=proof, name="submit")
    proof = _fill_as_planned(proof, users)
    proof = proof_transition(
        actor=users["wiesbaden"], proof=proof, name="submit", on=dt.date(2025, 5, 30)
    )
    assert proof.status == ProofStatus.SUBMITTED
    assert proof.submitted_at.date() == dt.date(2025, 5, 30)
    assert proof.submitted_by == users["wiesbaden"]
    with pytest.raises(PermissionDenied, match="eingereicht"):
        proof_update(actor=users["wiesbaden"], proof=proof, narrative="x", actuals={})


def test_submit_notifies_the_authority(proof, users):
    from zielwerk.notifications.models import Notification

    _fill_as_planned(proof, users)
    proof_transition(actor=users["wiesbaden"], proof=proof, name="submit")
    assert Notification.objects.filter(recipient=users["rp-kassel"]).exists()


def test_steps_follow_the_roles(proof, users):
    proof = _fill_as_planned(proof, users)
    with pytest.raises(PermissionDenied):
        proof_transition(actor=users["rp-kassel"], proof=proof, name="submit")
    proof = proof_transition(actor=users["wiesbaden"], proof=proof, name="submit")
    for username in ("wiesbaden", "ministerium"):
        with pytest.raises(PermissionDenied):
            proof_transition(actor=users[username], proof=proof, name="start_review")
    proof = proof_transition(actor=users["rp-kassel"], proof=proof, name="start_review")
    with pytest.raises(PermissionDenied):
        proof_transition(actor=users["rp-kassel"], proof=proof, name="reclaim")


def test_return_needs_a_reason_and_reopens_the_draft(proof, users):
    proof = _in_review(proof, users)
    with pytest.raises(ValidationError):
        proof_transition(actor=users["rp-kassel"], proof=proof, name="return")
    proof = proof_transition(
        actor=users["rp-kassel"], proof=proof, name="return", reason="Belege fehlen"
    )
    assert proof.status == ProofStatus.DRAFT


def test_changed_amount_after_return_drops_the_finding(proof, users):
    proof = _in_review(proof, users)
    item = _item(proof, "DIK", "cost", "fees")
    statement_item_review(actor=users["rp-kassel"], item=item, verdict=ItemVerdict.ACCEPTED)
    proof = proof_transition(actor=users["rp-kassel"], proof=proof, name="return", reason="x")
    proof_update(
        actor=users["wiesbaden"], proof=proof, narrative="x", actuals={item.pk: Decimal("1.00")}
    )
    item.refresh_from_db()
    assert item.verdict == ItemVerdict.OPEN
    assert item.recognised is None


# --- item review ------------------------------------------------------------------------------


@pytest.fixture
def reviewing(proof, users):
    return _in_review(proof, users)


def test_accepted_recognises_the_actual_amount(reviewing, users):
    item = _item(reviewing, "FIB", "cost", "material")
    item = statement_item_review(actor=users["rp-kassel"], item=item, verdict="accepted")
    assert item.recognised == Decimal("92400.00")


def test_rejected_needs_a_reason_and_recognises_nothing(reviewing, users):
    item = _item(reviewing, "FIB", "cost", "material")
    with pytest.raises(ValidationError, match="begründen"):
        statement_item_review(actor=users["rp-kassel"], item=item, verdict="rejected")
    item = statement_item_review(
        actor=users["rp-kassel"], item=item, verdict="rejected", reason="keine Belege"
    )
    assert item.recognised == Decimal("0.00")
    assert item.reason == "keine Belege"


@pytest.mark.parametrize("amount", ["0.00", "92400.00", "100000.00", None])
def test_partly_needs_an_amount_between_zero_and_actual(reviewing, users, amount):
    item = _item(reviewing, "FIB", "cost", "material")
    with pytest.raises(ValidationError, match="teilweise"):
        statement_item_review(
            actor=users["rp-kassel"],
            item=item,
            verdict="partly",
            recognised=Decimal(amount) if amount else None,
            reason="zu viel",
        )
    item.refresh_from_db()
    assert item.verdict == ItemVerdict.OPEN


def test_partly_needs_a_reason(reviewing, users):
    item = _item(reviewing, "FIB", "cost", "material")
    with pytest.raises(ValidationError, match="begründen"):
        statement_item_review(
            actor=users["rp-kassel"], item=item, verdict="partly", recognised=Decimal("80000")
        )
    item = statement_item_review(
        actor=users["rp-kassel"],
        item=item,
        verdict="partly",
        recognised=Decimal("80000"),
        reason="Folgejahr",
    )
    assert item.recognised == Decimal("80000.00")


def test_income_lines_are_reviewed_too(reviewing, users):
    item = _item(reviewing, "HIB", "income", "sgb2")
    item = statement_item_review(actor=users["rp-kassel"], item=item, verdict="accepted")
    assert item.recognised == Decimal("30000.00")


def test_one_bad_finding_saves_none(reviewing, users):
    good = _item(reviewing, "FIB", "cost", "staff")
    bad = _item(reviewing, "FIB", "cost", "fees")
    with pytest.raises(ValidationError) as caught:
        statement_items_review(
            actor=users["rp-kassel"],
            proof=reviewing,
            findings={good.pk: ("accepted", None, ""), bad.pk: ("rejected", None, "")},
        )
    assert f"item_{bad.pk}" in caught.value.message_dict
    good.refresh_from_db()
    assert good.verdict == ItemVerdict.OPEN


@pytest.mark.parametrize("username", ["wiesbaden", "ministerium"])
def test_only_the_authority_reviews(reviewing, users, username):
    item = _item(reviewing, "FIB", "cost", "staff")
    with pytest.raises(PermissionDenied):
        statement_item_review(actor=users[username], item=item, verdict="accepted")


def test_review_only_while_in_review(proof, users):
    item = _item(proof, "FIB", "cost", "staff")
    with pytest.raises(PermissionDenied, match="in Prüfung"):
        statement_item_review(actor=users["rp-kassel"], item=item, verdict="accepted")


# --- figures ----------------------------------------------------------------------------------


def test_figures_by_hand(reviewing, users):
    application = reviewing.application
    factories.make_payment(application, "1250000.00", dt.date(2024, 6, 3))
    factories.make_payment(application, "1233300.00", dt.date(2024, 9, 23))
    hib_staff = _item(reviewing, "HIB", "cost", "staff")
    aab_fees = _item(reviewing, "AAB", "cost", "fees")
    rows = {item.pk: ("accepted", None, "") for item in reviewing.items.all()}
    rows[hib_staff.pk] = ("partly", Decimal("400000.00"), "Überstunden nicht belegt")
    rows[aab_fees.pk] = ("rejected", None, "Honorare ohne Vertrag")
    statement_items_review(actor=users["rp-kassel"], proof=reviewing, findings=rows)

    figures = proof_figures(reviewing)
    by_code = {row.project.short_name: row for row in figures.projects}
    # HIB: 400,000 + 50,000 + 93,700 = 543,700 recognised − income 75,000 = 468,700
    # (below the approved 498,700).
    assert by_code["HIB"].recognised_costs == Decimal("543700.00")
    assert by_code["HIB"].income == Decimal("75000.00")
    assert by_code["HIB"].eligible == Decimal("468700.00")
    # AAB: fees rejected, material 30,000 recognised, no income → 30,000.
    assert by_code["AAB"].eligible == Decimal("30000.00")
    # CBG: 544,000 − 55,000 = 489,000, capped at the approved 464,000.
    assert by_code["CBG"].eligible == Decimal("464000.00")
    # FIB 612,400, DIK 356,200, STM 402,000 as approved.
    assert by_code["FIB"].eligible == Decimal("612400.00")
    expected = (
        Decimal("612400")
        + Decimal("468700")
        + Decimal("356200")
        + Decimal("402000")
        + Decimal("464000")
        + Decimal("30000")
    )
    assert expected == Decimal("2333300")
    assert figures.eligible == expected
    assert figures.approved == TOTAL_APPROVED
    assert figures.paid == TOTAL_APPROVED
    # 2,483,300 − 2,333,300 = 30,000 (HIB) + 120,000 (AAB)
    assert figures.reclaim == Decimal("150000.00")
    assert figures.open_items == 0


def test_open_lines_count_as_stated_and_make_the_figures_provisional(reviewing):
    figures = proof_figures(reviewing)
    assert figures.provisional
    assert figures.open_items == 23
    assert figures.recognised_costs == figures.actual_costs


def test_eligible_never_below_zero(reviewing, users):
    # DIK's costs all rejected: 0 − own funds 20,000 would be negative; the grant is 0.
    rows = {item.pk: ("accepted", None, "") for item in reviewing.items.all()}
    for category in ("staff", "fees", "material"):
        rows[_item(reviewing, "DIK", "cost", category).pk] = ("rejected", None, "nicht belegt")
    statement_items_review(actor=users["rp-kassel"], proof=reviewing, findings=rows)
    by_code = {row.project.short_name: row for row in proof_figures(reviewing).projects}
    assert by_code["DIK"].eligible == Decimal("0.00")


# --- closing ----------------------------------------------------------------------------------


def test_close_refused_while_lines_are_open(reviewing, users):
    with pytest.raises(ValidationError, match="nicht geprüft"):
        proof_transition(actor=users["rp-kassel"], proof=reviewing, name="close")


def test_close_refused_when_money_is_to_be_reclaimed(reviewing, users):
    factories.make_payment(reviewing.application, "2483300.00", dt.date(2024, 6, 3))
    rows = {item.pk: ("accepted", None, "") for item in reviewing.items.all()}
    rows[_item(reviewing, "STM", "cost", "fees").pk] = ("rejected", None, "nicht belegt")
    statement_items_review(actor=users["rp-kassel"], proof=reviewing, findings=rows)
    with pytest.raises(ValidationError, match=r"150\.000,00"):
        proof_transition(actor=users["rp-kassel"], proof=reviewing, name="close")


def test_close_when_everything_is_accepted(reviewing, users):
    factories.make_payment(reviewing.application, "2483300.00", dt.date(2024, 6, 3))
    rows = {item.pk: ("accepted", None, "") for item in reviewing.items.all()}
    statement_items_review(actor=users["rp-kassel"], proof=reviewing, findings=rows)
    with pytest.raises(PermissionDenied):
        proof_transition(actor=users["ministerium"], proof=reviewing, name="close")
    proof = proof_transition(
        actor=users["rp-kassel"], proof=reviewing, name="close", reason="ohne Beanstandung"
    )
    assert proof.status == ProofStatus.CLOSED
    assert proof.conclusion_note == "ohne Beanstandung"
    assert proof.concluded_by == users["rp-kassel"]
