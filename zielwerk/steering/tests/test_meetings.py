"""The autumn implementation meeting: services (validation, permissions, audit, notifications),
the amendment started from a resolution, the start-page reminders and the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zielwerk.agreements.choices import AgreementStatus, VersionKind
from zielwerk.agreements.models import Agreement, AgreementVersion
from zielwerk.core.models import AuditEntry
from zielwerk.home import steering_todos
from zielwerk.notifications.models import Notification
from zielwerk.organisations.models import Region
from zielwerk.programmes.models import ProgrammeYear
from zielwerk.steering.choices import MeetingStatus, ResolutionKind, TaskStatus
from zielwerk.steering.models import Meeting, Resolution
from zielwerk.steering.services.meetings import (
    briefing_generate,
    meeting_save,
    meeting_set_minutes,
    resolution_amend,
    resolution_save,
    task_update,
)

pytestmark = pytest.mark.django_db

HELD_ON = dt.date(2024, 10, 17)


@pytest.fixture
def year(demo):
    return ProgrammeYear.objects.get(programme__code="aqb", year=2024)


@pytest.fixture
def wiesbaden(demo):
    return Region.objects.get(slug="wiesbaden")


@pytest.fixture
def frankfurt(demo):
    return Region.objects.get(slug="frankfurt")


@pytest.fixture
def meeting(users, year, wiesbaden):
    return meeting_save(
        actor=users["ministerium"],
        programme_year=year,
        region=wiesbaden,
        held_on=HELD_ON,
        place="Wiesbaden",
        attendees="Erika Beispiel (erfunden), Ministerium\nMax Muster (erfunden), Stadt",
        agenda="Stand der Mittel\nAbweichungen",
    )


def task(users, meeting, *, owner="wiesbaden", due_on=dt.date(2024, 11, 29), text="Plan vorlegen"):
    return resolution_save(
        actor=users["ministerium"],
        meeting=meeting,
        kind=ResolutionKind.TASK,
        text=text,
        owner=users[owner],
        due_on=due_on,
    )


# --- the meeting -------------------------------------------------------------------------------


def test_meeting_save_creates_audits_and_tells_the_coordinators(users, meeting):
    assert meeting.status == MeetingStatus.PLANNED
    assert meeting.created_by == users["ministerium"]
    assert AuditEntry.objects.filter(action="steering.meeting_create").count() == 1
    notices = Notification.objects.filter(
        recipient=users["wiesbaden"], link="/steuerung/2024/wiesbaden/besprechung/"
    )
    assert [n.title for n in notices] == ["Umsetzungsbesprechung Wiesbaden 2024 am 17.10.2024"]
    # Frankfurt's coordinator hears nothing about Wiesbaden.
    assert not Notification.objects.filter(
        recipient=users["frankfurt"], title__contains="Umsetzungsbesprechung"
    ).exists()


def test_second_save_updates_the_one_meeting_of_region_and_year(users, year, wiesbaden, meeting):
    again = meeting_save(
        actor=users["ministerium"],
        programme_year=year,
        region=wiesbaden,
        held_on=dt.date(2024, 10, 24),
        place="Rathaus Wiesbaden",
    )
    assert again.pk == meeting.pk
    assert Meeting.objects.count() == 1
    again.refresh_from_db()
    assert (again.held_on, again.place) == (dt.date(2024, 10, 24), "Rathaus Wiesbaden")
    entry = AuditEntry.objects.get(action="steering.meeting_update")
    assert entry.changes["held_on"] == ["2024-10-17", "2024-10-24"]


@pytest.mark.parametrize("username", ["wiesbaden", "rp-kassel", "frankfurt", "traeger-wiesbaden"])
def test_only_the_ministry_plans_the_meeting(users, year, wiesbaden, username):
    with pytest.raises(PermissionDenied):
        meeting_save(actor=users[username], programme_year=year, region=wiesbaden, held_on=HELD_ON)
    assert not Meeting.objects.exists()


def test_the_date_lies_in_the_programme_year(users, year, wiesbaden):
    with pytest.raises(ValidationError) as error:
        meeting_save(
            actor=users["ministerium"],
            programme_year=year,
            region=wiesbaden,
            held_on=dt.date(2025, 1, 15),
        )
    assert "15.01.2025" in str(error.value.message_dict["held_on"])
    assert "2024" in str(error.value.message_dict["held_on"])
    assert not Meeting.objects.exists()


def test_closed_minutes_are_final_and_announced(users, year, wiesbaden, meeting):
    with pytest.raises(ValidationError) as error:
        meeting_set_minutes(
            actor=users["ministerium"], meeting=meeting, minutes=" ", status="closed"
        )
    assert "minutes" in error.value.message_dict
    meeting = meeting_set_minutes(
        actor=users["ministerium"], meeting=meeting, minutes="Entwurf", status="held"
    )
    assert meeting.status == MeetingStatus.HELD
    with pytest.raises(PermissionDenied):
        meeting_set_minutes(actor=users["wiesbaden"], meeting=meeting, minutes="x", status="held")
    meeting = meeting_set_minutes(
        actor=users["ministerium"], meeting=meeting, minutes="Endfassung", status="closed"
    )
    assert meeting.status == MeetingStatus.CLOSED
    assert Notification.objects.filter(
        recipient=users["wiesbaden"], title__startswith="Protokoll der Umsetzungsbesprechung"
    ).exists()
    with pytest.raises(PermissionDenied):
        meeting_set_minutes(
            actor=users["ministerium"], meeting=meeting, minutes="anders", status="held"
        )
    with pytest.raises(PermissionDenied):
        meeting_save(
            actor=users["ministerium"], programme_year=year, region=wiesbaden, held_on=HELD_ON
        )
    with pytest.raises(PermissionDenied):
        task(users, meeting)
    meeting.refresh_from_db()
    assert meeting.minutes == "Endfassung"


def test_minutes_status_must_be_held_or_closed(users, meeting):
    with pytest.raises(ValidationError):
        meeting_set_minutes(
            actor=users["ministerium"], meeting=meeting, minutes="x", status="planned"
        )


def test_briefing_regeneration_replaces_the_pack_and_is_audited(users, meeting):
    at = dt.datetime(2024, 10, 10, 9, 0, tzinfo=dt.UTC)
    meeting = briefing_generate(
        actor=users["ministerium"], meeting=meeting, as_of=dt.date(2024, 9, 30), at=at
    )
    assert meeting.briefing_as_of == dt.date(2024, 9, 30)
    assert meeting.briefing_created_at == at
    first_name = meeting.briefing_pdf.name
    meeting = briefing_generate(
        actor=users["ministerium"], meeting=meeting, as_of=dt.date(2024, 10, 15)
    )
    assert meeting.briefing_as_of == dt.date(2024, 10, 15)
    assert meeting.briefing_pdf.read(4) == b"%PDF"
    assert not meeting.briefing_pdf.storage.exists(first_name) or (
        meeting.briefing_pdf.name == first_name
    )
    entries = AuditEntry.objects.filter(action="steering.briefing_generate").order_by("pk")
    assert [e.changes["briefing_as_of"][1] for e in entries] == ["2024-09-30", "2024-10-15"]
    with pytest.raises(ValidationError):
        briefing_generate(actor=users["ministerium"], meeting=meeting, as_of=dt.date(2023, 9, 30))
    with pytest.raises(PermissionDenied):
        briefing_generate(actor=users["rp-kassel"], meeting=meeting, as_of=dt.date(2024, 9, 30))


# --- resolutions and tasks ---------------------------------------------------------------------


def test_a_task_needs_an_owner_and_a_due_date(users, meeting):
    with pytest.raises(ValidationError) as error:
        resolution_save(
            actor=users["ministerium"], meeting=meeting, kind=ResolutionKind.TASK, text="Tun"
        )
    assert set(error.value.message_dict) == {"owner", "due_on"}
    assert not Resolution.objects.exists()


@pytest.mark.parametrize("username", ["frankfurt", "traeger-wiesbaden", "rp-kassel"])
def test_the_owner_is_of_the_ministry_or_the_regions_administration(users, meeting, username):
    with pytest.raises(ValidationError) as error:
        task(users, meeting, owner=username)
    message = " ".join(error.value.message_dict["owner"])
    person = users[username].get_full_name() or username
    assert f"{person} kann die Aufgabe nicht übernehmen" in message
    assert "Wiesbaden" in message
    assert not Resolution.objects.exists()


def test_a_task_is_numbered_audited_and_its_owner_told(users, meeting):
    first = task(users, meeting)
    second = task(users, meeting, owner="ministerium", text="Prüfen")
    assert (first.position, second.position) == (1, 2)
    assert first.status == TaskStatus.OPEN
    notices = Notification.objects.filter(recipient=users["wiesbaden"], title__contains="Aufgabe")
    assert [n.link for n in notices] == [f"/steuerung/aufgaben/{first.pk}/"]
    assert "29.11.2024" in notices[0].body
    # The ministry assigned its own task: nobody else needs telling.
    assert not Notification.objects.filter(
        recipient=users["ministerium"], title__contains="Neue Aufgabe"
    ).exists()
    assert AuditEntry.objects.filter(action="steering.resolution_create").count() == 2


def test_a_note_has_neither_owner_nor_due_date(users, meeting):
    note = resolution_save(
        actor=users["ministerium"],
        meeting=meeting,
        kind=ResolutionKind.NOTE,
        text="Festgehalten",
        owner=users["wiesbaden"],
        due_on=dt.date(2024, 12, 1),
    )
    assert (note.owner, note.due_on) == (None, None)


def test_only_the_ministry_records_resolutions(users, meeting):
    with pytest.raises(PermissionDenied):
        resolution_save(
            actor=users["wiesbaden"], meeting=meeting, kind=ResolutionKind.NOTE, text="x"
        )


def test_task_status_by_owner_and_ministry(users, meeting):
    item = task(users, meeting)
    with pytest.raises(PermissionDenied):
        task_update(actor=users["frankfurt"], resolution=item, status=TaskStatus.DONE)
    with pytest.raises(PermissionDenied):
        task_update(actor=users["rp-kassel"], resolution=item, status=TaskStatus.DONE)
    item = task_update(actor=users["wiesbaden"], resolution=item, status=TaskStatus.IN_PROGRESS)
    assert (item.status, item.done_on) == (TaskStatus.IN_PROGRESS, None)
    item = task_update(
        actor=users["wiesbaden"],
        resolution=item,
        status=TaskStatus.DONE,
        note="Plan übersandt",
        on=dt.date(2024, 11, 20),
    )
    assert (item.status, item.done_on) == (TaskStatus.DONE, dt.date(2024, 11, 20))
    assert AuditEntry.objects.filter(
        action="steering.task_update", reason="Plan übersandt"
    ).exists()
    # Done: the owner cannot reopen it, the ministry can (and the done date goes).
    with pytest.raises(PermissionDenied):
        task_update(actor=users["wiesbaden"], resolution=item, status=TaskStatus.OPEN)
    item = task_update(actor=users["ministerium"], resolution=item, status=TaskStatus.OPEN)
    assert (item.status, item.done_on) == (TaskStatus.OPEN, None)


def test_done_today_by_default(users, meeting):
    from django.utils import timezone

    item = task_update(actor=users["wiesbaden"], resolution=task(users, meeting), status="done")
    assert item.done_on == timezone.localdate()


def test_a_note_has_no_status(users, meeting):
    note = resolution_save(
        actor=users["ministerium"], meeting=meeting, kind=ResolutionKind.NOTE, text="Notiz"
    )
    with pytest.raises(ValidationError):
        task_update(actor=users["ministerium"], resolution=note, status=TaskStatus.DONE)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(st.sampled_from(list(TaskStatus.values)), min_size=1, max_size=6))
def test_done_on_follows_any_sequence_of_status_changes(users, meeting, steps):
    """Whatever the ministry sets: a task has a done date exactly while it is done, and that date
    is the day it became done (setting "done" again keeps it)."""
    with transaction.atomic():
        item = task(users, meeting)
        expected = None
        for number, status in enumerate(steps, start=1):
            day = HELD_ON + dt.timedelta(days=number)
            was_done = item.status == TaskStatus.DONE
            item = task_update(actor=users["ministerium"], resolution=item, status=status, on=day)
            expected = (expected if was_done else day) if status == TaskStatus.DONE else None
            assert item.status == status
            assert item.done_on == expected
        transaction.set_rollback(True)


# --- amendment ---------------------------------------------------------------------------------


def test_an_amendment_resolution_starts_the_amendment_and_links_it(users, wiesbaden, meeting):
    agreement = Agreement.objects.get(region=wiesbaden, programme_year__year=2024)
    signed = agreement.versions.get(number=1)
    assert signed.status in (AgreementStatus.SIGNED, AgreementStatus.PUBLISHED)
    resolution = resolution_save(
        actor=users["ministerium"],
        meeting=meeting,
        kind=ResolutionKind.AMENDMENT,
        text="Die Zielwerte für HIB werden an die Nachfrage angepasst.",
    )
    with pytest.raises(PermissionDenied):
        resolution_amend(actor=users["wiesbaden"], resolution=resolution)
    amendment = resolution_amend(actor=users["ministerium"], resolution=resolution)
    assert amendment.number == 2
    assert amendment.kind == VersionKind.AMENDMENT
    assert amendment.status == AgreementStatus.DRAFT
    assert amendment.amends_id == signed.pk
    assert amendment.change_note == "Die Zielwerte für HIB werden an die Nachfrage angepasst."
    resolution.refresh_from_db()
    assert resolution.amendment_id == amendment.pk
    assert AuditEntry.objects.filter(action="steering.resolution_amend").count() == 1
    # Once linked, it is not started again.
    with pytest.raises(PermissionDenied):
        resolution_amend(actor=users["ministerium"], resolution=resolution)
    assert AgreementVersion.objects.filter(agreement=agreement).count() == 2


def test_no_amendment_without_a_signed_version(users, year, frankfurt):
    meeting = meeting_save(
        actor=users["ministerium"], programme_year=year, region=frankfurt, held_on=HELD_ON
    )
    resolution = resolution_save(
        actor=users["ministerium"],
        meeting=meeting,
        kind=ResolutionKind.AMENDMENT,
        text="Ändern",
    )
    with pytest.raises(ValidationError) as error:
        resolution_amend(actor=users["ministerium"], resolution=resolution)
    assert "keine unterzeichnete Fassung" in " ".join(error.value.messages)
    resolution.refresh_from_db()
    assert resolution.amendment_id is None


def test_only_an_amendment_resolution_starts_an_amendment(users, meeting):
    note = resolution_save(
        actor=users["ministerium"], meeting=meeting, kind=ResolutionKind.NOTE, text="Notiz"
    )
    with pytest.raises(PermissionDenied):
        resolution_amend(actor=users["ministerium"], resolution=note)


# --- start-page reminders ---------------------------------------------------------------------


def test_reminders_are_the_persons_open_tasks_due_within_two_weeks(users, meeting):
    today = dt.date(2024, 11, 20)
    overdue = task(users, meeting, due_on=dt.date(2024, 11, 15), text="Überfällig")
    soon = task(users, meeting, due_on=dt.date(2024, 12, 4), text="Bald fällig")  # 14 days
    task(users, meeting, due_on=dt.date(2024, 12, 5), text="Später")  # 15 days
    task(users, meeting, owner="ministerium", due_on=dt.date(2024, 11, 16), text="Ministerium")
    done = task(users, meeting, due_on=dt.date(2024, 11, 10), text="Erledigt")
    task_update(actor=users["wiesbaden"], resolution=done, status="done", on=dt.date(2024, 11, 10))
    todos = steering_todos.task_todos(users["wiesbaden"], today=today)
    assert [title for title, _detail, _url in todos] == [
        "Aufgabe überfällig: Überfällig",
        "Aufgabe fällig: Bald fällig",
    ]
    assert todos[0][1] == (
        "Frist seit 5 Tagen überschritten (15.11.2024) – aus der Umsetzungsbesprechung "
        "Wiesbaden vom 17.10.2024."
    )
    assert todos[1][1].startswith("noch 14 Tage")
    assert [url for _t, _d, url in todos] == [
        f"/steuerung/aufgaben/{overdue.pk}/",
        f"/steuerung/aufgaben/{soon.pk}/",
    ]


def test_start_page_shows_the_reminder(users, meeting, client_for):
    task(users, meeting, due_on=dt.date(2024, 11, 29), text="Plan zur Nachsteuerung vorlegen")
    page = client_for("wiesbaden").get("/")
    assert page.status_code == 200
    assert "Aufgabe überfällig: Plan zur Nachsteuerung vorlegen" in page.content.decode()
    assert "Plan zur Nachsteuerung" not in client_for("frankfurt").get("/").content.decode()


# --- pages -------------------------------------------------------------------------------------


def detail_url(region="wiesbaden"):
    return reverse("steering:meeting_detail", kwargs={"year": 2024, "region": region})


def test_detail_page_scope(meeting, client_for):
    assert client_for("wiesbaden").get(detail_url()).status_code == 200
    assert client_for("rp-kassel").get(detail_url()).status_code == 200
    assert client_for("frankfurt").get(detail_url()).status_code == 404
    assert client_for("traeger-wiesbaden").get(detail_url()).status_code == 403


def test_detail_page_shows_facts_resolutions_and_actions(users, meeting, client_for):
    item = task(users, meeting, due_on=dt.date(2024, 11, 29), text="Plan vorlegen")
    html = client_for("ministerium").get(detail_url()).content.decode()
    assert "Erika Beispiel (erfunden), Ministerium" in html
    assert "Plan vorlegen" in html
    assert "überfällig" in html
    assert reverse("steering:resolution_edit", kwargs={"pk": item.pk}) in html
    assert reverse("steering:meeting_briefing", kwargs={"year": 2024, "region": "wiesbaden"}) in (
        html
    )
    region_html = client_for("wiesbaden").get(detail_url()).content.decode()
    assert reverse("steering:resolution_edit", kwargs={"pk": item.pk}) not in region_html
    assert reverse("steering:task_update", kwargs={"pk": item.pk}) in region_html


def test_detail_page_without_meeting(client_for, demo):
    response = client_for("ministerium").get(detail_url())
    assert response.status_code == 200
    assert "noch keine Umsetzungsbesprechung geplant" in response.content.decode()


def test_meeting_edit_form_creates_the_meeting(client_for, users, demo):
    url = reverse("steering:meeting_edit", kwargs={"year": 2024, "region": "wiesbaden"})
    assert client_for("wiesbaden").get(url).status_code == 403
    response = client_for("ministerium").post(
        url, {"held_on": "17.10.2024", "place": "Wiesbaden", "attendees": "", "agenda": ""}
    )
    assert response.status_code == 302
    assert Meeting.objects.get().held_on == HELD_ON
    bad = client_for("ministerium").post(url, {"held_on": "17.10.2023"})
    assert bad.status_code == 400
    assert "liegt nicht im Programmjahr 2024" in bad.content.decode()


def test_briefing_pdf_download(users, meeting, client_for):
    pdf_url = reverse("steering:meeting_briefing_pdf", kwargs={"year": 2024, "region": "wiesbaden"})
    assert client_for("wiesbaden").get(pdf_url).status_code == 404
    post_url = reverse("steering:meeting_briefing", kwargs={"year": 2024, "region": "wiesbaden"})
    assert client_for("wiesbaden").post(post_url, {"as_of": "30.09.2024"}).status_code == 403
    assert client_for("ministerium").post(post_url, {"as_of": "30.09.2024"}).status_code == 302
    response = client_for("wiesbaden").get(pdf_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "sitzungsunterlage-2024-wiesbaden.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_resolution_form_reports_a_wrong_owner(users, meeting, client_for):
    url = reverse("steering:resolution_create", kwargs={"year": 2024, "region": "wiesbaden"})
    response = client_for("ministerium").post(
        url, {"kind": "task", "text": "Tun", "owner": "", "due_on": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Eine Aufgabe braucht eine zuständige Person." in html
    assert "Eine Aufgabe braucht ein Fälligkeitsdatum." in html
    ok = client_for("ministerium").post(
        url,
        {"kind": "task", "text": "Tun", "owner": users["wiesbaden"].pk, "due_on": "29.11.2024"},
    )
    assert ok.status_code == 302
    assert Resolution.objects.get().owner == users["wiesbaden"]


def test_amend_page_confirms_then_starts(users, meeting, client_for):
    resolution = resolution_save(
        actor=users["ministerium"], meeting=meeting, kind=ResolutionKind.AMENDMENT, text="Ändern"
    )
    url = reverse("steering:resolution_amend", kwargs={"pk": resolution.pk})
    confirm = client_for("ministerium").get(url)
    assert confirm.status_code == 200
    assert "Ja, Änderungsvereinbarung anlegen" in confirm.content.decode()
    assert not AgreementVersion.objects.filter(number=2, agreement__region__slug="wiesbaden")
    assert client_for("rp-kassel").post(url).status_code == 403
    assert client_for("ministerium").post(url).status_code == 302
    resolution.refresh_from_db()
    assert resolution.amendment is not None
    html = client_for("wiesbaden").get(detail_url()).content.decode()
    assert "Änderungsvereinbarung: Fassung 2" in html
    assert resolution.amendment.get_absolute_url() in html


def test_task_list_by_role_and_filter(users, year, frankfurt, meeting, client_for):
    open_task = task(users, meeting, due_on=dt.date(2024, 11, 29), text="Offene Aufgabe WI")
    done = task(users, meeting, owner="ministerium", text="Erledigte Aufgabe WI")
    task_update(actor=users["ministerium"], resolution=done, status="done", on=HELD_ON)
    other = meeting_save(
        actor=users["ministerium"], programme_year=year, region=frankfurt, held_on=HELD_ON
    )
    task(users, other, owner="frankfurt", text="Aufgabe Frankfurt")
    url = reverse("steering:task_list")
    ministry = client_for("ministerium").get(url).content.decode()
    assert "Offene Aufgabe WI" in ministry and "Aufgabe Frankfurt" in ministry
    assert "Erledigte Aufgabe WI" not in ministry
    region = client_for("wiesbaden").get(url).content.decode()
    assert "Offene Aufgabe WI" in region and "Aufgabe Frankfurt" not in region
    assert "überfällig" in region  # in words, not only colour
    done_page = client_for("wiesbaden").get(url, {"stand": "erledigt"}).content.decode()
    assert "Erledigte Aufgabe WI" in done_page and "Offene Aufgabe WI" not in done_page
    mine = client_for("ministerium").get(url, {"stand": "alle", "meine": "1"}).content.decode()
    assert "Erledigte Aufgabe WI" in mine and "Offene Aufgabe WI" not in mine
    assert client_for("traeger-wiesbaden").get(url).status_code == 403
    update = reverse("steering:task_update", kwargs={"pk": open_task.pk})
    assert client_for("frankfurt").get(update).status_code == 404
    assert client_for("rp-kassel").get(update).status_code == 403
    response = client_for("wiesbaden").post(update, {"status": "done", "note": ""})
    assert response.status_code == 302
    open_task.refresh_from_db()
    assert open_task.status == TaskStatus.DONE


# --- demo ----------------------------------------------------------------------------------------


def test_demo_meeting_is_complete_and_idempotent(demo_with_grants, client_for):
    from zielwerk.demo import steering_meeting

    meeting = Meeting.objects.get(region__slug="wiesbaden", programme_year__year=2024)
    assert meeting.held_on == dt.date(2024, 10, 17)
    assert meeting.place == "Wiesbaden"
    assert meeting.status == MeetingStatus.CLOSED
    assert meeting.briefing_as_of == dt.date(2024, 9, 30)
    assert meeting.briefing_pdf.read(4) == b"%PDF"
    rows = list(meeting.resolutions.order_by("position").values_list("kind", "owner__username"))
    assert rows == [("task", "wiesbaden"), ("task", "ministerium"), ("note", None)]
    city, ministry = meeting.resolutions.filter(kind="task").order_by("position")
    assert (city.status, city.due_on) == (TaskStatus.OPEN, dt.date(2024, 11, 29))
    assert (ministry.status, ministry.done_on) == (TaskStatus.DONE, dt.date(2024, 12, 9))
    report: list[str] = []
    steering_meeting.seed(report)
    assert report == []
    assert Resolution.objects.count() == 3
    start = client_for("wiesbaden").get("/").content.decode()
    assert "Aufgabe überfällig: Die Stadt legt einen Plan vor" in start
