"""Decisions: drafting, the ceilings checked when issuing, amendments, revocations, reclaims and
the authority's templates. Expected amounts are worked out by hand from
zielwerk/demo/grants_data.py (AQB column of the six Wiesbaden 2024 plans)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zielwerk.budgets.models import AllocationVersion
from zielwerk.core.models import AuditEntry
from zielwerk.grants import selectors
from zielwerk.grants.choices import (
    ApplicationStatus,
    DecisionKind,
    DecisionStatus,
    ProofStatus,
    ReviewKind,
    ReviewResult,
)
from zielwerk.grants.models import DecisionTemplate, ProofOfUse, Reclaim
from zielwerk.grants.services.decisions import (
    decision_delete,
    decision_draft,
    decision_issue,
    decision_texts,
    decision_update,
    template_update,
)
from zielwerk.grants.tests.factories import make_application, make_grant_decision, make_payment
from zielwerk.notifications.models import Notification

# 612.400 + 498.700 + 356.200 + 402.000 + 489.000 + 150.000
APPLIED_TOTAL = Decimal("2508300.00")
CBG_APPLIED = Decimal("489000.00")
CBG_APPROVED = Decimal("464000.00")
CBG_REASON = "Ausstattung ist nicht zuwendungsfähig."
ISSUED_ON = dt.date(2024, 5, 15)

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(demo):
    return make_application(ApplicationStatus.IN_REVIEW, reviewed=True)


@pytest.fixture
def authority(users):
    return users["rp-kassel"]


def _items(decision):
    return {item.project.short_name: item for item in decision.items.select_related("project")}


def _partial(authority, decision, reason=CBG_REASON):
    cbg = _items(decision)["CBG"]
    return decision_update(
        actor=authority,
        decision=decision,
        items={cbg.project_id: (CBG_APPROVED, reason)},
        proof_due_on=dt.date(2025, 6, 30),
    )


def test_grant_draft_lists_every_project_with_the_amount_applied_for(application, authority):
    decision = decision_draft(actor=authority, application=application, kind=DecisionKind.GRANT)
    items = _items(decision)
    assert sorted(items) == ["AAB", "CBG", "DIK", "FIB", "HIB", "STM"]
    assert items["FIB"].applied == items["FIB"].approved == Decimal("612400.00")
    assert items["CBG"].applied == CBG_APPLIED
    assert decision.total == APPLIED_TOTAL
    assert decision.status == DecisionStatus.DRAFT
    assert decision.number == 1
    assert decision.reference == "57-AQB-2024-WI-1"
    template = DecisionTemplate.objects.get(kind=DecisionKind.GRANT, valid_from_year=2011)
    assert decision.intro == template.intro  # placeholders kept until issue
    texts = decision_texts(decision)
    assert "2.508.300,00 €" in texts["intro"]
    assert "28.03.2024" in texts["intro"]
    assert "{" not in texts["intro"]
    assert AuditEntry.objects.filter(action="decision.draft", object_id=str(decision.pk)).exists()


def test_grant_draft_needs_both_reviews(demo, users):
    application = make_application(ApplicationStatus.IN_REVIEW)
    application.reviews.create(kind=ReviewKind.CONTENT, result=ReviewResult.APPROVED)
    with pytest.raises(ValidationError) as error:
        decision_draft(actor=users["rp-kassel"], application=application, kind=DecisionKind.GRANT)
    assert "finanzielle Prüfung" in str(error.value)
    assert "inhaltliche Prüfung" not in str(error.value)


def test_grant_draft_needs_application_in_review(demo, users):
    application = make_application(ApplicationStatus.SUBMITTED, reviewed=True)
    with pytest.raises(ValidationError):
        decision_draft(actor=users["rp-kassel"], application=application, kind=DecisionKind.GRANT)


@pytest.mark.parametrize("username", ["wiesbaden", "ministerium", "traeger-wiesbaden"])
def test_only_the_authority_drafts(application, users, username):
    with pytest.raises(PermissionDenied):
        decision_draft(actor=users[username], application=application, kind=DecisionKind.GRANT)


def test_only_one_grant_decision(application, authority):
    decision_draft(actor=authority, application=application, kind=DecisionKind.GRANT)
    with pytest.raises(ValidationError, match="bereits einen Zuwendungsbescheid"):
        decision_draft(actor=authority, application=application, kind=DecisionKind.GRANT)


def test_partial_approval_needs_a_reason_naming_the_project(application, authority):
    decision = decision_draft(actor=authority, application=application, kind=DecisionKind.GRANT)
    decision = _partial(authority, decision, reason="")
    with pytest.raises(ValidationError) as error:
        decision_issue(actor=authority, decision=decision, on=ISSUED_ON)
    assert "WI-2024-CBG" in " ".join(error.value.messages)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DRAFT


def test_issue_grant_with_partial_approval(application, authority, users):
    decision = decision_draft(actor=authority, application=application, kind=DecisionKind.GRANT)
    decision = _partial(authority, decision)
    # 2.508.300,00 − 25.000,00
    assert decision.total == Decimal("2483300.00")
    decision = decision_issue(actor=authority, decision=decision, on=ISSUED_ON)
    assert decision.status == DecisionStatus.ISSUED
    assert decision.issued_on == ISSUED_ON
    assert decision.issued_by == authority
    assert decision.total == Decimal("2483300.00")
    assert "2.483.300,00 €" in decision.intro
    assert "{" not in decision.intro + decision.conditions + decision.closing
    assert "30.06.2025" in decision.conditions
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECIDED
    assert selectors.effective_decision(application) == decision
    assert selectors.approved_total(application) == Decimal("2483300.00")
    assert (
        Notification.objects.filter(recipient=users["wiesbaden"])
        .filter(title__contains="Zuwendungsbescheid erlassen")
        .exists()
    )
    assert AuditEntry.objects.filter(action="decision.issue", object_id=str(decision.pk)).exists()


def test_approved_above_applied_is_refused(application, authority):
    decision = decision_draft(actor=authority, application=application, kind=DecisionKind.GRANT)
    fib = _items(decision)["FIB"]
    decision_update(
        actor=authority, decision=decision, items={fib.project_id: (Decimal("612400.01"), "")}
    )
    with pytest.raises(ValidationError) as error:
        decision_issue(actor=authority, decision=decision, on=ISSUED_ON)
    message = " ".join(error.value.messages)
    assert "WI-2024-FIB" in message
    assert "612.400,01 €" in message


def test_total_above_allocation_is_refused(application, authority):
    version = AllocationVersion.objects.filter(
        allocation__region=application.region,
        allocation__programme_year=application.programme_year,
    ).latest("number")
    AllocationVersion.objects.filter(pk=version.pk).update(amount=Decimal("2400000.00"))
    decision = decision_draft(actor=authority, application=application, kind=DecisionKind.GRANT)
    with pytest.raises(ValidationError) as error:
        decision_issue(actor=authority, decision=decision, on=ISSUED_ON)
    message = " ".join(error.value.messages)
    assert "2.508.300,00 €" in message
    assert "2.400.000,00 €" in message


def test_issued_decision_never_changes(application, authority):
    decision = decision_draft(actor=authority, application=application, kind=DecisionKind.GRANT)
    decision = _partial(authority, decision)
    decision = decision_issue(actor=authority, decision=decision, on=ISSUED_ON)
    with pytest.raises(PermissionDenied):
        decision_update(actor=authority, decision=decision, texts={"title": "Neu"})
    with pytest.raises(PermissionDenied):
        decision_delete(actor=authority, decision=decision)
    with pytest.raises(PermissionDenied):
        decision_issue(actor=authority, decision=decision)


def test_delete_draft(application, authority):
    decision = decision_draft(actor=authority, application=application, kind=DecisionKind.GRANT)
    decision_delete(actor=authority, decision=decision)
    assert not application.decisions.exists()
    # a new draft may be made again
    assert decision_draft(actor=authority, application=application, kind=DecisionKind.GRANT)


def test_amendment_copies_the_effective_amounts_and_shows_the_difference(demo, users):
    authority = users["rp-kassel"]
    grant = make_grant_decision()
    amendment = decision_draft(
        actor=authority, application=grant.application, kind=DecisionKind.AMENDMENT
    )
    assert amendment.previous == grant
    assert amendment.number == 2
    items = _items(amendment)
    # The request stays as applied for; the approval and its reason are carried over.
    assert items["CBG"].applied == CBG_APPLIED
    assert items["CBG"].approved == CBG_APPROVED
    assert items["CBG"].reason
    assert amendment.total == Decimal("2483300.00")
    decision_update(
        actor=authority,
        decision=amendment,
        items={items["FIB"].project_id: (Decimal("600000.00"), "Weniger Plätze belegt.")},
    )
    amendment = decision_issue(actor=authority, decision=amendment, on=dt.date(2024, 10, 1))
    # 2.483.300,00 − 12.400,00
    assert amendment.total == Decimal("2470900.00")
    assert selectors.effective_decision(grant.application) == amendment
    assert "15.05.2024" in amendment.intro  # the decision it changes
    assert "2.483.300,00 €" in amendment.intro  # its total
    assert "2.470.900,00 €" in amendment.intro


def test_amendment_may_raise_up_to_the_request_but_not_above(demo, users):
    authority = users["rp-kassel"]
    grant = make_grant_decision()
    amendment = decision_draft(
        actor=authority, application=grant.application, kind=DecisionKind.AMENDMENT
    )
    cbg = _items(amendment)["CBG"]
    above = CBG_APPLIED + Decimal("0.01")
    decision_update(actor=authority, decision=amendment, items={cbg.project_id: (above, "")})
    with pytest.raises(ValidationError, match="WI-2024-CBG"):
        decision_issue(actor=authority, decision=amendment)
    decision_update(actor=authority, decision=amendment, items={cbg.project_id: (CBG_APPLIED, "")})
    amendment = decision_issue(actor=authority, decision=amendment, on=dt.date(2024, 10, 1))
    # 2.483.300,00 + 25.000,00: CBG now approved as applied for
    assert amendment.total == Decimal("2508300.00")


def test_revocation_cannot_raise_an_amount(demo, users):
    authority = users["rp-kassel"]
    grant = make_grant_decision()
    revocation = decision_draft(
        actor=authority, application=grant.application, kind=DecisionKind.REVOCATION
    )
    cbg = _items(revocation)["CBG"]
    decision_update(
        actor=authority, decision=revocation, items={cbg.project_id: (Decimal("470000.00"), "")}
    )
    with pytest.raises(ValidationError) as error:
        decision_issue(actor=authority, decision=revocation)
    message = " ".join(error.value.messages)
    assert "Widerruf" in message
    assert "464.000,00 €" in message
    decision_update(
        actor=authority,
        decision=revocation,
        items={cbg.project_id: (Decimal("400000.00"), "Projekt vorzeitig beendet.")},
    )
    revocation = decision_issue(actor=authority, decision=revocation, on=dt.date(2024, 11, 4))
    # 2.483.300,00 − 64.000,00
    assert revocation.total == Decimal("2419300.00")
    assert "§ 49" in revocation.intro


def test_amendment_needs_a_decided_application(application, authority):
    with pytest.raises(ValidationError):
        decision_draft(actor=authority, application=application, kind=DecisionKind.AMENDMENT)


def test_a_second_draft_is_refused(demo, users):
    authority = users["rp-kassel"]
    grant = make_grant_decision()
    decision_draft(actor=authority, application=grant.application, kind=DecisionKind.AMENDMENT)
    with pytest.raises(ValidationError, match="Entwurf"):
        decision_draft(actor=authority, application=grant.application, kind=DecisionKind.REVOCATION)


def _reclaim(authority, application):
    """A reclaim decision drafted as part V does it, with the computation written out by hand:
    12.400,00 € attributed to the second payout (23.09.2024), due 30.09.2025 → 372 days;
    12.400 × 5 % × 372 / 365 = 631,89 €."""
    decision = decision_draft(
        actor=authority, application=application, kind=DecisionKind.RECLAIM, on=dt.date(2025, 8, 20)
    )
    assert not decision.items.exists()
    Reclaim.objects.create(
        decision=decision,
        principal=Decimal("12400.00"),
        interest_percent=Decimal("5.00"),
        interest_until=dt.date(2025, 9, 30),
        interest=Decimal("631.89"),
        lines=[{"paid_on": "2024-09-23", "amount": "12400.00", "days": 372, "interest": "631.89"}],
    )
    return decision


def test_issue_reclaim_moves_the_proof_to_reclaim(demo, users):
    authority = users["rp-kassel"]
    grant = make_grant_decision()
    application = grant.application
    make_payment(application, "1250000.00", dt.date(2024, 6, 3))
    make_payment(application, "1233300.00", dt.date(2024, 9, 23))
    proof = ProofOfUse.objects.create(application=application, status=ProofStatus.IN_REVIEW)
    decision = _reclaim(authority, application)
    assert decision.previous == grant
    assert "12.400" not in decision_texts(decision)["intro"]
    decision = decision_issue(actor=authority, decision=decision, on=dt.date(2025, 9, 1))
    assert decision.total == Decimal("13031.89")
    assert decision.issued_on == dt.date(2025, 9, 1)
    proof.refresh_from_db()
    assert proof.status == ProofStatus.RECLAIM
    # a reclaim does not change the approved amounts
    assert selectors.effective_decision(application) == grant


def test_reclaim_without_computation_cannot_be_issued(demo, users):
    authority = users["rp-kassel"]
    grant = make_grant_decision()
    ProofOfUse.objects.create(application=grant.application, status=ProofStatus.IN_REVIEW)
    decision = decision_draft(
        actor=authority, application=grant.application, kind=DecisionKind.RECLAIM
    )
    with pytest.raises(ValidationError, match="Rückforderung"):
        decision_issue(actor=authority, decision=decision)


def test_delete_reclaim_draft_removes_its_computation(demo, users):
    authority = users["rp-kassel"]
    grant = make_grant_decision()
    decision = _reclaim(authority, grant.application)
    decision_delete(actor=authority, decision=decision)
    assert not Reclaim.objects.exists()


def test_update_refuses_unknown_placeholders(application, authority):
    decision = decision_draft(actor=authority, application=application, kind=DecisionKind.GRANT)
    with pytest.raises(ValidationError) as error:
        decision_update(
            actor=authority, decision=decision, texts={"intro": "Betrag {betrag} für {region}"}
        )
    assert "{betrag}" in str(error.value)
    assert "{region}" not in str(error.value).split("Erlaubt")[0]


def test_template_update_refuses_unknown_placeholders(demo, users):
    template = DecisionTemplate.objects.get(kind=DecisionKind.GRANT, valid_from_year=2011)
    with pytest.raises(ValidationError) as error:
        template_update(
            actor=users["rp-kassel"], template=template, intro="{foo} und {bar} und {total}"
        )
    message = str(error.value)
    assert "{foo}" in message and "{bar}" in message
    template.refresh_from_db()
    assert "{foo}" not in template.intro


def test_template_update_does_not_touch_existing_drafts(application, authority):
    decision = decision_draft(actor=authority, application=application, kind=DecisionKind.GRANT)
    template = DecisionTemplate.objects.get(kind=DecisionKind.GRANT, valid_from_year=2011)
    template_update(actor=authority, template=template, closing="Neue Schlussformel {reference}.")
    template.refresh_from_db()
    assert template.closing == "Neue Schlussformel {reference}."
    assert template.updated_by == authority
    decision.refresh_from_db()
    assert "Neue Schlussformel" not in decision.closing
    assert AuditEntry.objects.filter(action="decision_template.update").exists()


@pytest.mark.parametrize("username", ["wiesbaden", "ministerium"])
def test_only_the_authority_edits_templates(demo, users, username):
    template = DecisionTemplate.objects.get(kind=DecisionKind.GRANT, valid_from_year=2011)
    with pytest.raises(PermissionDenied):
        template_update(actor=users[username], template=template, closing="x")


def test_newest_template_for_the_year_is_used(application, authority):
    DecisionTemplate.objects.create(
        kind=DecisionKind.GRANT,
        valid_from_year=2025,
        title="Vorlage ab 2025",
        intro="x",
        remedy="y",
    )
    DecisionTemplate.objects.create(
        kind=DecisionKind.GRANT,
        valid_from_year=2020,
        title="Vorlage ab 2020 {year}",
        intro="x",
        remedy="y",
    )
    decision = decision_draft(actor=authority, application=application, kind=DecisionKind.GRANT)
    assert decision.title == "Vorlage ab 2020 {year}"
    assert decision_texts(decision)["title"] == "Vorlage ab 2020 2024"
