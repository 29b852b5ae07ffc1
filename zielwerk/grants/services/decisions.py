"""Decisions (Bescheide): drafting, editing, issuing and deleting drafts; the authority's templates.

A draft copies the texts of the newest template of its kind with the placeholders still in them
({total}, {proof_deadline}, …): the amounts and dates change while the draft is edited, and the
pages and documents show the draft filled with the current values (`decision_texts`). Issuing
fills the placeholders for good; an issued decision never changes (a further decision amends or
revokes it).

Every write is permission-checked first, runs in a transaction with the application (and the
decision) locked, and is audited. Issuing tells the region's coordinators.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zielwerk.accounts.choices import Role
from zielwerk.accounts.selectors import people_with_role
from zielwerk.core.audit import apply_changes, audit_record, snapshot
from zielwerk.core.formats import format_date, format_euro
from zielwerk.notifications.services import notification_send

from .. import selectors, templating, workflows
from ..choices import (
    APPROVING_KINDS,
    ApplicationStatus,
    DecisionKind,
    DecisionStatus,
    ReviewKind,
    ReviewResult,
)
from ..models import Application, ApplicationReview, Decision, DecisionItem, DecisionTemplate
from ..permissions import can_draft_decision, can_edit_decision, can_edit_templates

ZERO = Decimal("0.00")
TEXT_FIELDS = ("title", "intro", "conditions", "reasons", "remedy", "closing")
REQUIRED_TEXTS = ("title", "intro", "remedy")
TITLE_LENGTH = 200  # Notification.title


class _Keep:
    """Marker for 'leave this field as it is' (None clears a date)."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()


def _money(value: Decimal) -> str:
    return format_euro(value, cents="always", unit="€")


# --- reading helpers shared by the pages, the documents and the API ----------------------------


def decision_amount(decision: Decision) -> Decimal:
    """What the decision is about: the approved total, or for a reclaim decision the amount to
    pay back with interest (as soon as the reclaim has been computed)."""
    if decision.kind == DecisionKind.RECLAIM and not decision.is_issued:
        reclaim = getattr(decision, "reclaim", None)
        return reclaim.total if reclaim is not None else ZERO
    return decision.total


def decision_context(decision: Decision) -> dict[str, str]:
    context = templating.decision_context(decision)
    context["total"] = _money(decision_amount(decision))
    return context


def decision_texts(decision: Decision) -> dict[str, str]:
    """The decision's texts as the addressee reads them: an issued decision's texts as issued,
    a draft's filled with its current amounts and dates."""
    texts = {field: getattr(decision, field) for field in TEXT_FIELDS}
    if decision.is_issued:
        return texts
    context = decision_context(decision)
    return {field: templating.fill(text, context) for field, text in texts.items()}


def template_for(kind: str, year: int) -> DecisionTemplate | None:
    """The newest template of the kind that applies to the programme year."""
    return (
        DecisionTemplate.objects.filter(kind=kind, valid_from_year__lte=year)
        .order_by("-valid_from_year")
        .first()
    )


def field_label(field: str) -> str:
    """The German name of a text field of the decision ("Begründung")."""
    return str(getattr(Decision._meta.get_field(field), "verbose_name", field))


def decision_problems(decision: Decision) -> list[str]:
    """Everything that keeps the draft from being issued, in German (empty: it may be issued)."""
    problems: list[str] = []
    for field in TEXT_FIELDS:
        unknown = templating.unknown_placeholders(getattr(decision, field))
        if unknown:
            problems.append(
                _("%(field)s enthält unbekannte Platzhalter: %(names)s.")
                % {
                    "field": field_label(field),
                    "names": ", ".join(f"{{{name}}}" for name in unknown),
                }
            )
    for field in REQUIRED_TEXTS:
        if not getattr(decision, field).strip():
            problems.append(_("„%(field)s“ darf nicht leer sein.") % {"field": field_label(field)})
    if decision.kind == DecisionKind.RECLAIM:
        if getattr(decision, "reclaim", None) is None:
            problems.append(_("Die Rückforderung ist noch nicht berechnet."))
        return problems
    problems.extend(_item_problems(decision))
    if decision.kind in (DecisionKind.GRANT, DecisionKind.AMENDMENT) and not decision.proof_due_on:
        problems.append(_("Bitte geben Sie die Frist für den Verwendungsnachweis an."))
    return problems


def _item_problems(decision: Decision) -> list[str]:
    problems: list[str] = []
    items = list(decision.items.select_related("project"))
    if not items:
        problems.append(_("Der Bescheid enthält keine Projekte."))
    previous = (
        {item.project_id: item.approved for item in decision.previous.items.all()}
        if decision.previous_id and decision.previous is not None
        else {}
    )
    for item in items:
        code = item.project.code
        if item.approved > item.applied:
            problems.append(
                _(
                    "%(project)s: Der bewilligte Betrag (%(approved)s) ist höher als der "
                    "beantragte (%(applied)s)."
                )
                % {
                    "project": code,
                    "approved": _money(item.approved),
                    "applied": _money(item.applied),
                }
            )
        elif item.approved < item.applied and not item.reason.strip():
            problems.append(
                _(
                    "%(project)s: Es wird weniger bewilligt als beantragt; bitte begründen Sie "
                    "die Teilbewilligung."
                )
                % {"project": code}
            )
        if decision.kind == DecisionKind.REVOCATION:
            before = previous.get(item.project_id, ZERO)
            if item.approved > before:
                problems.append(
                    _(
                        "%(project)s: Ein Widerruf kann den Betrag nicht erhöhen "
                        "(bisher %(before)s, jetzt %(approved)s)."
                    )
                    % {"project": code, "before": _money(before), "approved": _money(item.approved)}
                )
    total = sum((item.approved for item in items), ZERO)
    allocation = selectors.allocation_amount(decision.application)
    region = decision.application.region.name
    if allocation is None:
        problems.append(
            _("Für %(region)s ist keine Mittelzuweisung für das Programmjahr erfasst.")
            % {"region": region}
        )
    elif total > allocation:
        problems.append(
            _(
                "Die bewilligte Summe (%(total)s) übersteigt die Mittelzuweisung an %(region)s "
                "(%(allocation)s)."
            )
            % {"total": _money(total), "region": region, "allocation": _money(allocation)}
        )
    return problems


# --- notifications -------------------------------------------------------------------------------


def _notify_issued(*, actor, decision: Decision) -> int:
    application = decision.application
    title = _("%(kind)s erlassen: %(region)s %(year)s") % {
        "kind": decision.get_kind_display(),
        "region": application.region.name,
        "year": application.programme_year.year,
    }
    body = _(
        "Die Bewilligungsbehörde hat den %(kind)s Nr. %(number)s (Aktenzeichen %(reference)s) "
        "vom %(date)s über %(amount)s erlassen."
    ) % {
        "kind": decision.get_kind_display(),
        "number": decision.number,
        "reference": decision.reference,
        "date": format_date(decision.issued_on),
        "amount": _money(decision.total),
    }
    link = reverse("grants:decision_detail", kwargs={"pk": decision.pk})
    recipients = people_with_role(
        Role.REGION_COORDINATOR, organisation_id=application.region.administration_id, exclude=actor
    )
    for recipient in recipients:
        notification_send(recipient=recipient, title=title[:TITLE_LENGTH], body=body, link=link)
    return len(recipients)


# --- writes --------------------------------------------------------------------------------------


def _lock_application(application: Application) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("region", "programme_year__programme")
        .get(pk=application.pk)
    )


def _check_reviews(application: Application) -> None:
    results = dict(
        ApplicationReview.objects.filter(application=application).values_list("kind", "result")
    )
    missing = [
        str(label)
        for kind, label in ReviewKind.choices
        if results.get(kind, ReviewResult.OPEN) == ReviewResult.OPEN
    ]
    if missing:
        raise ValidationError(
            _("Vor dem Zuwendungsbescheid fehlt noch: %(reviews)s.")
            % {"reviews": ", ".join(missing)}
        )


def _check_draftable(application: Application, kind: str) -> Decision | None:
    """Refuse what may not be drafted now; return the decision the new one refers to."""
    decisions = Decision.objects.filter(application=application)
    if kind == DecisionKind.GRANT:
        if application.status != ApplicationStatus.IN_REVIEW:
            raise ValidationError(
                _("Einen Zuwendungsbescheid gibt es nur für einen Antrag in Prüfung.")
            )
        _check_reviews(application)
        if decisions.filter(kind=DecisionKind.GRANT).exists():
            raise ValidationError(_("Zu diesem Antrag gibt es bereits einen Zuwendungsbescheid."))
        return None
    if application.status != ApplicationStatus.DECIDED:
        raise ValidationError(
            _("Ein %(kind)s setzt einen erlassenen Zuwendungsbescheid voraus.")
            % {"kind": DecisionKind(kind).label}
        )
    previous = selectors.effective_decision(application)
    if previous is None:
        raise ValidationError(_("Es gibt keinen wirksamen Bescheid, auf den sich dieser bezieht."))
    open_kinds = APPROVING_KINDS if kind in APPROVING_KINDS else (DecisionKind.RECLAIM,)
    if decisions.filter(status=DecisionStatus.DRAFT, kind__in=open_kinds).exists():
        raise ValidationError(
            _(
                "Es gibt bereits einen Entwurf; bitte erlassen oder löschen Sie ihn, bevor Sie "
                "einen weiteren anlegen."
            )
        )
    return previous


def decision_draft(*, actor, application: Application, kind: str, on: dt.date | None = None):
    """A new draft decision of the kind, numbered after the application's others, with the
    texts of the newest template for the year. A grant lists every project of the application
    with the amount applied for (approved = applied); an amendment or revocation copies the
    items of the effective decision (applied, approved, reason); a reclaim decision has no items
    (part V adds the Reclaim). `on` proposes the decision date."""
    can_draft_decision(actor, application).enforce()
    if kind not in DecisionKind.values:
        raise ValidationError(_("Diese Art von Bescheid gibt es nicht."))
    with transaction.atomic():
        application = _lock_application(application)
        previous = _check_draftable(application, kind)
        programme_year = application.programme_year
        template = template_for(kind, programme_year.year)
        if template is None:
            raise ValidationError(
                _("Für %(kind)s %(year)s gibt es keine Bescheidvorlage.")
                % {"kind": DecisionKind(kind).label, "year": programme_year.year}
            )
        number = (
            Decision.objects.filter(application=application).aggregate(last=Max("number"))["last"]
            or 0
        ) + 1
        base = application.reference or f"{application.region.code}-{programme_year.year}"
        decision = Decision(
            application=application,
            kind=kind,
            number=number,
            previous=previous,
            reference=f"{base}-{number}",
            proof_due_on=(previous.proof_due_on if previous else None)
            or programme_year.proof_deadline,
            issued_on=on,
            created_by=actor if getattr(actor, "pk", None) else None,
            **{field: getattr(template, field) for field in TEXT_FIELDS},
        )
        decision.full_clean()
        decision.save()
        items = _draft_items(decision, application, previous)
        DecisionItem.objects.bulk_create(items)
        decision.total = sum((item.approved for item in items), ZERO)
        decision.save(update_fields=["total", "updated_at"])
        audit_record(
            actor=actor,
            action="decision.draft",
            obj=decision,
            changes=snapshot(decision, ["kind", "number", "reference", "total", "previous"]),
            reason=str(template),
        )
    return decision


def _draft_items(
    decision: Decision, application: Application, previous: Decision | None
) -> list[DecisionItem]:
    if decision.kind == DecisionKind.RECLAIM:
        return []
    if previous is None:
        return [
            DecisionItem(
                decision=decision,
                project=project,
                applied=project.grant_requested,
                approved=project.grant_requested,
            )
            for project in application.projects().order_by("code")
        ]
    return [
        DecisionItem(
            decision=decision,
            project_id=item.project_id,
            # The request stays what it was: an amendment may raise an amount up to it again.
            applied=item.applied,
            approved=item.approved,
            reason=item.reason,
        )
        for item in previous.items.all()
    ]


def _approved_sum(decision: Decision) -> Decimal:
    # summed in Python: exact Decimals on every database (SQLite's SUM goes through float)
    return sum(decision.items.values_list("approved", flat=True), ZERO)


def _lock_draft(decision: Decision) -> Decision:
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.status != DecisionStatus.DRAFT:
        raise ValidationError(
            _("Ein erlassener Bescheid ändert sich nicht; erlassen Sie einen Änderungsbescheid.")
        )
    return decision


def _check_texts(texts: Mapping[str, str]) -> None:
    errors: dict[str, list[str]] = {}
    for field, text in texts.items():
        if field not in TEXT_FIELDS:
            raise ValidationError(_("Unbekanntes Textfeld „%(field)s“.") % {"field": field})
        unknown = templating.unknown_placeholders(text)
        if unknown:
            errors.setdefault(field, []).append(
                _("Unbekannte Platzhalter: %(names)s. Erlaubt sind: %(allowed)s.")
                % {
                    "names": ", ".join(f"{{{name}}}" for name in unknown),
                    "allowed": ", ".join(f"{{{name}}}" for name in templating.PLACEHOLDERS),
                }
            )
        if field in REQUIRED_TEXTS and not text.strip():
            errors.setdefault(field, []).append(_("Dieser Text darf nicht leer sein."))
    if errors:
        raise ValidationError(errors)


def decision_update(
    *,
    actor,
    decision: Decision,
    items: Mapping[int, tuple[Decimal, str]] | None = None,
    texts: Mapping[str, str] | None = None,
    proof_due_on: Any = KEEP,
    issued_on: Any = KEEP,
) -> Decision:
    """Change a draft: approved amount and reason per project ({project_id: (approved,
    reason)}), texts ({field: text}, placeholders allowed), the proof-of-use deadline and the
    proposed decision date. The ceilings are checked when the decision is issued."""
    can_edit_decision(actor, decision).enforce()
    texts = dict(texts or {})
    _check_texts(texts)
    with transaction.atomic():
        _lock_application(decision.application)
        decision = _lock_draft(decision)
        changes = _update_items(decision, items or {})
        data: dict[str, Any] = dict(texts)
        if proof_due_on is not KEEP:
            data["proof_due_on"] = proof_due_on
        if issued_on is not KEEP:
            data["issued_on"] = issued_on
        if decision.is_approving:
            data["total"] = _approved_sum(decision)
        changes.update(apply_changes(decision, data))
        decision.full_clean()
        decision.save()
        if changes:
            audit_record(actor=actor, action="decision.update", obj=decision, changes=changes)
    return decision


def _update_items(decision: Decision, items: Mapping[int, tuple[Decimal, str]]) -> dict:
    if items and not decision.is_approving:
        raise ValidationError(_("Ein Rückforderungsbescheid hat keine Projektpositionen."))
    existing = {item.project_id: item for item in decision.items.select_related("project")}
    changes: dict[str, list] = {}
    for project_id, (approved, reason) in items.items():
        item = existing.get(project_id)
        if item is None:
            raise ValidationError(_("Dieses Projekt gehört nicht zum Bescheid."))
        if approved is None or approved < 0:
            raise ValidationError(
                _("%(project)s: Bitte geben Sie einen Betrag von mindestens 0,00 € an.")
                % {"project": item.project.code}
            )
        item_changes = apply_changes(item, {"approved": approved, "reason": reason.strip()})
        if item_changes:
            item.full_clean()
            item.save()
            for field, values in item_changes.items():
                changes[f"{item.project.code}.{field}"] = values
    return changes


def decision_issue(*, actor, decision: Decision, on: dt.date | None = None) -> Decision:
    """Issue the draft: checks the amounts (see decision_problems), fills the placeholders,
    dates and signs it. A grant decision moves the application to "decided", a reclaim decision
    the proof of use to "reclaim". The region's coordinators are told."""
    can_edit_decision(actor, decision).enforce()
    workflows.DECISION.check(actor, decision, "issue")
    with transaction.atomic():
        application = _lock_application(decision.application)
        decision = _lock_draft(decision)
        decision.application = application
        problems = decision_problems(decision)
        if decision.kind != DecisionKind.GRANT:
            effective = selectors.effective_decision(application)
            if decision.previous_id != (effective.pk if effective else None):
                problems.append(
                    _(
                        "Seit dem Entwurf ist ein weiterer Bescheid erlassen worden; bitte legen "
                        "Sie den Entwurf neu an."
                    )
                )
        if problems:
            raise ValidationError(problems)
        before = snapshot(decision, ["status", "total", "issued_on"])
        if decision.kind == DecisionKind.RECLAIM:
            decision.total = decision.reclaim.total
            _move_proof_to_reclaim(actor, application)
        else:
            decision.total = _approved_sum(decision)
        if decision.kind == DecisionKind.GRANT:
            workflows.APPLICATION.check(actor, application, "decide")
            application.status = ApplicationStatus.DECIDED
            application.save(update_fields=["status", "updated_at"])
            audit_record(
                actor=actor,
                action="application.decide",
                obj=application,
                changes={"status": [ApplicationStatus.IN_REVIEW, ApplicationStatus.DECIDED]},
            )
        decision.issued_on = on or decision.issued_on or timezone.localdate()
        context = decision_context(decision)
        for field in TEXT_FIELDS:
            setattr(decision, field, templating.fill(getattr(decision, field), context))
        decision.status = DecisionStatus.ISSUED
        # A replayed day (demo) is stamped at noon of that day, otherwise now; in UTC like now()
        # (the PDF's creation date needs a fixed offset).
        decision.issued_at = (
            timezone.make_aware(dt.datetime.combine(on, dt.time(12, 0))).astimezone(dt.UTC)
            if on is not None
            else timezone.now()
        )
        decision.issued_by = actor if getattr(actor, "pk", None) else None
        decision.full_clean()
        decision.save()
        after = snapshot(decision, ["status", "total", "issued_on"])
        audit_record(
            actor=actor,
            action="decision.issue",
            obj=decision,
            changes={field: [before[field][1], after[field][1]] for field in after},
        )
        _notify_issued(actor=actor, decision=decision)
    return decision


def _move_proof_to_reclaim(actor, application: Application) -> None:
    from ..models import ProofOfUse

    proof = ProofOfUse.objects.select_for_update().filter(application=application).first()
    if proof is None:
        raise ValidationError(_("Zu diesem Antrag gibt es keinen Verwendungsnachweis."))
    old = proof.status
    workflows.PROOF.check(actor, proof, "reclaim")
    proof.status = workflows.PROOF.get("reclaim").target  # type: ignore[union-attr]
    proof.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor, action="proof.reclaim", obj=proof, changes={"status": [old, proof.status]}
    )


def decision_delete(*, actor, decision: Decision) -> None:
    """Delete a draft (with its items and, for a reclaim decision, the computed reclaim)."""
    can_edit_decision(actor, decision).enforce()
    with transaction.atomic():
        _lock_application(decision.application)
        decision = _lock_draft(decision)
        audit_record(
            actor=actor,
            action="decision.delete",
            obj=decision,
            changes=snapshot(decision, ["kind", "number", "reference", "total"]),
        )
        reclaim = getattr(decision, "reclaim", None)
        if reclaim is not None:
            audit_record(actor=actor, action="reclaim.delete", obj=reclaim)
            reclaim.delete()
        decision.delete()


def template_update(*, actor, template: DecisionTemplate, **texts: str) -> DecisionTemplate:
    """Change the wording of a template. Texts with unknown placeholders are refused (the
    message names them); decisions already drafted keep their own copy."""
    can_edit_templates(actor).enforce()
    _check_texts(texts)
    with transaction.atomic():
        template = DecisionTemplate.objects.select_for_update().get(pk=template.pk)
        changes = apply_changes(template, texts)
        if changes:
            template.updated_by = actor if getattr(actor, "pk", None) else None
            template.full_clean()
            template.save()
            audit_record(
                actor=actor, action="decision_template.update", obj=template, changes=changes
            )
    return template
