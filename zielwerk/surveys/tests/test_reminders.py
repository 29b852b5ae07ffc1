"""Reminders before the deadline (once per survey and region) and the start-page to-dos."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.management import call_command

from zielwerk.home.survey_todos import survey_todos
from zielwerk.notifications.models import Notification
from zielwerk.organisations.models import Region
from zielwerk.surveys.models import SurveyRecipient
from zielwerk.surveys.services import response_save, survey_remind


def _reminders(user) -> int:
    return Notification.objects.filter(recipient=user, title__startswith="Erinnerung").count()


def test_reminder_seven_days_ahead_once_per_region(open_survey, users):
    deadline = open_survey.survey.deadline  # ten days ahead
    # eight days before the deadline: too early
    assert survey_remind(on=deadline - dt.timedelta(days=8)) == 0
    # seven days before: both regions, each once
    assert survey_remind(on=deadline - dt.timedelta(days=7)) == 2
    assert _reminders(users["wiesbaden"]) == 1
    assert _reminders(users["frankfurt"]) == 1
    notification = Notification.objects.get(
        recipient=users["wiesbaden"], title__startswith="Erinnerung"
    )
    assert notification.link == f"/umfragen/{open_survey.survey.pk}/antworten/wiesbaden/"
    assert SurveyRecipient.objects.filter(reminded_at__isnull=False).count() == 2
    # the next days: nothing again
    assert survey_remind(on=deadline - dt.timedelta(days=6)) == 0
    assert survey_remind(on=deadline) == 0
    assert _reminders(users["wiesbaden"]) == 1


def test_no_reminder_for_a_submitted_region_or_after_the_deadline(open_survey, users):
    s = open_survey
    response_save(
        actor=users["wiesbaden"],
        survey=s.survey,
        region=Region.objects.get(slug="wiesbaden"),
        answers={
            s.number.pk: "3",
            s.single.pk: s.choice(s.single, "gut"),
            s.multiple.pk: [s.choice(s.multiple, "keine")],
            s.scale.pk: "5",
        },
        submit=True,
    )
    assert survey_remind(on=s.survey.deadline + dt.timedelta(days=1)) == 0
    assert survey_remind(on=s.survey.deadline - dt.timedelta(days=2)) == 1
    assert _reminders(users["wiesbaden"]) == 0
    assert _reminders(users["frankfurt"]) == 1


def test_the_command(open_survey, users):
    day = open_survey.survey.deadline - dt.timedelta(days=3)
    out = StringIO()
    call_command("survey_reminders", stichtag=day.strftime("%d.%m.%Y"), stdout=out)
    assert out.getvalue().strip() == "2 Gebietskörperschaften erinnert."
    out = StringIO()
    call_command("survey_reminders", stichtag=day.strftime("%d.%m.%Y"), stdout=out)
    assert out.getvalue().strip() == "0 Gebietskörperschaften erinnert."


def test_start_page_todo_until_submitted(open_survey, users, client_for):
    s = open_survey
    wiesbaden = Region.objects.get(slug="wiesbaden")
    todos = survey_todos(users["wiesbaden"], [wiesbaden])
    assert [title for title, _detail, _url in todos] == ["Befragung beantworten: Testbefragung"]
    assert todos[0][1].startswith("Wiesbaden – Frist ")
    assert "noch 10 Tage" in todos[0][1]
    page = client_for("wiesbaden").get("/")
    assert "Befragung beantworten: Testbefragung" in page.content.decode()
    response_save(
        actor=users["wiesbaden"],
        survey=s.survey,
        region=wiesbaden,
        answers={
            s.number.pk: "3",
            s.single.pk: s.choice(s.single, "gut"),
            s.multiple.pk: [s.choice(s.multiple, "keine")],
            s.scale.pk: "5",
        },
        submit=True,
    )
    assert survey_todos(users["wiesbaden"], [wiesbaden]) == []
    # past the deadline the survey is no to-do any more
    frankfurt = Region.objects.get(slug="frankfurt")
    assert survey_todos(users["frankfurt"], [frankfurt], s.survey.deadline + dt.timedelta(1)) == []
