"""Writes of deviations (Abweichungen) and their rules: the check that flags, updates and resolves
deviations, the region's reason with its planned correction, the ministry's query, acceptance or
comment, and the rules themselves. Reads (deviations_of, open_deviation_counts) are in
zielwerk/steering/deviations.py.

Without any rule for a programme the check uses DEFAULT_RULE (below 80 % or above 120 % of the
pro-rata plan, from 60 days into the target's period). A deviation needs a stored rule, so the
first deviation found under the default stores it as the programme's rule (audited) – from then on
the ministry sees and may change it on the rules page.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zielwerk.accounts.choices import Role
from zielwerk.accounts.selectors import people_with_role
from zielwerk.agreements.models import AgreementVersion
from zielwerk.core.audit import audit_record
from zielwerk.core.formats import format_date
from zielwerk.notifications.services import notification_send
from zielwerk.organisations.choices import OrganisationKind
from zielwerk.programmes.models import Programme, ProgrammeYear

from ..choices import OPEN_DEVIATION_STATUSES, DeviationStatus, MessageKind
from ..figures import judge, rule_for, target_figures, targets_with_context
from ..models import Deviation, DeviationMessage, DeviationRule, Target
from ..permissions import (
    can_answer_deviation,
    can_check_deviations,
    can_explain_deviation,
    can_manage_rules,
)
from ..selectors import BINDING_STATUSES

DEFAULT_LOWER = Decimal(80)
DEFAULT_UPPER = Decimal(120)
DEFAULT_MIN_DAYS = 60
DEFAULT_RULE_NAME = "Standardregel: unter 80 % oder über 120 % des anteiligen Plans"


def default_rule(programme: Programme) -> DeviationRule:
    """The built-in rule of a programme without rules (not saved)."""
    return DeviationRule(
        programme=programme,
        name=DEFAULT_RULE_NAME,
        metric="",
        lower_percent=DEFAULT_LOWER,
        upper_percent=DEFAULT_UPPER,
        min_elapsed_days=DEFAULT_MIN_DAYS,
        active=True,
    )


@dataclass(frozen=True)
class CheckResult:
    flagged: int  # new deviations
    updated: int  # open deviations whose figures were refreshed
    resolved: int  # open deviations back within the corridor


def _binding_versions(programme_year: ProgrammeYear) -> list[AgreementVersion]:
    """The version in force of every agreement of the year (as selectors.binding_version), in
    one query."""
    versions = (
        AgreementVersion.objects.filter(
            agreement__programme_year=programme_year, status__in=BINDING_STATUSES
        )
        .select_related("agreement__region")
        .order_by("agreement_id", "-number")
    )
    newest: dict[int, AgreementVersion] = {}
    for version in versions:
        newest.setdefault(version.agreement_id, version)
    return list(newest.values())


def _stored_rule(rule: DeviationRule, actor) -> DeviationRule:
    if rule.pk is None:
        rule.save()
        audit_record(
            actor=actor,
            action="steering.rule.create",
            obj=rule,
            changes={
                "lower_percent": [None, str(DEFAULT_LOWER)],
                "upper_percent": [None, str(DEFAULT_UPPER)],
                "min_elapsed_days": [None, DEFAULT_MIN_DAYS],
            },
            reason=_("Standardregel bei der ersten Abweichung gespeichert"),
        )
    return rule


def _notify_flagged(deviations: list[Deviation], actor) -> None:
    by_agreement: dict[int, list[Deviation]] = defaultdict(list)
    for deviation in deviations:
        by_agreement[deviation.agreement_id].append(deviation)
    for items in by_agreement.values():
        agreement = items[0].agreement
        region = agreement.region
        year = agreement.programme_year.year
        lines = [
            f"– {d.target.label}: {d.get_direction_display()} ({d.ratio_percent} %)" for d in items
        ]
        for person in people_with_role(
            Role.REGION_COORDINATOR, organisation_id=region.administration_id, exclude=actor
        ):
            notification_send(
                recipient=person,
                title=_("Neue Abweichung in der Zielsteuerung %(region)s %(year)s")
                % {"region": region.name, "year": year},
                body=_(
                    "Bei der Prüfung zum Stichtag %(day)s lagen diese Zielwerte außerhalb des "
                    "Rahmens. Bitte geben Sie eine Begründung und die geplante Gegensteuerung "
                    "an.\n%(lines)s"
                )
                % {"day": format_date(items[0].as_of), "lines": "\n".join(lines)},
                link=reverse(
                    "steering:deviation_list", kwargs={"year": year, "region": region.slug}
                ),
            )


def _resolve(deviation: Deviation, numbers: dict, *, actor, on: dt.date) -> None:
    before = (deviation.status, str(deviation.ratio_percent))
    deviation.status = DeviationStatus.RESOLVED
    deviation.closed_on = on
    for name, value in numbers.items():
        setattr(deviation, name, value)
    deviation.save()
    audit_record(
        actor=actor,
        action="steering.deviation.resolve",
        obj=deviation,
        changes={
            "status": [before[0], deviation.status],
            "ratio_percent": [before[1], str(deviation.ratio_percent)],
            "as_of": [None, deviation.as_of.isoformat()],
        },
    )


def _flag(fig, rule: DeviationRule, direction: str, numbers: dict, *, actor, on) -> Deviation:
    target = fig.target
    deviation = Deviation.objects.create(
        agreement=target.version.agreement,
        target=target,
        target_key=target.key,
        rule=_stored_rule(rule, actor),
        direction=direction,
        detected_on=on,
        **numbers,
    )
    audit_record(
        actor=actor,
        action="steering.deviation.flag",
        obj=deviation,
        changes={
            "target_key": [None, target.key],
            "direction": [None, direction],
            "status": [None, deviation.status],
            "ratio_percent": [None, str(deviation.ratio_percent)],
            "as_of": [None, deviation.as_of.isoformat()],
        },
    )
    return deviation


def deviations_check(
    *, actor, programme_year: ProgrammeYear, as_of: dt.date, on: dt.date | None = None
) -> CheckResult:
    """Compare every target of the binding versions of the year with its rule on the cut-off
    day. `actor` None is the scheduled run (management command); `on` is the day of the check
    (today unless the demo replays the past).

    Per target key and agreement: an open deviation in the direction judged now gets the new
    figures; an open one in another direction is resolved once the target is judged (enough
    days passed, a plan to compare with); a direction without an open deviation opens one."""
    on = on or timezone.localdate()
    with transaction.atomic():
        if actor is not None:
            can_check_deviations(actor).enforce()
        versions = _binding_versions(programme_year)
        targets = targets_with_context(Target.objects.filter(version__in=versions))
        figures = target_figures(targets, as_of)  # two queries for all regions
        rules = list(DeviationRule.objects.filter(programme_id=programme_year.programme_id))
        fallback = default_rule(programme_year.programme) if not rules else None
        open_ones: dict[tuple[int, str], dict[str, Deviation]] = defaultdict(dict)
        for open_deviation in Deviation.objects.select_for_update().filter(
            agreement_id__in=[v.agreement_id for v in versions],
            status__in=OPEN_DEVIATION_STATUSES,
        ):
            key = (open_deviation.agreement_id, open_deviation.target_key)
            open_ones[key][open_deviation.direction] = open_deviation
        flagged: list[Deviation] = []
        updated = resolved = 0
        for fig in figures:
            target = fig.target
            rule = rule_for(rules, target.metric) if rules else fallback
            direction = judge(fig, rule)
            ratio = fig.ratio_percent
            judged = (
                rule is not None and ratio is not None and fig.elapsed_days >= rule.min_elapsed_days
            )
            numbers = {
                "checked_on": on,
                "as_of": as_of,
                "planned_to_date": fig.planned_to_date,
                "actual": fig.actual,
                "ratio_percent": ratio if ratio is not None else Decimal(0),
            }
            existing = open_ones[(target.version.agreement_id, target.key)]
            for old_direction, deviation in list(existing.items()):
                if old_direction == direction:
                    for name, value in numbers.items():
                        setattr(deviation, name, value)
                    deviation.target = target  # an amendment in force replaces the target
                    deviation.save()
                    updated += 1
                elif judged:
                    _resolve(deviation, numbers, actor=actor, on=on)
                    del existing[old_direction]
                    resolved += 1
            if direction is not None and rule is not None and direction not in existing:
                existing[direction] = _flag(fig, rule, direction, numbers, actor=actor, on=on)
                flagged.append(existing[direction])
        result = CheckResult(flagged=len(flagged), updated=updated, resolved=resolved)
        audit_record(
            actor=actor,
            action="steering.deviations.check",
            obj=programme_year,
            changes={
                "as_of": [None, as_of.isoformat()],
                "flagged": [None, result.flagged],
                "updated": [None, result.updated],
                "resolved": [None, result.resolved],
            },
        )
        _notify_flagged(flagged, actor)
    return result


# --- messages --------------------------------------------------------------------------------


def _detail_link(deviation: Deviation) -> str:
    return reverse("steering:deviation_detail", kwargs={"pk": deviation.pk})


def _subject(deviation: Deviation) -> dict[str, object]:
    agreement = deviation.agreement
    return {
        "target": deviation.target.label,
        "region": agreement.region.name,
        "year": agreement.programme_year.year,
    }


def _locked(deviation: Deviation) -> Deviation:
    return (
        Deviation.objects.select_for_update(of=("self",))
        .select_related("agreement__region", "agreement__programme_year", "target")
        .get(pk=deviation.pk)
    )


def deviation_explain(
    *, actor, deviation: Deviation, reason: str, correction: str, on: dt.date | None = None
) -> DeviationMessage:
    """The region's reason and planned correction; the ministry is told."""
    reason, correction = (reason or "").strip(), (correction or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Bitte geben Sie die Begründung der Abweichung an.")
    if not correction:
        errors["correction"] = _(
            "Bitte beschreiben Sie die geplante Gegensteuerung (oder warum keine nötig ist)."
        )
    with transaction.atomic():
        deviation = _locked(deviation)
        can_explain_deviation(actor, deviation).enforce()
        if errors:
            raise ValidationError(errors)
        message = DeviationMessage.objects.create(
            deviation=deviation,
            kind=MessageKind.REASON,
            body=reason,
            correction=correction,
            author=actor,
            written_on=on or timezone.localdate(),
        )
        before = deviation.status
        deviation.status = DeviationStatus.EXPLAINED
        deviation.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="steering.deviation.explain",
            obj=deviation,
            changes={
                "status": [before, deviation.status],
                "written_on": [None, str(message.written_on)],
            },
        )
        for person in people_with_role(
            Role.MINISTRY_STAFF, organisation_kind=OrganisationKind.MINISTRY, exclude=actor
        ):
            notification_send(
                recipient=person,
                title=_("Begründung zur Abweichung „%(target)s“ (%(region)s %(year)s)")
                % _subject(deviation),
                body=reason,
                link=_detail_link(deviation),
            )
    return message


ANSWER_KINDS = {
    "query": (MessageKind.QUERY, DeviationStatus.QUERIED),
    "accept": (MessageKind.ACCEPTANCE, DeviationStatus.ACCEPTED),
    "comment": (MessageKind.COMMENT, None),
}


def deviation_answer(
    *, actor, deviation: Deviation, kind: str, body: str, on: dt.date | None = None
) -> DeviationMessage:
    """The ministry's query (→ queried), acceptance (→ accepted, closed) or comment (status
    unchanged); the region is told."""
    if kind not in ANSWER_KINDS:
        raise ValidationError(
            {"kind": _("Bitte wählen Sie Rückfrage, Anerkennung oder Kommentar.")}
        )
    body = (body or "").strip()
    on = on or timezone.localdate()
    with transaction.atomic():
        deviation = _locked(deviation)
        can_answer_deviation(actor, deviation).enforce()
        if not body:
            raise ValidationError({"body": _("Bitte schreiben Sie Ihre Antwort.")})
        message_kind, status = ANSWER_KINDS[kind]
        if kind == "query" and deviation.status != DeviationStatus.EXPLAINED:
            raise ValidationError(
                {"kind": _("Eine Rückfrage ist möglich, sobald die Begründung vorliegt.")}
            )
        if kind == "accept" and deviation.status == DeviationStatus.OPEN:
            raise ValidationError(
                {"kind": _("Anerkennen können Sie die Abweichung, sobald sie begründet ist.")}
            )
        message = DeviationMessage.objects.create(
            deviation=deviation, kind=message_kind, body=body, author=actor, written_on=on
        )
        before = deviation.status
        if status is not None:
            deviation.status = status
            deviation.closed_on = on if status == DeviationStatus.ACCEPTED else None
            deviation.save(update_fields=["status", "closed_on"])
        audit_record(
            actor=actor,
            action=f"steering.deviation.{kind}",
            obj=deviation,
            changes={"status": [before, deviation.status], "written_on": [None, str(on)]},
        )
        region = deviation.agreement.region
        for person in people_with_role(
            Role.REGION_COORDINATOR, organisation_id=region.administration_id, exclude=actor
        ):
            notification_send(
                recipient=person,
                title=_("%(kind)s zur Abweichung „%(target)s“ (%(region)s %(year)s)")
                % {"kind": message.get_kind_display(), **_subject(deviation)},
                body=body,
                link=_detail_link(deviation),
            )
    return message


# --- rules -------------------------------------------------------------------------------------

RULE_FIELDS = (
    "programme",
    "name",
    "metric",
    "lower_percent",
    "upper_percent",
    "min_elapsed_days",
    "active",
)


def rule_save(*, actor, rule: DeviationRule | None, values: dict) -> DeviationRule:
    """Create (rule None) or change a deviation rule. values: the keys of RULE_FIELDS."""
    if values.get("lower_percent") is None and values.get("upper_percent") is None:
        raise ValidationError(
            {"lower_percent": _("Bitte geben Sie mindestens eine Schwelle an (unten oder oben).")}
        )
    lower, upper = values.get("lower_percent"), values.get("upper_percent")
    if lower is not None and upper is not None and lower >= upper:
        raise ValidationError(
            {"upper_percent": _("Die obere Schwelle muss über der unteren liegen.")}
        )
    with transaction.atomic():
        can_manage_rules(actor).enforce()
        creating = rule is None
        rule = rule or DeviationRule()
        changes = {
            name: [str(getattr(rule, name, None) if not creating else ""), str(values.get(name))]
            for name in RULE_FIELDS
            if creating or getattr(rule, name) != values.get(name)
        }
        for name in RULE_FIELDS:
            setattr(rule, name, values.get(name) if name != "metric" else values.get(name) or "")
        rule.full_clean()
        rule.save()
        audit_record(
            actor=actor,
            action="steering.rule.create" if creating else "steering.rule.update",
            obj=rule,
            changes=changes,
        )
    return rule
