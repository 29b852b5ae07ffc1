"""Writes of the autumn implementation meeting (Umsetzungsbesprechung, § 6): the meeting itself,
its briefing pack, the minutes, the resolutions (tasks, amendments of the agreement, notes) and
the tasks' status.

Rules beyond the permission predicates (permissions.can_manage_meeting / can_update_task):

* one meeting per region and programme year; its date lies in the programme year;
* once the minutes are closed (MeetingStatus.CLOSED) the meeting is the record: its facts,
  minutes, briefing pack and resolutions no longer change – only the tasks' status does, and an
  amendment resolution can still start its amendment;
* a task has an owner – a person of the ministry or of the region's administration – and a due
  date; `done_on` is set when it is done and cleared when it is reopened;
* an amendment resolution starts the Änderungsvereinbarung once, on the binding (signed or
  published) version, with the resolution's text as the change note.

Every write audits; the region's coordinators hear of the planned meeting and of the closed
minutes, a task's owner of the task assigned to them.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zielwerk.accounts.choices import Role
from zielwerk.accounts.models import Membership, User
from zielwerk.accounts.selectors import people_with_role
from zielwerk.agreements.models import AgreementVersion
from zielwerk.core.audit import audit_record
from zielwerk.core.formats import format_date
from zielwerk.core.permissions import Verdict, allow, deny
from zielwerk.notifications.services import notification_send

from .. import selectors
from ..choices import MeetingStatus, ResolutionKind, TaskStatus
from ..models import Meeting, Resolution
from ..permissions import can_manage_meeting, can_update_task

MINUTES_STATUSES = (MeetingStatus.HELD, MeetingStatus.CLOSED)


# --- predicates that add the meeting's state to permissions.py's rules --------------------------


def can_change_meeting(user, meeting: Meeting) -> Verdict:
    """Facts, minutes, briefing pack and resolutions: the ministry, until the minutes are closed."""
    verdict = can_manage_meeting(user, meeting.region)
    if not verdict:
        return verdict
    if meeting.status == MeetingStatus.CLOSED:
        return deny(
            _(
                "Das Protokoll der Besprechung ist abgeschlossen; Angaben, Unterlage und "
                "Beschlüsse bleiben so, wie sie sind."
            )
        )
    return allow()


def can_start_amendment(user, resolution: Resolution) -> Verdict:
    verdict = can_manage_meeting(user, resolution.meeting.region)
    if not verdict:
        return verdict
    if resolution.kind != ResolutionKind.AMENDMENT:
        return deny(_("Nur ein Beschluss „Änderung der Zielvereinbarung“ startet eine Änderung."))
    if resolution.amendment_id is not None:
        return deny(_("Zu diesem Beschluss ist die Änderungsvereinbarung bereits angelegt."))
    return allow()


# --- helpers ---------------------------------------------------------------------------------


def meeting_url(meeting: Meeting) -> str:
    return reverse(
        "steering:meeting_detail",
        kwargs={"year": meeting.programme_year.year, "region": meeting.region.slug},
    )


def task_owner_candidates(region) -> QuerySet[User]:
    """Who may own a task: people of the ministry and of the region's administration (active,
    with a membership valid today)."""
    memberships = Membership.objects.valid_on(timezone.localdate()).filter(
        Q(role=Role.MINISTRY_STAFF)
        | Q(organisation_id=region.administration_id, organisation_id__isnull=False)
    )
    return User.objects.filter(is_active=True, pk__in=memberships.values("user_id")).order_by(
        "last_name", "first_name", "username"
    )


def _person(user) -> str:
    return user.get_full_name() or user.username


def _coordinators(meeting: Meeting, actor):
    if meeting.region.administration_id is None:
        return []
    return list(
        people_with_role(
            Role.REGION_COORDINATOR,
            organisation_id=meeting.region.administration_id,
            exclude=actor,
        )
    )


def _notify_coordinators(meeting: Meeting, actor, title: str, body: str) -> None:
    link = meeting_url(meeting)
    for person in _coordinators(meeting, actor):
        notification_send(recipient=person, title=title, body=body, link=link)


def _notify_owner(resolution: Resolution, actor) -> None:
    owner = resolution.owner
    if owner is None or owner.pk == getattr(actor, "pk", None):
        return
    meeting = resolution.meeting
    notification_send(
        recipient=owner,
        title=_("Neue Aufgabe aus der Umsetzungsbesprechung %(region)s %(year)s")
        % {"region": meeting.region.name, "year": meeting.programme_year.year},
        body=_("%(text)s – fällig am %(date)s.")
        % {"text": resolution.text[:300], "date": format_date(resolution.due_on)},
        link=reverse("steering:task_update", kwargs={"pk": resolution.pk}),
    )


def _changes(before: dict, after: dict) -> dict:
    return {
        key: [before.get(key), value] for key, value in after.items() if before.get(key) != value
    }


def _plain(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# --- the meeting -----------------------------------------------------------------------------


def meeting_save(
    *,
    actor,
    programme_year,
    region,
    held_on: dt.date,
    place: str = "",
    attendees: str = "",
    agenda: str = "",
) -> Meeting:
    """Plan the meeting of a region and year, or change its facts (one meeting per region and
    year: a second call updates the first)."""
    can_manage_meeting(actor, region).enforce()
    if held_on is None:
        raise ValidationError({"held_on": _("Bitte geben Sie das Datum der Besprechung an.")})
    if held_on.year != programme_year.year:
        raise ValidationError(
            {
                "held_on": _(
                    "Das Datum %(date)s liegt nicht im Programmjahr %(year)s; die "
                    "Umsetzungsbesprechung findet im Herbst des Programmjahres statt."
                )
                % {"date": format_date(held_on), "year": programme_year.year}
            }
        )
    values = {
        "held_on": held_on,
        "place": (place or "").strip()[:200],
        "attendees": (attendees or "").strip(),
        "agenda": (agenda or "").strip(),
    }
    with transaction.atomic():
        meeting = (
            Meeting.objects.select_for_update(of=("self",))
            .filter(programme_year=programme_year, region=region)
            .first()
        )
        created = meeting is None
        if meeting is None:
            meeting = Meeting(programme_year=programme_year, region=region, created_by=actor)
            before: dict = {}
        else:
            can_change_meeting(actor, meeting).enforce()
            before = {key: _plain(getattr(meeting, key)) for key in values}
        for key, value in values.items():
            setattr(meeting, key, value)
        meeting.save()
        changes = _changes(before, {key: _plain(value) for key, value in values.items()})
        audit_record(
            actor=actor,
            action="steering.meeting_create" if created else "steering.meeting_update",
            obj=meeting,
            changes=changes,
        )
        if created or "held_on" in changes:
            _notify_coordinators(
                meeting,
                actor,
                _("Umsetzungsbesprechung %(region)s %(year)s am %(date)s")
                % {
                    "region": region.name,
                    "year": programme_year.year,
                    "date": format_date(held_on),
                },
                _(
                    "Das Ministerium hat die Umsetzungsbesprechung für den %(date)s geplant "
                    "(Ort: %(place)s)."
                )
                % {"date": format_date(held_on), "place": values["place"] or "–"},
            )
    return meeting


def meeting_set_minutes(*, actor, meeting: Meeting, minutes: str, status: str) -> Meeting:
    """Record the minutes: status "held" keeps them editable, "closed" makes them final."""
    can_change_meeting(actor, meeting).enforce()
    if status not in MINUTES_STATUSES:
        raise ValidationError(
            {"status": _("Bitte wählen Sie „durchgeführt“ oder „Protokoll abgeschlossen“.")}
        )
    minutes = (minutes or "").strip()
    if status == MeetingStatus.CLOSED and not minutes:
        raise ValidationError({"minutes": _("Ein abgeschlossenes Protokoll braucht einen Text.")})
    with transaction.atomic():
        meeting = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("region", "programme_year")
            .get(pk=meeting.pk)
        )
        can_change_meeting(actor, meeting).enforce()
        before = {"minutes": meeting.minutes, "status": meeting.status}
        meeting.minutes = minutes
        meeting.status = status
        meeting.save(update_fields=["minutes", "status"])
        audit_record(
            actor=actor,
            action="steering.meeting_minutes",
            obj=meeting,
            changes=_changes(before, {"minutes": minutes, "status": status}),
        )
        if status == MeetingStatus.CLOSED:
            _notify_coordinators(
                meeting,
                actor,
                _("Protokoll der Umsetzungsbesprechung %(region)s %(year)s abgeschlossen")
                % {"region": meeting.region.name, "year": meeting.programme_year.year},
                _("Das Protokoll der Besprechung vom %(date)s liegt vor.")
                % {"date": format_date(meeting.held_on)},
            )
    return meeting


def briefing_filename(meeting: Meeting) -> str:
    return f"sitzungsunterlage-{meeting.programme_year.year}-{meeting.region.slug}.pdf"


def briefing_generate(
    *, actor, meeting: Meeting, as_of: dt.date, at: dt.datetime | None = None
) -> Meeting:
    """Render the briefing pack as of a day and store it with the meeting; a new pack replaces
    the old one. `at` is the time of generation (now by default; the demo passes its own)."""
    from ..briefing import render_briefing_pdf

    can_change_meeting(actor, meeting).enforce()
    if as_of is None or as_of.year != meeting.programme_year.year:
        raise ValidationError(
            {
                "as_of": _("Der Stichtag muss im Programmjahr %(year)s liegen.")
                % {"year": meeting.programme_year.year}
            }
        )
    when = (at or timezone.now()).replace(microsecond=0)
    with transaction.atomic():
        meeting = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("region__administration", "programme_year__programme")
            .get(pk=meeting.pk)
        )
        can_change_meeting(actor, meeting).enforce()
        pdf = render_briefing_pdf(meeting, as_of, actor=actor, timestamp=when)
        before = {
            "briefing_as_of": _plain(meeting.briefing_as_of),
            "briefing_created_at": meeting.briefing_created_at.isoformat()
            if meeting.briefing_created_at
            else None,
        }
        if meeting.briefing_pdf:
            meeting.briefing_pdf.delete(save=False)
        meeting.briefing_pdf.save(briefing_filename(meeting), ContentFile(pdf), save=False)
        meeting.briefing_as_of = as_of
        meeting.briefing_created_at = when
        meeting.save(update_fields=["briefing_pdf", "briefing_as_of", "briefing_created_at"])
        audit_record(
            actor=actor,
            action="steering.briefing_generate",
            obj=meeting,
            changes={
                "briefing_as_of": [before["briefing_as_of"], as_of.isoformat()],
                "briefing_created_at": [before["briefing_created_at"], when.isoformat()],
            },
            reason=_("Sitzungsunterlage neu erzeugt") if before["briefing_created_at"] else "",
        )
    return meeting


# --- resolutions and tasks --------------------------------------------------------------------


def resolution_save(
    *,
    actor,
    meeting: Meeting,
    kind: str,
    text: str,
    owner=None,
    due_on: dt.date | None = None,
    resolution: Resolution | None = None,
) -> Resolution:
    """A new resolution of the meeting, or a change of one (`resolution`). A task needs an owner
    of the ministry or the region's administration and a due date; the others have neither."""
    can_change_meeting(actor, meeting).enforce()
    if kind not in ResolutionKind.values:
        raise ValidationError({"kind": _("Bitte wählen Sie die Art des Beschlusses.")})
    text = (text or "").strip()
    errors: dict[str, str] = {}
    if not text:
        errors["text"] = _("Bitte geben Sie den Wortlaut des Beschlusses an.")
    if kind == ResolutionKind.TASK:
        if owner is None:
            errors["owner"] = _("Eine Aufgabe braucht eine zuständige Person.")
        elif not task_owner_candidates(meeting.region).filter(pk=owner.pk).exists():
            errors["owner"] = _(
                "%(person)s kann die Aufgabe nicht übernehmen: zuständig sein können Personen "
                "des Ministeriums und der Verwaltung von %(region)s."
            ) % {"person": _person(owner), "region": meeting.region.name}
        if due_on is None:
            errors["due_on"] = _("Eine Aufgabe braucht ein Fälligkeitsdatum.")
    else:
        owner, due_on = None, None
    if resolution is not None and resolution.meeting_id != meeting.pk:
        raise ValidationError(_("Der Beschluss gehört zu einer anderen Besprechung."))
    if (
        resolution is not None
        and resolution.amendment_id is not None
        and kind != ResolutionKind.AMENDMENT
    ):
        errors["kind"] = _(
            "Zu diesem Beschluss ist die Änderungsvereinbarung angelegt; die Art bleibt "
            "„Änderung der Zielvereinbarung“."
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("region", "programme_year")
            .get(pk=meeting.pk)
        )
        can_change_meeting(actor, locked).enforce()
        values = {
            "kind": kind,
            "text": text,
            "owner": owner.pk if owner else None,
            "due_on": _plain(due_on),
        }
        if resolution is None:
            position = locked.resolutions.aggregate(last=Max("position"))["last"]
            resolution = Resolution(meeting=locked, position=(position or 0) + 1)
            before: dict = {}
            previous_owner = None
        else:
            resolution = Resolution.objects.select_for_update(of=("self",)).get(pk=resolution.pk)
            before = {
                "kind": resolution.kind,
                "text": resolution.text,
                "owner": resolution.owner_id,
                "due_on": _plain(resolution.due_on),
            }
            previous_owner = resolution.owner_id
        resolution.meeting = locked
        resolution.kind = kind
        resolution.text = text
        resolution.owner = owner
        resolution.due_on = due_on
        if kind != ResolutionKind.TASK:
            resolution.status = TaskStatus.OPEN
            resolution.done_on = None
        resolution.save()
        audit_record(
            actor=actor,
            action="steering.resolution_create" if not before else "steering.resolution_update",
            obj=resolution,
            changes=_changes(before, values),
        )
        if kind == ResolutionKind.TASK and owner is not None and owner.pk != previous_owner:
            _notify_owner(resolution, actor)
    return resolution


def task_update(
    *, actor, resolution: Resolution, status: str, note: str = "", on: dt.date | None = None
) -> Resolution:
    """Set a task's status; `done_on` is the day it was done (today, or `on` for a past day)."""
    if resolution.kind != ResolutionKind.TASK:
        raise ValidationError(_("Nur eine Aufgabe hat einen Stand."))
    if status not in TaskStatus.values:
        raise ValidationError({"status": _("Bitte wählen Sie einen Stand.")})
    day = on or timezone.localdate()
    with transaction.atomic():
        task = (
            Resolution.objects.select_for_update(of=("self",))
            .select_related("meeting__region", "meeting__programme_year")
            .get(pk=resolution.pk)
        )
        can_update_task(actor, task).enforce()
        if status == TaskStatus.DONE and day < task.meeting.held_on:
            raise ValidationError(
                {
                    "status": _("Erledigt am %(day)s liegt vor der Besprechung am %(date)s.")
                    % {"day": format_date(day), "date": format_date(task.meeting.held_on)}
                }
            )
        before = {"status": task.status, "done_on": _plain(task.done_on)}
        task.status = status
        if status == TaskStatus.DONE:
            task.done_on = task.done_on if before["status"] == TaskStatus.DONE else day
        else:
            task.done_on = None
        task.save(update_fields=["status", "done_on"])
        audit_record(
            actor=actor,
            action="steering.task_update",
            obj=task,
            changes=_changes(before, {"status": status, "done_on": _plain(task.done_on)}),
            reason=(note or "").strip()[:1000],
        )
    return task


def resolution_amend(*, actor, resolution: Resolution) -> AgreementVersion:
    """Start the amendment (Änderungsvereinbarung) the resolution decided: a new draft version of
    the agreement after the binding one, with the resolution's text as its change note."""
    from zielwerk.agreements.services import agreement_amend

    with transaction.atomic():
        resolution = (
            Resolution.objects.select_for_update(of=("self",))
            .select_related("meeting__region", "meeting__programme_year")
            .get(pk=resolution.pk)
        )
        can_start_amendment(actor, resolution).enforce()
        meeting = resolution.meeting
        agreement = selectors.agreement_get(meeting.region, meeting.programme_year)
        binding = selectors.binding_version(agreement)
        if binding is None:
            raise ValidationError(
                _(
                    "Für %(region)s %(year)s gibt es keine unterzeichnete Fassung der "
                    "Zielvereinbarung; geändert wird sie direkt in den Verhandlungen."
                )
                % {"region": meeting.region.name, "year": meeting.programme_year.year}
            )
        amendment = agreement_amend(actor=actor, version=binding, change_note=resolution.text)
        resolution.amendment = amendment
        resolution.save(update_fields=["amendment"])
        audit_record(
            actor=actor,
            action="steering.resolution_amend",
            obj=resolution,
            changes={"amendment": [None, amendment.pk]},
            reason=_("Fassung %(number)s angelegt") % {"number": amendment.number},
        )
    return amendment
