"""Writes of the targets (Zielwerte) of an agreement version: the edited table, the proposal
drafted from the version's projects, the planned values per month or quarter, and the import of
the figures of an already signed agreement.

Targets are part of the agreement, so they are edited with the agreement's own rule
(permissions.can_edit_targets): only the current version while it may be changed. The one
exception is `targets_set_for_import`: a signed agreement whose Eckdaten were agreed on paper is
given its targets afterwards, by the ministry, with the reason in the audit log.

A row is a mapping with the keys of ROW_FIELDS (project and measure_type as objects or None,
value as Decimal, dates as dates) and, for the import only, "phases": planned values in the order
of phase_periods().
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from zielwerk.agreements.models import AgreementVersion
from zielwerk.agreements.permissions import is_ministry
from zielwerk.core.audit import audit_record
from zielwerk.core.formats import format_date, format_number

from ..choices import Metric, Phasing, TargetScope
from ..models import Target, TargetPhase
from ..permissions import can_edit_targets

ROW_FIELDS = (
    "key",
    "label",
    "metric",
    "scope",
    "project",
    "measure_type",
    "value",
    "period_from",
    "period_to",
    "phasing",
    "note",
)
# Fields whose change makes the planned values per month or quarter meaningless.
PHASE_FIELDS = ("value", "period_from", "period_to", "phasing")
IMPORT_REASON = "Eckdaten aus der unterzeichneten Zielvereinbarung übernommen"
KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


# --- checks shared by the form and the services -------------------------------------------------


def row_problems(version: AgreementVersion, row: Mapping[str, Any]) -> dict[str, str]:
    """{field: German message} for one row; empty when the row is consistent."""
    problems: dict[str, str] = {}
    agreement = version.agreement
    year = agreement.programme_year.year
    key = row.get("key") or ""
    if not KEY_PATTERN.match(key):
        problems["key"] = _(
            "Die Kennung „%(key)s“ darf nur Kleinbuchstaben, Ziffern und einzelne Bindestriche "
            "enthalten, z. B. „fib-eintritte“."
        ) % {"key": key}
    scope, metric = row.get("scope"), row.get("metric")
    project, measure_type = row.get("project"), row.get("measure_type")
    if scope == TargetScope.PROJECT:
        if project is None:
            problems["project"] = _("Bei Bezug „Projekt“ wählen Sie bitte das Projekt.")
        elif (
            project.region_id != agreement.region_id
            or project.programme_year_id != agreement.programme_year_id
        ):
            problems["project"] = _(
                "Das Projekt %(code)s gehört nicht zu %(region)s im Programmjahr %(year)s."
            ) % {"code": project.code, "region": agreement.region.name, "year": year}
        if measure_type is not None:
            problems["measure_type"] = _(
                "Bei Bezug „Projekt“ bleibt die Maßnahmenart leer; sie ergibt sich aus dem Projekt."
            )
    elif scope == TargetScope.MEASURE_TYPE:
        if measure_type is None:
            problems["measure_type"] = _("Bei Bezug „Maßnahmenart“ wählen Sie bitte die Art.")
        if project is not None:
            problems["project"] = _("Bei Bezug „Maßnahmenart“ bleibt das Projekt leer.")
    elif scope == TargetScope.REGION:
        if project is not None:
            problems["project"] = _(
                "Bei Bezug „ganze Gebietskörperschaft“ bleibt das Projekt leer."
            )
        if measure_type is not None:
            problems["measure_type"] = _(
                "Bei Bezug „ganze Gebietskörperschaft“ bleibt die Maßnahmenart leer."
            )
    if metric == Metric.SPENDING and scope != TargetScope.REGION:
        problems["scope"] = _(
            "Ausgaben gibt es nur für die ganze Gebietskörperschaft: ausgezahlt wird je Antrag "
            "der Gebietskörperschaft, nicht je Projekt oder Maßnahmenart."
        )
    first, last = row.get("period_from"), row.get("period_to")
    if isinstance(first, dt.date) and isinstance(last, dt.date):
        if last < first:
            problems["period_to"] = _("Das Ende des Zeitraums liegt vor seinem Beginn.")
        for name, day in (("period_from", first), ("period_to", last)):
            if day.year != year and name not in problems:
                problems[name] = _(
                    "Der %(day)s liegt nicht im Programmjahr %(year)s; der Zeitraum muss "
                    "innerhalb des Jahres liegen."
                ) % {"day": format_date(day), "year": year}
    value = row.get("value")
    if isinstance(value, Decimal) and value < 0:
        problems["value"] = _("Der Zielwert darf nicht negativ sein.")
    return problems


def rows_problems(version: AgreementVersion, rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """Every problem of the rows as a German sentence naming the row; [] when all is well."""
    messages = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        label = row.get("key") or row.get("label") or str(number)
        for message in row_problems(version, row).values():
            messages.append(
                _("Zeile %(number)s (%(label)s): %(message)s")
                % {"number": number, "label": label, "message": message}
            )
        key = row.get("key")
        if key in seen:
            messages.append(
                _(
                    "Die Kennung „%(key)s“ kommt in Zeile %(first)s und %(number)s vor; "
                    "sie muss je Fassung eindeutig sein."
                )
                % {"key": key, "first": seen[key], "number": number}
            )
        elif key:
            seen[key] = number
    return messages


# --- periods of phased targets -----------------------------------------------------------------


def phase_periods(phasing: str, first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The months or calendar quarters from first to last, cut to the period."""
    step = 3 if phasing == Phasing.QUARTERLY else 1
    periods = []
    month = first.month if step == 1 else (first.month - 1) // 3 * 3 + 1
    start = dt.date(first.year, month, 1)
    while start <= last:
        following_month = start.month + step
        following = dt.date(
            start.year + (following_month - 1) // 12, (following_month - 1) % 12 + 1, 1
        )
        end = following - dt.timedelta(days=1)
        periods.append((max(start, first), min(end, last)))
        start = following
    return periods


def phases_problem(target: Target, values: Sequence[Decimal]) -> str:
    """A German message when the planned values do not add up to the target value."""
    total = sum(values, Decimal(0))
    if total == target.value:
        return ""
    difference = target.value - total
    return _(
        "Die Planwerte ergeben zusammen %(total)s, der Zielwert ist %(value)s: es %(verb)s "
        "%(difference)s."
    ) % {
        "total": format_number(total, 2),
        "value": format_number(target.value, 2),
        "verb": _("fehlen") if difference > 0 else _("sind zu viel"),
        "difference": format_number(abs(difference), 2),
    }


def _set_phases(target: Target, values: Sequence[Decimal]) -> None:
    periods = phase_periods(target.phasing, target.period_from, target.period_to)
    if len(values) != len(periods):
        raise ValidationError(
            _("Für „%(label)s“ werden %(expected)s Planwerte erwartet, nicht %(given)s.")
            % {"label": target.label, "expected": len(periods), "given": len(values)}
        )
    problem = phases_problem(target, values)
    if problem:
        raise ValidationError(problem)
    target.phases.all().delete()
    TargetPhase.objects.bulk_create(
        TargetPhase(target=target, starts_on=start, ends_on=end, value=value)
        for (start, end), value in zip(periods, values, strict=True)
    )


# --- writes -----------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def audit_changes(changes: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The changes of _write_rows in the audit log's shape {what: [before, after]}."""
    result: dict[str, list[Any]] = {}
    if changes["added"]:
        result["added"] = [None, list(changes["added"])]
    if changes["removed"]:
        result["removed"] = [list(changes["removed"]), None]
    for key, fields in changes["changed"].items():
        for name, (before, after) in fields.items():
            result[f"{key}.{name}"] = [before, after]
    return result


def _write_rows(version: AgreementVersion, rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Make the version's targets equal to the rows (matched by key); returns the changes."""
    problems = rows_problems(version, rows)
    if problems:
        raise ValidationError(problems)
    existing = {t.key: t for t in Target.objects.filter(version=version)}
    changes: dict[str, Any] = {"added": [], "changed": {}, "removed": []}
    for position, row in enumerate(rows):
        target = existing.pop(row["key"], None)
        values = {name: row.get(name) for name in ROW_FIELDS}
        values["note"] = values["note"] or ""
        values["label"] = (values["label"] or "").strip()
        if target is None:
            target = Target.objects.create(version=version, position=position, **values)
            changes["added"].append(target.key)
        else:
            diff = {
                name: [_plain(getattr(target, name)), _plain(value)]
                for name, value in values.items()
                if getattr(target, name) != value
            }
            if diff or target.position != position:
                for name, value in values.items():
                    setattr(target, name, value)
                target.position = position
                target.save()
            if diff:
                if any(name in diff for name in PHASE_FIELDS) and target.phases.exists():
                    target.phases.all().delete()
                    diff["phases"] = [_("gelöscht"), ""]
                changes["changed"][target.key] = diff
        if row.get("phases"):
            _set_phases(target, row["phases"])
    for key, target in existing.items():
        try:
            target.delete()
        except ProtectedError as exc:
            raise ValidationError(
                _(
                    "Der Zielwert „%(label)s“ ist mit einer Abweichung oder Bewertung verknüpft "
                    "und kann nicht entfernt werden."
                )
                % {"label": target.label}
            ) from exc
        changes["removed"].append(key)
    return changes


def targets_save(*, actor, version: AgreementVersion, rows: Sequence[Mapping[str, Any]]) -> dict:
    """Save the edited targets of the current version. Nothing changes on a ValidationError."""
    with transaction.atomic():
        version = AgreementVersion.objects.select_for_update().get(pk=version.pk)
        can_edit_targets(actor, version).enforce()
        changes = _write_rows(version, rows)
        audit_record(
            actor=actor,
            action="steering.targets.save",
            obj=version,
            changes=audit_changes(changes),
        )
    return changes


def targets_set_for_import(
    *,
    actor,
    version: AgreementVersion,
    rows: Sequence[Mapping[str, Any]],
    reason: str = IMPORT_REASON,
) -> dict:
    """Give a signed version the targets that its paper document agreed (demo, importer).

    Only the ministry may do this, and only for targets that are not in the version yet: the
    figures of a signed agreement are taken over, never changed (a change is an amendment).
    Rows whose key already exists are left as they are; the reason goes to the audit log."""
    if not is_ministry(actor):
        raise ValidationError(
            _("Zielwerte einer unterzeichneten Zielvereinbarung übernimmt das Ministerium.")
        )
    with transaction.atomic():
        version = AgreementVersion.objects.select_for_update().get(pk=version.pk)
        present = list(Target.objects.filter(version=version).order_by("position", "pk"))
        keys = {t.key for t in present}
        new_rows = [row for row in rows if row["key"] not in keys]
        if not new_rows:
            return {"added": [], "changed": {}, "removed": []}
        kept = [{name: getattr(t, name) for name in ROW_FIELDS} for t in present]
        changes = _write_rows(version, [*kept, *new_rows])
        audit_record(
            actor=actor,
            action="steering.targets.import",
            obj=version,
            changes=audit_changes(changes),
            reason=reason,
        )
    return changes


def _year_clip(project, year: int) -> tuple[dt.date, dt.date]:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    start = max(project.starts_on, first) if project.starts_on else first
    end = min(project.ends_on, last) if project.ends_on else last
    if end < start:
        return first, last
    return start, end


def proposed_rows(version: AgreementVersion) -> list[dict[str, Any]]:
    """Rows drafted from the version: entries = planned participants of each project over its
    period within the year, spending = the version's amount for the region."""
    year = version.agreement.programme_year.year
    rows: list[dict[str, Any]] = []
    projects = [
        vp.project for vp in version.version_projects.select_related("project").order_by("position")
    ]
    for project in projects:
        if not project.planned_participants:
            continue
        first, last = _year_clip(project, year)
        short = project.short_name or project.code
        rows.append(
            {
                "key": f"{re.sub(r'[^a-z0-9]+', '-', short.lower()).strip('-')}-eintritte",
                "label": _("Eintritte %(project)s") % {"project": short},
                "metric": Metric.ENTRIES,
                "scope": TargetScope.PROJECT,
                "project": project,
                "measure_type": None,
                "value": Decimal(project.planned_participants),
                "period_from": first,
                "period_to": last,
                "phasing": Phasing.LINEAR,
                "note": _("Vorschlag: geplante Teilnehmende des Projekts"),
            }
        )
    if version.amount:
        rows.append(
            {
                "key": "ausgaben",
                "label": _("Ausgaben der Gebietskörperschaft"),
                "metric": Metric.SPENDING,
                "scope": TargetScope.REGION,
                "project": None,
                "measure_type": None,
                "value": version.amount,
                "period_from": dt.date(year, 1, 1),
                "period_to": dt.date(year, 12, 31),
                "phasing": Phasing.LINEAR,
                "note": _("Vorschlag: Haushaltsmittel nach § 4"),
            }
        )
    return rows


def targets_propose(*, actor, version: AgreementVersion) -> list[str]:
    """Add the proposed targets whose key the version does not have yet; returns their keys."""
    with transaction.atomic():
        version = AgreementVersion.objects.select_for_update().get(pk=version.pk)
        can_edit_targets(actor, version).enforce()
        present = list(Target.objects.filter(version=version).order_by("position", "pk"))
        keys = {t.key for t in present}
        new_rows = [row for row in proposed_rows(version) if row["key"] not in keys]
        if not new_rows:
            return []
        kept = [{name: getattr(t, name) for name in ROW_FIELDS} for t in present]
        changes = _write_rows(version, [*kept, *new_rows])
        audit_record(
            actor=actor,
            action="steering.targets.propose",
            obj=version,
            changes=audit_changes(changes),
        )
    return changes["added"]


def target_phases_save(*, actor, target: Target, values: Sequence[Decimal]) -> Target:
    """Set the planned values per month or quarter of a phased target (they must add up to the
    target value)."""
    with transaction.atomic():
        target = Target.objects.select_related(
            "version__agreement__region", "version__agreement__programme_year"
        ).get(pk=target.pk)
        can_edit_targets(actor, target.version).enforce()
        if target.phasing == Phasing.LINEAR:
            raise ValidationError(
                _(
                    "„%(label)s“ ist gleichmäßig verteilt; stellen Sie zuerst die Verteilung auf "
                    "„je Monat“ oder „je Quartal“ um."
                )
                % {"label": target.label}
            )
        before = [
            str(v) for v in target.phases.order_by("starts_on").values_list("value", flat=True)
        ]
        _set_phases(target, values)
        audit_record(
            actor=actor,
            action="steering.targets.phases",
            obj=target.version,
            changes={f"{target.key}.phases": [before, [str(v) for v in values]]},
        )
    return target
