"""Declared access rules of steering: the autumn implementation meeting and its tasks (see
permission_matrix_steering.py).

The rules (zielwerk/steering/permissions.py, services/meetings.py): providers have no part in
steering (403 on every page, before anything is looked up); a region's people see their own
region's meeting, another region answers 404; the grant authority reads everything and is
refused every write (403). The meeting, its briefing pack, minutes and resolutions are the
ministry's (the administration acts as the ministry) – until the minutes are closed, then they
are the record and every change is refused (403, also for the ministry). A task's status is set
by its owner and the ministry; a done task only the ministry reopens.

Demo state used (zielwerk/demo/steering_meeting.py): the meeting Wiesbaden 2024 with a briefing
pack, closed minutes, the city's open task (owner `wiesbaden`), the ministry's done task and a
note. Frankfurt 2024 has no meeting in the demo; the cases that need a planned one create it.
"""

from __future__ import annotations

from typing import Any

from tests.permission_matrix import Case, Redirect, no_providers

WI = {"year": 2024, "region": "wiesbaden"}
FFM = {"year": 2024, "region": "frankfurt"}
MISSING = {"year": 2024, "region": "gibt-es-nicht"}


steering = no_providers


# Wiesbaden's closed meeting: read by all in scope, changed by nobody.
WI_READ = steering(admin=200, ministerium=200, rp_kassel=200, wiesbaden=200, frankfurt=404)
WI_CLOSED = steering(admin=403, ministerium=403, rp_kassel=403, wiesbaden=403, frankfurt=404)
# Frankfurt's planned meeting: the ministry writes; Frankfurt reads but may not write.
FFM_WRITE = steering(admin=200, ministerium=200, rp_kassel=403, wiesbaden=404, frankfurt=403)


def _to_meeting(kwargs: dict[str, Any]) -> Redirect:
    return Redirect("steering:meeting_detail", kwargs=kwargs)


def _planned_frankfurt() -> dict[str, Any]:
    """A planned meeting of Frankfurt 2024 (the demo has none)."""
    import datetime as dt

    from zielwerk.organisations.models import Region
    from zielwerk.programmes.models import ProgrammeYear
    from zielwerk.steering.models import Meeting

    Meeting.objects.get_or_create(
        programme_year=ProgrammeYear.objects.get(programme__code="aqb", year=2024),
        region=Region.objects.get(slug="frankfurt"),
        defaults={"held_on": dt.date(2024, 10, 24), "place": "Frankfurt am Main"},
    )
    return dict(FFM)


def _frankfurt_note() -> dict[str, Any]:
    from zielwerk.steering.models import Meeting, Resolution

    _planned_frankfurt()
    meeting = Meeting.objects.get(region__slug="frankfurt", programme_year__year=2024)
    return {"pk": Resolution.objects.create(meeting=meeting, kind="note", text="Notiz").pk}


def _demo_resolution(text: str) -> dict[str, Any]:
    from zielwerk.steering.models import Resolution

    return {"pk": Resolution.objects.get(meeting__region__slug="wiesbaden", text=text).pk}


def _city_task() -> dict[str, Any]:
    from zielwerk.demo.steering_meeting import TASK_CITY

    return _demo_resolution(TASK_CITY)


def _ministry_task() -> dict[str, Any]:
    from zielwerk.demo.steering_meeting import TASK_MINISTRY

    return _demo_resolution(TASK_MINISTRY)


def _demo_note() -> dict[str, Any]:
    from zielwerk.demo.steering_meeting import NOTE

    return _demo_resolution(NOTE)


def _wiesbaden_with_pdf() -> dict[str, Any]:
    """The demo stores the pack when it is seeded, outside the test's (in-memory) file storage;
    put a file there for the download."""
    from django.core.files.base import ContentFile

    from zielwerk.steering.models import Meeting
    from zielwerk.steering.services.meetings import briefing_filename

    meeting = Meeting.objects.get(region__slug="wiesbaden", programme_year__year=2024)
    assert meeting.briefing_pdf, "the demo generates Wiesbaden's briefing pack"
    meeting.briefing_pdf.save(briefing_filename(meeting), ContentFile(b"%PDF-1.7\n"), save=True)
    return dict(WI)


def _wiesbaden_amendment() -> dict[str, Any]:
    """An amendment resolution of Wiesbaden's meeting whose amendment is not started yet."""
    from zielwerk.steering.models import Meeting, Resolution

    meeting = Meeting.objects.get(region__slug="wiesbaden", programme_year__year=2024)
    resolution = Resolution.objects.create(
        meeting=meeting, kind="amendment", text="Zielwerte HIB anpassen (Matrix)"
    )
    return {"pk": resolution.pk}


MEETING_DECLARATIONS: dict[str, tuple[Case, ...]] = {
    "steering:meeting_detail": (
        Case("wiesbaden", WI_READ, kwargs=WI),
        # No meeting yet: the page says so (and offers planning to the ministry).
        Case(
            "frankfurt-none",
            steering(admin=200, ministerium=200, rp_kassel=200, wiesbaden=404, frankfurt=200),
            kwargs=FFM,
        ),
        Case(
            "missing-region",
            steering(admin=404, ministerium=404, rp_kassel=404, wiesbaden=404, frankfurt=404),
            kwargs=MISSING,
        ),
    ),
    "steering:meeting_edit": (
        Case("wiesbaden-closed", WI_CLOSED, kwargs=WI),
        Case("frankfurt-new", FFM_WRITE, kwargs=FFM),
    ),
    "steering:meeting_briefing": (
        Case("wiesbaden-closed", WI_CLOSED, kwargs=WI, method="POST", data={"as_of": "30.09.2024"}),
        Case(
            "frankfurt-planned",
            steering(
                admin=_to_meeting(FFM),
                ministerium=_to_meeting(FFM),
                rp_kassel=403,
                wiesbaden=404,
                frankfurt=403,
            ),
            kwargs=_planned_frankfurt,
            method="POST",
            data={"as_of": "30.09.2024"},
        ),
    ),
    "steering:meeting_briefing_pdf": (
        Case("wiesbaden", WI_READ, kwargs=_wiesbaden_with_pdf),
        # Not generated yet: 404 for everyone who may see the meeting.
        Case(
            "frankfurt-not-generated",
            steering(admin=404, ministerium=404, rp_kassel=404, wiesbaden=404, frankfurt=404),
            kwargs=_planned_frankfurt,
        ),
    ),
    "steering:meeting_minutes": (
        Case("wiesbaden-closed", WI_CLOSED, kwargs=WI),
        Case("frankfurt-planned", FFM_WRITE, kwargs=_planned_frankfurt),
    ),
    "steering:resolution_create": (
        Case("wiesbaden-closed", WI_CLOSED, kwargs=WI),
        Case("frankfurt-planned", FFM_WRITE, kwargs=_planned_frankfurt),
    ),
    "steering:resolution_edit": (
        Case("wiesbaden-closed", WI_CLOSED, kwargs=_demo_note),
        Case("frankfurt-planned", FFM_WRITE, kwargs=_frankfurt_note),
    ),
    "steering:resolution_amend": (
        Case(
            "confirm",
            steering(admin=200, ministerium=200, rp_kassel=403, wiesbaden=403, frankfurt=404),
            kwargs=_wiesbaden_amendment,
        ),
        Case(
            "post",
            steering(
                admin=_to_meeting(WI),
                ministerium=_to_meeting(WI),
                rp_kassel=403,
                wiesbaden=403,
                frankfurt=404,
            ),
            kwargs=_wiesbaden_amendment,
            method="POST",
        ),
        # A note starts no amendment.
        Case("note", WI_CLOSED, kwargs=_demo_note),
    ),
    "steering:task_list": (
        Case(
            "list",
            steering(admin=200, ministerium=200, rp_kassel=200, wiesbaden=200, frankfurt=200),
        ),
    ),
    "steering:task_update": (
        Case(
            "city-open",
            steering(admin=200, ministerium=200, rp_kassel=403, wiesbaden=200, frankfurt=404),
            kwargs=_city_task,
        ),
        # Done: only the ministry reopens it.
        Case(
            "ministry-done",
            steering(admin=200, ministerium=200, rp_kassel=403, wiesbaden=403, frankfurt=404),
            kwargs=_ministry_task,
        ),
        Case(
            "note",
            steering(admin=404, ministerium=404, rp_kassel=404, wiesbaden=404, frankfurt=404),
            kwargs=_demo_note,
        ),
    ),
}
