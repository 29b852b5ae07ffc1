"""Proof of use (Verwendungsnachweis) and reclaim (Rückforderung).

The region's coordination creates the proof once the grant decision is issued: one statement
line per project and cost category of the plan (actual amount 0.00, so nothing counts as proven
by accident) and one per source of income other than the AQB grant, and a drafted narrative
report. It enters the actual amounts, edits the narrative and submits. The authority reviews
every line (accepted / partly / rejected) and either closes the proof (nothing to reclaim) or
drafts a reclaim decision with interest; issuing that decision (part D) moves the proof to
"reclaim".

Figures (proof_figures): per project the eligible grant is the recognised costs minus the
income, at least 0 and at most the approved amount (money.eligible_grant); what was paid above
the sum of the eligible grants is reclaimed (money.reclaim_principal) with interest per day
from the payouts, latest payouts first (money.interest_lines).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zielwerk.accounts.choices import Role
from zielwerk.accounts.selectors import people_with_role
from zielwerk.core.audit import apply_changes, audit_record, snapshot
from zielwerk.core.formats import format_date, format_euro
from zielwerk.core.permissions import Verdict, allow, deny
from zielwerk.notifications.services import notification_send
from zielwerk.organisations.choices import OrganisationKind
from zielwerk.projects.models import CostCategory, FinancingSource, Project

from .. import money, selectors
from ..choices import (
    ApplicationStatus,
    DecisionKind,
    ItemVerdict,
    PaymentRequestStatus,
    ProofStatus,
    StatementSide,
)
from ..models import Application, Payment, ProofOfUse, Reclaim, StatementItem
from ..narrative import draft_narrative
from ..permissions import (
    acts_for_region,
    can_edit_proof,
    can_review_proof,
    is_authority,
)
from ..workflows import PROOF

ZERO = Decimal("0.00")
TITLE_LENGTH = 200  # Notification.title


# --- permissions of this part -----------------------------------------------------------------


def can_create_proof(user, application: Application) -> Verdict:
    verdict = acts_for_region(user, application)
    if not verdict:
        return deny(_("Den Verwendungsnachweis erstellt die Koordination der Gebietskörperschaft."))
    if application.status != ApplicationStatus.DECIDED:
        return deny(_("Ein Verwendungsnachweis ist erst nach dem Zuwendungsbescheid möglich."))
    if ProofOfUse.objects.filter(application=application).exists():
        return deny(_("Zu diesem Antrag gibt es bereits einen Verwendungsnachweis."))
    return allow()


def can_create_reclaim(user, proof: ProofOfUse) -> Verdict:
    if not is_authority(user):
        return deny(_("Rückforderungen erlässt die Bewilligungsbehörde."))
    if proof.status != ProofStatus.IN_REVIEW:
        return deny(_("Eine Rückforderung ist nur möglich, solange der Nachweis in Prüfung ist."))
    if Reclaim.objects.filter(decision__application_id=proof.application_id).exists():
        return deny(_("Zu diesem Verwendungsnachweis gibt es bereits eine Rückforderung."))
    return allow()


def can_record_repayment(user, reclaim: Reclaim) -> Verdict:
    if not is_authority(user):
        return deny(_("Rückzahlungen erfasst die Bewilligungsbehörde."))
    if not reclaim.decision.is_issued:
        return deny(_("Die Rückzahlung lässt sich erst nach Erlass des Bescheids erfassen."))
    if reclaim.repaid_on is not None:
        return deny(_("Die Rückzahlung ist bereits erfasst."))
    return allow()


# --- figures ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectFigures:
    project: Project
    planned_costs: Decimal
    actual_costs: Decimal
    recognised_costs: Decimal  # open lines count with their actual amount (provisional)
    income: Decimal  # recognised income; open lines with the stated amount
    approved: Decimal
    eligible: Decimal


@dataclass(frozen=True)
class ProofFigures:
    projects: list[ProjectFigures]
    planned_costs: Decimal
    actual_costs: Decimal
    recognised_costs: Decimal
    income: Decimal
    approved: Decimal
    eligible: Decimal
    paid: Decimal
    reclaim: Decimal
    open_items: int

    @property
    def provisional(self) -> bool:
        """Lines are still open: the figures assume they are accepted as stated."""
        return self.open_items > 0


def _counted(item: StatementItem) -> Decimal:
    if item.verdict == ItemVerdict.OPEN or item.recognised is None:
        return item.actual
    return item.recognised


def proof_figures(proof: ProofOfUse) -> ProofFigures:
    application = proof.application
    approved = selectors.approved_by_project(application)
    items = list(proof.items.select_related("project").order_by("project__code"))
    projects: dict[int, Project] = {}
    sums: dict[int, dict[str, Decimal]] = {}
    for item in items:
        projects.setdefault(item.project_id, item.project)
        row = sums.setdefault(
            item.project_id, {"planned": ZERO, "actual": ZERO, "recognised": ZERO, "income": ZERO}
        )
        if item.side == StatementSide.COST:
            row["planned"] += item.planned
            row["actual"] += item.actual
            row["recognised"] += _counted(item)
        else:
            row["income"] += _counted(item)
    rows = []
    for project_id, row in sums.items():
        project_approved = approved.get(project_id, ZERO)
        rows.append(
            ProjectFigures(
                project=projects[project_id],
                planned_costs=row["planned"],
                actual_costs=row["actual"],
                recognised_costs=row["recognised"],
                income=row["income"],
                approved=project_approved,
                eligible=money.eligible_grant(project_approved, row["recognised"], row["income"]),
            )
        )
    eligible = sum((row.eligible for row in rows), ZERO)
    paid = selectors.paid_total(application)
    return ProofFigures(
        projects=rows,
        planned_costs=sum((row.planned_costs for row in rows), ZERO),
        actual_costs=sum((row.actual_costs for row in rows), ZERO),
        recognised_costs=sum((row.recognised_costs for row in rows), ZERO),
        income=sum((row.income for row in rows), ZERO),
        approved=sum((row.approved for row in rows), ZERO),
        eligible=eligible,
        paid=paid,
        reclaim=money.reclaim_principal(paid, eligible),
        open_items=sum(1 for item in items if item.verdict == ItemVerdict.OPEN),
    )


def proof_deadline(application: Application) -> dt.date | None:
    """The grant decision's proof-of-use date, else the programme year's."""
    decision = selectors.effective_decision(application)
    if decision is not None and decision.proof_due_on is not None:
        return decision.proof_due_on
    return application.programme_year.proof_deadline


def payouts(application: Application) -> list[tuple[dt.date, Decimal]]:
    return [
        (payment.paid_on, payment.amount)
        for payment in Payment.objects.filter(
            request__application=application, request__status=PaymentRequestStatus.PAID
        ).order_by("paid_on", "pk")
    ]


@dataclass(frozen=True)
class InterestComputation:
    principal: Decimal
    percent: Decimal
    until: dt.date
    lines: list[money.InterestLine]

    @property
    def interest(self) -> Decimal:
        return sum((line.interest for line in self.lines), ZERO)

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest


def interest_computation(
    application: Application, principal: Decimal, until: dt.date, percent: Decimal
) -> InterestComputation:
    try:
        lines = money.interest_lines(principal, payouts(application), until, percent)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
    return InterestComputation(principal=principal, percent=percent, until=until, lines=lines)


def reclaim_preview(proof: ProofOfUse, due_on: dt.date) -> InterestComputation:
    """What a reclaim drafted now would demand: principal from the figures, interest until the
    due date at the programme year's rate."""
    application = proof.application
    return interest_computation(
        application,
        proof_figures(proof).reclaim,
        due_on,
        application.programme_year.reclaim_interest_percent,
    )


def reclaim_lines(reclaim: Reclaim) -> list[money.InterestLine]:
    """The computation stored with the reclaim (as in its decision)."""
    return [
        money.InterestLine(
            paid_on=dt.date.fromisoformat(line["paid_on"]),
            amount=Decimal(line["amount"]),
            days=int(line["days"]),
            interest=Decimal(line["interest"]),
        )
        for line in reclaim.lines
    ]


def reclaim_recomputed(reclaim: Reclaim) -> InterestComputation | None:
    """The interest until the actual repayment (None while none is recorded). The decision keeps
    its own lines; this is the figure the repayment is checked against."""
    if reclaim.repaid_on is None:
        return None
    return interest_computation(
        reclaim.decision.application,
        reclaim.principal,
        reclaim.repaid_on,
        reclaim.interest_percent,
    )


# --- notifications ----------------------------------------------------------------------------


def _notify(*, actor, proof: ProofOfUse, headline: str, to_authority: bool) -> int:
    application = proof.application
    if to_authority:
        recipients = people_with_role(
            Role.AUTHORITY_STAFF, organisation_kind=OrganisationKind.AUTHORITY, exclude=actor
        )
    else:
        recipients = people_with_role(
            Role.REGION_COORDINATOR,
            organisation_id=application.region.administration_id,
            exclude=actor,
        )
    title = _("%(headline)s: Verwendungsnachweis %(year)s – %(region)s") % {
        "headline": headline,
        "year": application.programme_year.year,
        "region": application.region.name,
    }
    link = proof_url(application)
    count = 0
    for recipient in recipients:
        notification_send(
            recipient=recipient,
            title=title[:TITLE_LENGTH],
            body=_("Status jetzt: „%(status)s“.") % {"status": proof.get_status_display()},
            link=link,
        )
        count += 1
    return count


def proof_url(application: Application) -> str:
    from django.urls import reverse

    return reverse(
        "grants:proof_detail",
        kwargs={"year": application.programme_year.year, "region": application.region.slug},
    )


# --- writes -----------------------------------------------------------------------------------


def _stamp(on: dt.date | None) -> dt.datetime:
    """A timestamp for a step: now, or noon of the given day (the demo replays 2025)."""
    if on is None:
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(on, dt.time(12, 0)))


def _statement_items(proof: ProofOfUse, application: Application) -> list[StatementItem]:
    items = []
    projects = application.projects().prefetch_related("cost_items", "funding_items")
    for project in projects.order_by("code"):
        for cost in project.cost_items.all():
            items.append(
                StatementItem(
                    proof=proof,
                    project=project,
                    side=StatementSide.COST,
                    category=cost.category,
                    planned=cost.amount,
                    actual=ZERO,
                )
            )
        for funding in project.funding_items.all():
            if funding.source == FinancingSource.AQB:
                continue
            items.append(
                StatementItem(
                    proof=proof,
                    project=project,
                    side=StatementSide.INCOME,
                    category=funding.source,
                    planned=funding.amount,
                    actual=ZERO,
                )
            )
    return items


def proof_create(*, actor, application: Application, on: dt.date | None = None) -> ProofOfUse:
    """Start the proof of use: statement lines from the plans (actual 0.00) and a drafted
    narrative report."""
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        can_create_proof(actor, application).enforce()
        proof = ProofOfUse(application=application, status=ProofStatus.DRAFT)
        proof.narrative = draft_narrative(application)
        proof.narrative_drafted_at = _stamp(on)
        proof.full_clean()
        proof.save()
        items = _statement_items(proof, application)
        StatementItem.objects.bulk_create(items)
        audit_record(
            actor=actor,
            action="proof.create",
            obj=proof,
            changes={**snapshot(proof, ["status"]), "statement_items": [None, len(items)]},
        )
    return proof


def item_label(item: StatementItem) -> str:
    """'WI-2024-FIB, Sachausgaben' for messages and the audit trail."""
    return f"{item.project.code}, {category_label(item)}"


def category_label(item: StatementItem) -> str:
    choices = CostCategory if item.side == StatementSide.COST else FinancingSource
    try:
        return str(choices(item.category).label)
    except ValueError:
        return item.category


def item_sort_key(item: StatementItem) -> tuple[str, int, int]:
    """Project, costs before income, categories in the order of the plan forms."""
    choices = CostCategory if item.side == StatementSide.COST else FinancingSource
    values = list(choices.values)
    position = values.index(item.category) if item.category in values else len(values)
    return (item.project.code, 0 if item.side == StatementSide.COST else 1, position)


def sorted_items(proof: ProofOfUse) -> list[StatementItem]:
    return sorted(proof.items.select_related("project"), key=item_sort_key)


def _lock_proof(proof: ProofOfUse) -> ProofOfUse:
    return (
        ProofOfUse.objects.select_for_update()
        .select_related("application__region")
        .get(pk=proof.pk)
    )


def proof_update(
    *, actor, proof: ProofOfUse, narrative: str, actuals: Mapping[int, Decimal]
) -> ProofOfUse:
    """Save the narrative and the actual amounts (draft only). A line whose amount changes loses
    an earlier finding of the authority (after a return for revision)."""
    with transaction.atomic():
        proof = _lock_proof(proof)
        can_edit_proof(actor, proof).enforce()
        items = {item.pk: item for item in proof.items.select_related("project")}
        errors: dict[str, list[str]] = {}
        unknown = sorted(set(actuals) - set(items))
        if unknown:
            raise ValidationError(
                _("Diese Positionen gehören nicht zu diesem Nachweis: %(ids)s")
                % {"ids": ", ".join(str(pk) for pk in unknown)}
            )
        changes: dict[str, list[Any]] = apply_changes(proof, {"narrative": narrative.strip()})
        changed_items = []
        for pk, amount in actuals.items():
            item = items[pk]
            if amount is None or amount < 0:
                errors.setdefault(f"actual_{pk}", []).append(
                    _("%(item)s: Der Ist-Betrag darf nicht negativ sein.")
                    % {"item": item_label(item)}
                )
                continue
            amount = money.cents(Decimal(amount))
            if amount == item.actual:
                continue
            changes[f"{item_label(item)}: Ist"] = [str(item.actual), str(amount)]
            item.actual = amount
            if item.verdict != ItemVerdict.OPEN:
                item.verdict, item.recognised, item.reason = ItemVerdict.OPEN, None, ""
            changed_items.append(item)
        if errors:
            raise ValidationError(errors)
        for item in changed_items:
            item.full_clean()
            item.save()
        proof.full_clean()
        proof.save()
        if changes:
            audit_record(actor=actor, action="proof.update", obj=proof, changes=changes)
    return proof


def proof_redraft_narrative(*, actor, proof: ProofOfUse, on: dt.date | None = None) -> ProofOfUse:
    """Replace the narrative by a fresh draft (overwrites the region's edits)."""
    with transaction.atomic():
        proof = _lock_proof(proof)
        can_edit_proof(actor, proof).enforce()
        old_length = len(proof.narrative)
        proof.narrative = draft_narrative(proof.application)
        proof.narrative_drafted_at = _stamp(on)
        proof.save()
        audit_record(
            actor=actor,
            action="proof.redraft_narrative",
            obj=proof,
            changes={"narrative_length": [old_length, len(proof.narrative)]},
        )
    return proof


def _before_submit(proof: ProofOfUse) -> None:
    if not proof.narrative.strip():
        raise ValidationError({"narrative": _("Bitte schreiben Sie den Sachbericht.")})


def _before_close(proof: ProofOfUse) -> None:
    figures = proof_figures(proof)
    if figures.open_items:
        raise ValidationError(
            _("Noch %(count)s Positionen sind nicht geprüft.") % {"count": figures.open_items}
        )
    if figures.reclaim > 0:
        raise ValidationError(
            _(
                "Es sind %(amount)s zurückzufordern; der Nachweis schließt mit einem "
                "Rückforderungsbescheid."
            )
            % {"amount": format_euro(figures.reclaim, cents="always")}
        )


def proof_transition(
    *, actor, proof: ProofOfUse, name: str, reason: str = "", on: dt.date | None = None
) -> ProofOfUse:
    """One step of workflows.PROOF. The automatic step "reclaim" belongs to issuing the reclaim
    decision and is refused here."""
    reason = reason.strip()
    with transaction.atomic():
        proof = _lock_proof(proof)
        transition = PROOF.check(actor, proof, name)
        if transition.automatic:
            deny(_("Dieser Schritt folgt aus dem Erlass des Rückforderungsbescheids.")).enforce()
        changes: dict[str, list[Any]] = {}
        if name == "submit":
            _before_submit(proof)
            changes |= apply_changes(proof, {"submitted_at": _stamp(on), "submitted_by": actor})
        elif name == "return":
            if not reason:
                raise ValidationError(
                    {"reason": _("Bitte begründen Sie, was zu überarbeiten ist.")}
                )
        elif name == "close":
            _before_close(proof)
            changes |= apply_changes(
                proof,
                {"concluded_at": _stamp(on), "concluded_by": actor, "conclusion_note": reason},
            )
        changes["status"] = [proof.status, transition.target]
        proof.status = transition.target
        proof.full_clean()
        proof.save()
        audit_record(actor=actor, action=f"proof.{name}", obj=proof, changes=changes, reason=reason)
        headlines = {
            "submit": (_("Eingereicht"), True),
            "return": (_("Zur Überarbeitung zurückgegeben"), False),
            "close": (_("Prüfung abgeschlossen"), False),
        }
        if name in headlines:
            headline, to_authority = headlines[name]
            _notify(actor=actor, proof=proof, headline=headline, to_authority=to_authority)
    return proof


def _finding(
    item: StatementItem, verdict: str, recognised: Decimal | None, reason: str
) -> dict[str, Any]:
    """The fields a finding sets, after checking the rules; ValidationError names the line."""
    label = item_label(item)
    reason = reason.strip()
    if verdict not in ItemVerdict.values:
        raise ValidationError(_("%(item)s: unbekanntes Prüfergebnis.") % {"item": label})
    if verdict == ItemVerdict.OPEN:
        return {"verdict": verdict, "recognised": None, "reason": ""}
    if verdict == ItemVerdict.ACCEPTED:
        return {"verdict": verdict, "recognised": item.actual, "reason": reason}
    if not reason:
        raise ValidationError(
            _("%(item)s: Bitte begründen Sie, warum nicht alles anerkannt wird.") % {"item": label}
        )
    if verdict == ItemVerdict.REJECTED:
        return {"verdict": verdict, "recognised": ZERO, "reason": reason}
    if recognised is None or not ZERO < recognised < item.actual:
        raise ValidationError(
            _(
                "%(item)s: Bei „teilweise anerkannt“ liegt der anerkannte Betrag über 0,00 und "
                "unter dem Ist-Betrag (%(actual)s)."
            )
            % {"item": label, "actual": format_euro(item.actual, cents="always")}
        )
    return {"verdict": verdict, "recognised": money.cents(recognised), "reason": reason}


def statement_item_review(
    *,
    actor,
    item: StatementItem,
    verdict: str,
    recognised: Decimal | None = None,
    reason: str = "",
) -> StatementItem:
    """The authority's finding on one line: accepted (recognised = actual), rejected
    (recognised = 0, with reason) or partly (0 < recognised < actual, with reason). Income lines
    are reviewed the same way; accepted means as stated."""
    findings = {item.pk: (verdict, recognised, reason)}
    statement_items_review(actor=actor, proof=item.proof, findings=findings)
    item.refresh_from_db()
    return item


def statement_items_review(
    *,
    actor,
    proof: ProofOfUse,
    findings: Mapping[int, tuple[str, Decimal | None, str]],
) -> int:
    """Findings on several lines at once ({item pk: (verdict, recognised, reason)}); all or
    nothing. Errors are collected per line (key "item_<pk>"). Returns the number of changed
    lines."""
    with transaction.atomic():
        proof = _lock_proof(proof)
        can_review_proof(actor, proof).enforce()
        items = {item.pk: item for item in proof.items.select_related("project")}
        errors: dict[str, list[str]] = {}
        changes: dict[str, list[Any]] = {}
        changed = []
        for pk, (verdict, recognised, reason) in findings.items():
            item = items.get(pk)
            if item is None:
                raise ValidationError(
                    _("Position %(pk)s gehört nicht zu diesem Nachweis.") % {"pk": pk}
                )
            try:
                data = _finding(item, verdict, recognised, reason)
            except ValidationError as exc:
                errors[f"item_{pk}"] = exc.messages
                continue
            item_changes = apply_changes(item, data)
            if item_changes:
                for field_name, values in item_changes.items():
                    changes[f"{item_label(item)}: {field_name}"] = values
                changed.append(item)
        if errors:
            raise ValidationError(errors)
        for item in changed:
            item.full_clean()
            item.save()
        if changes:
            audit_record(actor=actor, action="proof.review_items", obj=proof, changes=changes)
    return len(changed)


def _decision_draft(*, actor, application: Application, on: dt.date | None):
    """Part D's service drafts the reclaim decision (number, reference, template texts)."""
    from . import decisions

    return decisions.decision_draft(
        actor=actor, application=application, kind=DecisionKind.RECLAIM, on=on
    )


def reclaim_create(
    *, actor, proof: ProofOfUse, due_on: dt.date, on: dt.date | None = None
) -> Reclaim:
    """Draft the reclaim decision: the principal from the figures, interest per payout until the
    due date. The decision's total is principal plus interest; it is issued by part D."""
    today = on or timezone.localdate()
    with transaction.atomic():
        proof = _lock_proof(proof)
        can_create_reclaim(actor, proof).enforce()
        figures = proof_figures(proof)
        if figures.open_items:
            raise ValidationError(
                _("Noch %(count)s Positionen sind nicht geprüft.") % {"count": figures.open_items}
            )
        if figures.reclaim <= 0:
            raise ValidationError(_("Es ist nichts zurückzufordern; schließen Sie die Prüfung ab."))
        if due_on <= today:
            raise ValidationError(
                {
                    "due_on": _("Die Fälligkeit muss nach dem %(date)s liegen.")
                    % {"date": format_date(today)}
                }
            )
        application = proof.application
        computation = interest_computation(
            application,
            figures.reclaim,
            due_on,
            application.programme_year.reclaim_interest_percent,
        )
        decision = _decision_draft(actor=actor, application=application, on=on)
        decision.total = computation.total
        decision.save()
        reclaim = Reclaim(
            decision=decision,
            principal=computation.principal,
            interest_percent=computation.percent,
            interest_until=due_on,
            interest=computation.interest,
            lines=[line.as_json() for line in computation.lines],
        )
        reclaim.full_clean()
        reclaim.save()
        audit_record(
            actor=actor,
            action="reclaim.create",
            obj=reclaim,
            changes={
                **snapshot(
                    reclaim, ["principal", "interest_percent", "interest_until", "interest"]
                ),
                "decision": [None, str(decision)],
                "lines": [None, reclaim.lines],
            },
        )
    return reclaim


def reclaim_record_repayment(*, actor, reclaim: Reclaim, repaid_on: dt.date) -> Reclaim:
    """Record the day the region paid back. The interest is recomputed until that day; the
    decision keeps its lines, the recomputation goes into the audit trail and onto the page."""
    with transaction.atomic():
        reclaim = Reclaim.objects.select_for_update().select_related("decision").get(pk=reclaim.pk)
        can_record_repayment(actor, reclaim).enforce()
        if repaid_on > timezone.localdate():
            raise ValidationError({"repaid_on": _("Das Datum liegt in der Zukunft.")})
        first_payout = min(
            (dt.date.fromisoformat(line["paid_on"]) for line in reclaim.lines), default=None
        )
        if first_payout is not None and repaid_on < first_payout:
            raise ValidationError(
                {
                    "repaid_on": _("Die Rückzahlung liegt vor der Auszahlung am %(date)s.")
                    % {"date": format_date(first_payout)}
                }
            )
        reclaim.repaid_on = repaid_on
        reclaim.save()
        recomputed = reclaim_recomputed(reclaim)
        assert recomputed is not None
        audit_record(
            actor=actor,
            action="reclaim.repaid",
            obj=reclaim,
            changes={
                "repaid_on": [None, repaid_on.isoformat()],
                "interest_recomputed": [str(reclaim.interest), str(recomputed.interest)],
                "total_recomputed": [str(reclaim.total), str(recomputed.total)],
                "lines_recomputed": [None, [line.as_json() for line in recomputed.lines]],
            },
        )
    return reclaim
