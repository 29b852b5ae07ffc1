"""Demo of surveys (§ 7): the invented "Umfrage zur Umsetzung 2024" of the ministry with five
questions of every kind, sent on 01.10.2024 to every region taking part in 2024 with the deadline
31.10.2024, answered and submitted by Wiesbaden (21.10.), Frankfurt am Main (28.10.) and the
Landkreis Kassel (30.10.), closed on 04.11.2024.

The Landkreis Kassel gets an invented coordinator account (`kassel-landkreis`, demo password) so
that its answers are given by a person of the region, as the rules demand. Everything goes
through the services; seeding twice creates nothing new.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from zielwerk.accounts.choices import Role
from zielwerk.accounts.models import Membership, User
from zielwerk.accounts.services import membership_create
from zielwerk.organisations.models import Organisation, Region
from zielwerk.programmes.models import ProgrammeYear
from zielwerk.surveys.choices import QuestionKind
from zielwerk.surveys.models import Survey
from zielwerk.surveys.services import (
    question_save,
    response_save,
    survey_close,
    survey_save,
    survey_send,
)

from .data import _user

TITLE = "Umfrage zur Umsetzung 2024"
BERLIN = ZoneInfo("Europe/Berlin")
THIRD_REGION = "landkreis-kassel"
THIRD_USER = "kassel-landkreis"

# (kind, text, help text, required, options or scale (min, max, low label, high label))
QUESTIONS: list[tuple[str, str, str, bool, Any]] = [
    (
        QuestionKind.SINGLE,
        "Wie ist der Stand der Umsetzung Ihrer Maßnahmen?",
        "Bitte bezogen auf alle Projekte des Programmjahres.",
        True,
        ["planmäßig", "leicht verzögert", "deutlich verzögert"],
    ),
    (
        QuestionKind.NUMBER,
        "Wie viele Fachkräfte (Vollzeitäquivalente) arbeiten in Ihren AQB-Projekten?",
        "Zum Beispiel 12,5.",
        True,
        None,
    ),
    (
        QuestionKind.MULTIPLE,
        "Welche Schwierigkeiten traten bei der Umsetzung auf?",
        "Mehrere Antworten sind möglich.",
        True,
        [
            "Gewinnung von Teilnehmenden",
            "Gewinnung von Personal",
            "Räume",
            "Zusammenarbeit mit dem Jobcenter",
            "keine",
        ],
    ),
    (
        QuestionKind.SCALE,
        "Wie zufrieden sind Sie mit der Begleitung durch das Ministerium?",
        "",
        True,
        (1, 5, "gar nicht zufrieden", "sehr zufrieden"),
    ),
    (
        QuestionKind.TEXT,
        "Was sollte im nächsten Programmjahr anders werden?",
        "",
        False,
        None,
    ),
]

# region slug: (submitted on, answers in question order: option labels, numbers, texts)
ANSWERS: dict[str, tuple[dt.datetime, list[Any]]] = {
    "wiesbaden": (
        dt.datetime(2024, 10, 21, 10, 15, tzinfo=BERLIN),
        [
            "planmäßig",
            Decimal("12.5"),
            ["Gewinnung von Personal", "Räume"],
            4,
            "Eine frühere Bewilligung, damit die Projekte im Januar beginnen können (erfunden).",
        ],
    ),
    "frankfurt": (
        dt.datetime(2024, 10, 28, 14, 40, tzinfo=BERLIN),
        [
            "leicht verzögert",
            Decimal("20"),
            ["Gewinnung von Teilnehmenden", "Gewinnung von Personal"],
            3,
            "Ein Austausch der Koordinationen im Frühjahr wäre hilfreich (erfunden).",
        ],
    ),
    THIRD_REGION: (
        dt.datetime(2024, 10, 30, 9, 5, tzinfo=BERLIN),
        ["planmäßig", Decimal("6"), ["keine"], 5, ""],
    ),
}


def _third_coordinator(report: list[str]) -> User:
    """The invented coordinator of the Landkreis Kassel."""
    admin = User.objects.get(username="admin")
    user = _user(THIRD_USER, "Karla", "Kreisel (Demo)")
    administration = Organisation.objects.get(slug=f"verwaltung-{THIRD_REGION}")
    if not Membership.objects.filter(
        user=user, organisation=administration, role=Role.REGION_COORDINATOR
    ).exists():
        membership_create(
            actor=admin,
            user=user,
            organisation=administration,
            role=Role.REGION_COORDINATOR,
            function="Koordination AQB",
            notify=False,
        )
        report.append(f"Konto {THIRD_USER} (Koordination Landkreis Kassel, erfunden) angelegt")
    return user


def _answers(survey: Survey, values: list) -> dict:
    answers: dict[int, Any] = {}
    for question, value in zip(survey.questions.order_by("position"), values, strict=True):
        labels = {choice.label: choice.pk for choice in question.choices.all()}
        if question.kind == QuestionKind.SINGLE:
            answers[question.pk] = labels[value]
        elif question.kind == QuestionKind.MULTIPLE:
            answers[question.pk] = [labels[label] for label in value]
        else:
            answers[question.pk] = value
    return answers


def seed_surveys(report: list[str]) -> None:
    programme_year = ProgrammeYear.objects.get(programme__code="aqb", year=2024)
    if Survey.objects.filter(programme_year=programme_year, title=TITLE).exists():
        return
    ministry = User.objects.get(username="ministerium")
    coordinators = {
        "wiesbaden": User.objects.get(username="wiesbaden"),
        "frankfurt": User.objects.get(username="frankfurt"),
        THIRD_REGION: _third_coordinator(report),
    }
    survey = survey_save(
        actor=ministry,
        programme_year=programme_year,
        title=TITLE,
        introduction=(
            "Erfundene Demo-Befragung: Das Ministerium möchte zur Jahresmitte wissen, wie die "
            "Umsetzung des AQB 2024 in den Gebietskörperschaften läuft. Die Antworten fließen in "
            "die Umsetzungsbesprechungen im Herbst ein."
        ),
        deadline=dt.date(2024, 10, 31),
    )
    Survey.objects.filter(pk=survey.pk).update(
        created_at=dt.datetime(2024, 9, 24, 11, 0, tzinfo=BERLIN)
    )
    for kind, text, help_text, required, extra in QUESTIONS:
        scale = extra if kind == QuestionKind.SCALE else (1, 5, "", "")
        question_save(
            actor=ministry,
            survey=survey,
            kind=kind,
            text=text,
            help_text=help_text,
            required=required,
            options=extra if isinstance(extra, list) else (),
            scale_min=scale[0],
            scale_max=scale[1],
            scale_min_label=scale[2],
            scale_max_label=scale[3],
        )
    count = survey_send(
        actor=ministry,
        survey=survey,
        on=dt.date(2024, 10, 1),
        at=dt.datetime(2024, 10, 1, 9, 0, tzinfo=BERLIN),
    )
    for slug, (moment, values) in ANSWERS.items():
        response_save(
            actor=coordinators[slug],
            survey=survey,
            region=Region.objects.get(slug=slug),
            answers=_answers(survey, values),
            submit=True,
            on=moment.date(),
            at=moment,
        )
    survey_close(actor=ministry, survey=survey, at=dt.datetime(2024, 11, 4, 8, 30, tzinfo=BERLIN))
    report.append(f"Befragung „{TITLE}“ an {count} Gebietskörperschaften, {len(ANSWERS)} Antworten")
