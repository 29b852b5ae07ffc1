"""Services of the application: create, edit, submit (deadline, plans, allocation), review,
return."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zielwerk.core.models import AuditEntry
from zielwerk.grants.choices import ApplicationStatus, ReviewKind, ReviewResult
from zielwerk.grants.models import Application
from zielwerk.grants.services.applications import (
    application_create,
    application_transition,
    application_update,
    review_save,
    reviews_complete,
)
from zielwerk.grants.tests import factories
from zielwerk.notifications.models import Notification
from zielwerk.programmes.models import Participation, ProgrammeYear
from zielwerk.projects.models import CostCategory, CostItem, FinancingSource, FundingItem, Project

from .test_applications_support import complete_plans, draft_application

pytestmark = pytest.mark.django_db

BEFORE_DEADLINE = dt.date(2024, 3, 28)
DEADLINE = dt.date(2024, 3, 31)
AFTER_DEADLINE = dt.date(2024, 4, 2)


def submit(users, application, **kwargs):
    return application_transition(
        actor=users["wiesbaden"], application=application, name="submit", **kwargs
    )


# --- create --------------------------------------------------------------------------------------


def test_region_creates_its_application_once(users):
    complete_plans()
    region, year = factories.wiesbaden_2024()
    application = application_create(actor=users["wiesbaden"], region=region, programme_year=year)
    assert application.status == ApplicationStatus.DRAFT
    assert AuditEntry.objects.filter(action="application.create").count() == 1
    with pytest.raises(ValidationError, match="schon einen Antrag"):
        application_create(actor=users["wiesbaden"], region=region, programme_year=year)
    assert Application.objects.filter(region=region, programme_year=year).count() == 1


def test_only_the_regions_coordination_creates(users):
    region, year = factories.wiesbaden_2024()
    for username in ("frankfurt", "rp-kassel", "ministerium", "traeger-wiesbaden"):
        with pytest.raises(PermissionDenied):
            application_create(actor=users[username], region=region, programme_year=year)
    assert not Application.objects.exists()


def test_no_application_when_the_region_does_not_take_part(users):
    region, year = factories.wiesbaden_2024()
    Participation.objects.filter(region=region, programme_year=year).delete()
    with pytest.raises(ValidationError, match="nimmt 2024 nicht am Programm teil"):
        application_create(actor=users["wiesbaden"], region=region, programme_year=year)


# --- edit ----------------------------------------------------------------------------------------


def test_early_start_lies_between_earliest_start_and_year_end(users):
    application = draft_application()
    actor = users["wiesbaden"]
    for bad, text in [
        (dt.date(2023, 12, 31), "vor dem frühesten Beginn"),
        (dt.date(2025, 1, 1), "nicht im Programmjahr 2024"),
        (None, "ab wann"),
    ]:
        with pytest.raises(ValidationError, match=text):
            application_update(
                actor=actor, application=application, note="", early_start=True, early_start_on=bad
            )
    application_update(
        actor=actor,
        application=application,
        note="Anschreiben",
        early_start=True,
        early_start_on=dt.date(2024, 1, 1),
    )
    application.refresh_from_db()
    assert application.early_start_on == dt.date(2024, 1, 1)
    assert application.note == "Anschreiben"
    # Without early start no date is kept.
    application_update(
        actor=actor,
        application=application,
        note="Anschreiben",
        early_start=False,
        early_start_on=dt.date(2024, 2, 1),
    )
    application.refresh_from_db()
    assert application.early_start_on is None


def test_edit_only_by_the_region_and_only_as_draft(users):
    application = draft_application()
    with pytest.raises(PermissionDenied):
        application_update(
            actor=users["rp-kassel"],
            application=application,
            note="x",
            early_start=False,
            early_start_on=None,
        )
    submit(users, application, on=BEFORE_DEADLINE)
    with pytest.raises(PermissionDenied, match="nicht mehr geändert"):
        application_update(
            actor=users["wiesbaden"],
            application=application,
            note="x",
            early_start=False,
            early_start_on=None,
        )


# --- submit --------------------------------------------------------------------------------------


def test_submit_in_time_sets_reference_and_notifies_the_authority(users):
    application = draft_application()
    submitted = submit(users, application, on=BEFORE_DEADLINE)
    assert submitted.status == ApplicationStatus.SUBMITTED
    assert submitted.reference == "RP KS 57 – AQB 2024 – WI"
    assert submitted.submitted_at.date() == BEFORE_DEADLINE
    assert submitted.submitted_by == users["wiesbaden"]
    assert submitted.is_late is False
    notes = Notification.objects.filter(recipient=users["rp-kassel"], title__contains="Antrag")
    assert notes.count() == 1
    assert "Antrag eingereicht" in notes.get().title
    assert not Notification.objects.filter(
        recipient=users["wiesbaden"], title__contains="Antrag"
    ).exists()
    assert AuditEntry.objects.filter(action="application.submit").count() == 1


def test_submit_on_the_deadline_is_in_time(users):
    application = submit(users, draft_application(), on=DEADLINE)
    assert application.is_late is False


def test_late_submission_needs_a_reason_and_is_flagged(users):
    application = draft_application()
    with pytest.raises(ValidationError) as error:
        submit(users, application, on=AFTER_DEADLINE)
    assert "31.03.2024" in " ".join(error.value.messages)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    submitted = submit(
        users, application, on=AFTER_DEADLINE, reason="Kreistagsbeschluss erst am 1.4."
    )
    assert submitted.is_late is True
    assert submitted.late_reason == "Kreistagsbeschluss erst am 1.4."
    body = Notification.objects.get(recipient=users["rp-kassel"], title__contains="Antrag").body
    assert "Kreistagsbeschluss" in body


def test_submit_lists_every_plan_problem(users):
    application = draft_application()
    fib = application.projects().get(short_name="FIB")
    CostItem.objects.filter(project=fib, category=CostCategory.MATERIAL).update(
        amount=Decimal("92500.00")
    )
    hib = application.projects().get(short_name="HIB")
    hib.planned_participants = 0
    hib.save()
    with pytest.raises(ValidationError) as error:
        submit(users, application, on=BEFORE_DEADLINE)
    messages = error.value.messages
    # FIB: costs 672.500,00 against funding 672.400,00
    assert any("WI-2024-FIB" in m and "100,00" in m for m in messages)
    assert any("WI-2024-HIB" in m and "Teilnehmenden" in m for m in messages)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.reference == ""


def test_submit_needs_a_project(users):
    region, _year = factories.wiesbaden_2024()
    year = ProgrammeYear.objects.get(programme__code="aqb", year=2025)
    assert not Project.objects.filter(region=region, programme_year=year).exists()
    application = Application.objects.create(region=region, programme_year=year)
    with pytest.raises(ValidationError, match="kein Projekt"):
        submit(users, application, on=BEFORE_DEADLINE)


def test_aqb_total_may_not_exceed_the_allocation(users):
    application = draft_application()
    aab = application.projects().get(short_name="AAB")
    # 100 euros more AQB (and costs, so the plan still balances): 2.508.400,00 against the
    # allocation of 2.508.300,00.
    CostItem.objects.filter(project=aab, category=CostCategory.FEES).update(
        amount=Decimal("120100.00")
    )
    FundingItem.objects.filter(project=aab, source=FinancingSource.AQB).update(
        amount=Decimal("150100.00")
    )
    with pytest.raises(ValidationError) as error:
        submit(users, application, on=BEFORE_DEADLINE)
    (message,) = error.value.messages
    assert "2.508.400,00" in message
    assert "2.508.300,00" in message


def test_only_the_region_submits(users):
    application = draft_application()
    for username in ("rp-kassel", "ministerium", "frankfurt"):
        with pytest.raises(PermissionDenied):
            application_transition(
                actor=users[username], application=application, name="submit", on=BEFORE_DEADLINE
            )


# --- review and return ---------------------------------------------------------------------------


def test_review_only_while_in_review(users):
    application = submit(users, draft_application(), on=BEFORE_DEADLINE)
    authority = users["rp-kassel"]
    with pytest.raises(PermissionDenied, match="in Prüfung"):
        review_save(
            actor=authority,
            application=application,
            kind=ReviewKind.CONTENT,
            result=ReviewResult.APPROVED,
            notes="",
        )
    with pytest.raises(PermissionDenied):
        application_transition(
            actor=users["wiesbaden"], application=application, name="start_review"
        )
    application = application_transition(
        actor=authority, application=application, name="start_review"
    )
    assert application.status == ApplicationStatus.IN_REVIEW
    assert sorted(application.reviews.values_list("kind", "result")) == [
        ("content", "open"),
        ("finance", "open"),
    ]
    assert not reviews_complete(application)
    with pytest.raises(PermissionDenied):
        review_save(
            actor=users["ministerium"],
            application=application,
            kind=ReviewKind.CONTENT,
            result=ReviewResult.APPROVED,
            notes="",
        )
    review = review_save(
        actor=authority,
        application=application,
        kind=ReviewKind.CONTENT,
        result=ReviewResult.APPROVED,
        notes="passt",
    )
    assert review.reviewer == authority and review.reviewed_at is not None
    assert not reviews_complete(application)
    # A replayed day is stamped at noon (local time) of that day.
    review = review_save(
        actor=authority,
        application=application,
        kind=ReviewKind.CONTENT,
        result=ReviewResult.APPROVED,
        notes="passt",
        on=dt.date(2024, 4, 10),
    )
    assert review.reviewed_at == dt.datetime(
        2024, 4, 10, 10, 0, tzinfo=dt.UTC
    )  # noon in Wiesbaden (summer time, UTC+2)
    review_save(
        actor=authority,
        application=application,
        kind=ReviewKind.FINANCE,
        result=ReviewResult.RESERVATIONS,
        notes="Material knapp begründet",
    )
    assert reviews_complete(application)
    # Back to open: no reviewer any more, and the reviews are no longer complete.
    review = review_save(
        actor=authority,
        application=application,
        kind=ReviewKind.FINANCE,
        result=ReviewResult.OPEN,
        notes="",
    )
    assert review.reviewer is None and review.reviewed_at is None
    assert not reviews_complete(application)


def test_return_needs_a_reason_which_the_region_receives(users):
    application = submit(users, draft_application(), on=BEFORE_DEADLINE)
    authority = users["rp-kassel"]
    application = application_transition(
        actor=authority, application=application, name="start_review"
    )
    with pytest.raises(ValidationError):
        application_transition(actor=authority, application=application, name="return")
    application = application_transition(
        actor=authority,
        application=application,
        name="return",
        reason="Bitte den Kostenplan von CBG erläutern.",
    )
    assert application.status == ApplicationStatus.DRAFT
    entry = AuditEntry.objects.get(action="application.return")
    assert entry.reason == "Bitte den Kostenplan von CBG erläutern."
    note = Notification.objects.get(recipient=users["wiesbaden"], title__contains="Antrag")
    assert "zur Überarbeitung zurückgegeben" in note.title
    assert "Kostenplan von CBG" in note.body
    assert not Notification.objects.filter(
        recipient=users["frankfurt"], title__contains="Antrag"
    ).exists()
    # Resubmitted: the reference stays.
    again = submit(users, application, on=BEFORE_DEADLINE)
    assert again.reference == "RP KS 57 – AQB 2024 – WI"


def test_decide_is_not_a_step_from_draft(users):
    application = draft_application()
    with pytest.raises(PermissionDenied):
        application_transition(actor=users["rp-kassel"], application=application, name="decide")
    with pytest.raises(PermissionDenied, match="gibt es nicht"):
        application_transition(actor=users["rp-kassel"], application=application, name="fly")


def test_a_resubmitted_application_is_reviewed_anew(demo, users):
    from zielwerk.grants.choices import ApplicationStatus, ReviewResult
    from zielwerk.grants.services.applications import (
        application_transition,
        reviews_complete,
    )
    from zielwerk.grants.tests.factories import make_application

    application = make_application(ApplicationStatus.IN_REVIEW, reviewed=True)
    assert reviews_complete(application)
    authority, region = users["rp-kassel"], users["wiesbaden"]
    application_transition(
        actor=authority, application=application, name="return", reason="Plan FIB prüfen"
    )
    application_transition(
        actor=region, application=application, name="submit", on=dt.date(2024, 3, 30)
    )
    application_transition(actor=authority, application=application, name="start_review")
    assert not reviews_complete(application)
    assert set(application.reviews.values_list("result", flat=True)) == {ReviewResult.OPEN}
    assert all(application.reviews.values_list("notes", flat=True))  # earlier notes kept
