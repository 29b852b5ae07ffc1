"""Writing single participant records: record (create or update by the provider's reference),
update, exit and follow-up. Browser forms and the provider API call these; the bulk import uses
the same validator (records.RecordValidator), so all three accept and refuse the same values with
the same German messages.

The audit trail gets the pseudonym (object_repr) and the NAMES of the changed fields only: never
the provider's reference and never a value, since several fields are special-category data
(Art. 9 GDPR).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from zielwerk.core.audit import audit_record
from zielwerk.core.dates import add_months
from zielwerk.core.formats import format_date
from zielwerk.programmes.models import TargetGroup

from . import pseudonyms
from .choices import ExitReason, FollowUpSituation
from .models import Participant
from .permissions import can_record_participants
from .records import (
    FIELD_OF,
    HEADING_OF,
    STORED_FIELDS,
    Problem,
    RecordValidator,
    german_labels,
    parse_date,
    shown,
)

# Model fields a record writes, in the validator's clean form (target_group as a pk).
RECORD_FIELDS = (*STORED_FIELDS, "followup_consent_on", "dropout_reason")
CHOICE_FIELDS = (
    "gender",
    "entitlement",
    "employment_status",
    "education_level",
    "disability",
    "foreign_background",
    "third_country_national",
    "exit_reason",
    "situation_after_exit",
)
YES_NO_FIELDS = ("first_residence_hessen", "via_household", "followup_consent")
MAX_DROPOUT_REASON = 200
# German names of the fields outside the import format, for messages and the API's "column".
EXTRA_HEADINGS = {
    "dropout_reason": "Grund des vorzeitigen Austritts",
    "followup_on": "Nachbefragung am",
    "followup_situation": "Situation nach 6 Monaten",
}
FOLLOWUP_MONTHS = 5


class RecordInvalid(ValidationError):
    """The validator refused the values: `.problems` holds every Problem (row None), the
    message_dict maps the field names (as in the API and the forms) to their messages."""

    def __init__(self, problems: Iterable[Any]) -> None:
        self.problems = list(problems)
        errors: dict[str, list[str]] = {}
        for problem in self.problems:
            errors.setdefault(problem.field, []).append(problem.message)
        super().__init__(errors)


def _problem(field: str, value: Any, message: str) -> Problem:
    return Problem(
        None,
        HEADING_OF.get(field) or EXTRA_HEADINGS.get(field, field),
        field,
        shown(value),
        message,
    )


# --- values in the import format ----------------------------------------------------------------


@functools.cache
def _labels(model_field: str, language: str) -> dict[str, str]:
    """The choice labels of a field in one language. Cached: the API's record list asks for
    about ten labels per record, and switching the language for each took 40 % of its time
    (bench/api_lists.py)."""
    field = Participant._meta.get_field(model_field)
    with translation.override(language):
        return {code: str(label) for code, label in (getattr(field, "choices", None) or [])}


def _label(model_field: str, code: str) -> str:
    """The import format's value of a code: the German label of the choice, in the language the
    validator's lookups were built in (the site language)."""
    return _labels(model_field, settings.LANGUAGE_CODE).get(code, code)


def region_value(region) -> str:
    """A region as the import format names it: the AGS key, or the name while none is set."""
    return region.ags or region.name


def participant_values(participant: Participant) -> dict[str, Any]:
    """The record in the import format, keyed by field name (records.COLUMNS) without the
    reference: what the validator accepts back, what forms start from and the API shows."""
    values: dict[str, Any] = {}
    for field in FIELD_OF.values():
        if field == "reference":
            continue
        if field == "residence":
            values[field] = region_value(participant.residence_region)
        elif field == "target_group":
            group = participant.target_group
            values[field] = group.name if group else ""
        elif field in YES_NO_FIELDS:
            values[field] = "ja" if getattr(participant, field) else "nein"
        elif field in CHOICE_FIELDS:
            code = getattr(participant, field)
            values[field] = _label(field, code) if code else ""
        else:
            value = getattr(participant, field)
            values[field] = "" if value is None else value
    return values


# --- writing ------------------------------------------------------------------------------------


def _validate(project, raw: Mapping[str, Any]) -> dict[str, Any]:
    clean, problems = RecordValidator(project).validate(raw)
    if problems or clean is None:
        raise RecordInvalid(problems)
    return clean


def _dropout_reason(values: Mapping[str, Any], clean: Mapping[str, Any], current: str) -> str:
    """Only an early exit has a drop-out reason; it is kept when the change does not name one."""
    if clean.get("exit_reason") != ExitReason.EARLY:
        return ""
    if "dropout_reason" not in values:
        return current
    reason = str(values.get("dropout_reason") or "").strip()
    if len(reason) > MAX_DROPOUT_REASON:
        raise RecordInvalid(
            [
                _problem(
                    "dropout_reason",
                    reason,
                    _("höchstens %(max)s Zeichen") % {"max": MAX_DROPOUT_REASON},
                )
            ]
        )
    return reason


def _target(participant: Participant | None, clean: Mapping[str, Any], values, today):
    """The model values of a clean record, given the record as it is (None when new)."""
    consent = clean["followup_consent"]
    consent_on = participant.followup_consent_on if participant else None
    if consent and consent_on is None:
        # Consent is asked for at entry; the import format has no column for its day.
        consent_on = clean["entered_on"]
    if not consent:
        consent_on = None
        if participant is not None and participant.followup_on is not None:
            raise RecordInvalid(
                [
                    _problem(
                        "followup_consent",
                        values.get("followup_consent"),
                        _(
                            "Die Nachbefragung ist bereits erfasst; die Einwilligung kann "
                            "nicht mehr zurückgenommen werden."
                        ),
                    )
                ]
            )
    target = {field: clean[field] for field in RECORD_FIELDS if field in clean}
    target["residence_region_id"] = clean["residence_region"].pk
    target["target_group_id"] = clean["target_group"]
    target["followup_consent_on"] = consent_on
    target["dropout_reason"] = _dropout_reason(
        values, clean, participant.dropout_reason if participant else ""
    )
    return target


def _apply(participant: Participant, target: Mapping[str, Any]) -> list[str]:
    changed = []
    for field, value in target.items():
        if getattr(participant, field) != value:
            setattr(participant, field, value)
            changed.append(field.removesuffix("_id"))
    return changed


def _save_changes(*, actor, participant: Participant, changed: list[str], action: str) -> None:
    participant.full_clean(exclude=["project", "residence_region", "target_group"])
    participant.save()
    audit_record(actor=actor, action=action, obj=participant, changes={"fields": sorted(changed)})


def participant_record(*, actor, project, values: Mapping[str, Any]) -> tuple[Participant, bool]:
    """Create the record of the person with the provider's reference `values["reference"]`, or
    update it when the project has it already. Identical values change nothing. Returns
    (participant, created)."""
    can_record_participants(actor, project).enforce()
    clean = _validate(project, values)
    hashed = pseudonyms.reference_hash(project.pk, clean["reference"])
    today = timezone.localdate()
    with transaction.atomic():
        participant = (
            Participant.objects.select_for_update()
            .filter(project=project, reference_hash=hashed)
            .first()
        )
        if participant is None:
            participant = Participant(
                project=project,
                reference_hash=hashed,
                pseudonym=pseudonyms.pseudonym(hashed),
                **_target(None, clean, values, today),
            )
            participant.full_clean(exclude=["project", "residence_region", "target_group"])
            try:
                with transaction.atomic():
                    participant.save()
            except IntegrityError:
                # The same person was recorded concurrently: update that record instead.
                participant = Participant.objects.select_for_update().get(
                    project=project, reference_hash=hashed
                )
            else:
                audit_record(
                    actor=actor,
                    action="participant.create",
                    obj=participant,
                    changes={"fields": sorted(f.removesuffix("_id") for f in RECORD_FIELDS)},
                )
                return participant, True
        changed = _apply(participant, _target(participant, clean, values, today))
        if changed:
            _save_changes(
                actor=actor, participant=participant, changed=changed, action="participant.update"
            )
    return participant, False


def participant_update(
    *, actor, participant: Participant, values: Mapping[str, Any], action: str = "update"
) -> Participant:
    """Change some values of a record (field names and import-format values as in
    records.COLUMNS; the reference cannot change). The merged record is checked by the same
    validator as a new one."""
    project = participant.project
    can_record_participants(actor, project).enforce()
    if "reference" in values:
        raise RecordInvalid(
            [
                _problem(
                    "reference",
                    "",
                    _("Die Teilnehmenden-Kennung lässt sich nachträglich nicht ändern."),
                )
            ]
        )
    raw = participant_values(participant) | dict(values)
    raw["reference"] = participant.pseudonym
    clean = _validate(project, raw)
    with transaction.atomic():
        locked = Participant.objects.select_for_update().get(pk=participant.pk)
        changed = _apply(locked, _target(locked, clean, values, timezone.localdate()))
        if changed:
            _save_changes(
                actor=actor, participant=locked, changed=changed, action=f"participant.{action}"
            )
    return locked


def participant_exit(
    *,
    actor,
    participant: Participant,
    exited_on: Any,
    exit_reason: str,
    situation_after_exit: str = "",
    dropout_reason: str = "",
) -> Participant:
    """Record (or correct) the exit: date, regular or early (with the reason of the drop-out),
    the situation within four weeks. Values in the import format (e.g. "vorzeitig")."""
    return participant_update(
        actor=actor,
        participant=participant,
        values={
            "exited_on": exited_on,
            "exit_reason": exit_reason,
            "situation_after_exit": situation_after_exit,
            "dropout_reason": dropout_reason,
        },
        action="exit",
    )


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def _followup_code(value: str) -> str | None:
    wanted = _normal(str(value))
    for code, label in zip(FollowUpSituation.values, german_labels(FollowUpSituation), strict=True):
        if wanted in {_normal(code), _normal(label)}:
            return code
    return None


def participant_followup(
    *, actor, participant: Participant, followup_on: Any, followup_situation: str
) -> Participant:
    """The situation six months after the exit, only with the person's consent; the survey is
    at the earliest five months after the exit."""
    can_record_participants(actor, participant.project).enforce()
    problems = []
    if not participant.followup_consent:
        problems.append(
            _problem(
                "followup_consent",
                "nein",
                _(
                    "Ohne Einwilligung der Person ist keine Nachbefragung zulässig; "
                    "es werden keine Angaben gespeichert."
                ),
            )
        )
    try:
        day = parse_date(followup_on)
    except ValueError:
        day = None
        problems.append(
            _problem(
                "followup_on",
                followup_on,
                _("kein gültiges Datum; erwartet wird TT.MM.JJJJ"),
            )
        )
    else:
        if day is None:
            problems.append(_problem("followup_on", followup_on, _("Angabe fehlt.")))
        elif day > timezone.localdate():
            problems.append(
                _problem("followup_on", followup_on, _("Das Datum liegt in der Zukunft."))
            )
    exited = participant.exited_on
    if exited is None:
        problems.append(
            _problem(
                "followup_on",
                followup_on,
                _("Eine Nachbefragung ist erst nach dem Austritt möglich."),
            )
        )
    elif day is not None and day < add_months(exited, FOLLOWUP_MONTHS):
        problems.append(
            _problem(
                "followup_on",
                followup_on,
                _(
                    "Die Nachbefragung am %(day)s liegt weniger als fünf Monate nach dem "
                    "Austritt am %(exit)s; frühestens möglich ab dem %(earliest)s."
                )
                % {
                    "day": format_date(day),
                    "exit": format_date(exited),
                    "earliest": format_date(add_months(exited, FOLLOWUP_MONTHS)),
                },
            )
        )
    code = _followup_code(followup_situation)
    if code is None:
        allowed = " / ".join(german_labels(FollowUpSituation))
        problems.append(
            _problem(
                "followup_situation",
                followup_situation,
                _("erlaubt sind: %(allowed)s") % {"allowed": allowed}
                if str(followup_situation).strip()
                else _("Angabe fehlt."),
            )
        )
    if problems:
        raise RecordInvalid(problems)
    with transaction.atomic():
        locked = Participant.objects.select_for_update().get(pk=participant.pk)
        changed = _apply(locked, {"followup_on": day, "followup_situation": code})
        if changed:
            _save_changes(
                actor=actor, participant=locked, changed=changed, action="participant.followup"
            )
    return locked


def target_groups_for(project) -> list[TargetGroup]:
    """The programme's target groups of the project's year (choices of the form)."""
    year = project.programme_year
    return list(TargetGroup.objects.filter(programme_id=year.programme_id).for_year(year.year))
