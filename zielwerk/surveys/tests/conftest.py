"""Fixtures of the survey tests: the demo with the demo survey, and an open survey with one
question of every kind, sent to Wiesbaden and Frankfurt am Main with a deadline ten days ahead."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from zielwerk.organisations.models import Region
from zielwerk.programmes.models import ProgrammeYear
from zielwerk.surveys.choices import QuestionKind
from zielwerk.surveys.models import Question, Survey
from zielwerk.surveys.services import question_save, survey_save, survey_send


@pytest.fixture
def survey_demo(demo):
    from zielwerk.demo.surveys import seed_surveys

    report: list[str] = []
    seed_surveys(report)
    return report


@dataclass
class OpenSurvey:
    survey: Survey
    text: Question
    number: Question
    single: Question
    multiple: Question
    scale: Question

    def choice(self, question: Question, label: str) -> int:
        return question.choices.get(label=label).pk


def make_draft(ministry, *, deadline: dt.date | None = None) -> OpenSurvey:
    survey = survey_save(
        actor=ministry,
        programme_year=ProgrammeYear.objects.get(programme__code="aqb", year=2024),
        title="Testbefragung",
        deadline=deadline or timezone.localdate() + dt.timedelta(days=10),
    )
    common = {"actor": ministry, "survey": survey}
    return OpenSurvey(
        survey=survey,
        text=question_save(**common, kind=QuestionKind.TEXT, text="Was fällt auf?", required=False),
        number=question_save(**common, kind=QuestionKind.NUMBER, text="Wie viele Fachkräfte?"),
        single=question_save(
            **common, kind=QuestionKind.SINGLE, text="Stand?", options=["gut", "schlecht"]
        ),
        multiple=question_save(
            **common,
            kind=QuestionKind.MULTIPLE,
            text="Schwierigkeiten?",
            options=["Personal", "Räume", "keine"],
        ),
        scale=question_save(
            **common,
            kind=QuestionKind.SCALE,
            text="Zufriedenheit?",
            scale_min=1,
            scale_max=5,
            scale_min_label="gar nicht",
            scale_max_label="sehr",
        ),
    )


@pytest.fixture
def open_survey(users) -> OpenSurvey:
    ministry = users["ministerium"]
    made = make_draft(ministry)
    survey_send(
        actor=ministry,
        survey=made.survey,
        regions=list(Region.objects.filter(slug__in=["wiesbaden", "frankfurt"])),
    )
    made.survey.refresh_from_db()
    return made
