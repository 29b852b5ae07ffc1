"""The demo survey: three submitted answers, plausibly dated, seeded once."""

from __future__ import annotations

import datetime as dt

from zielwerk.accounts.models import User
from zielwerk.surveys.choices import ResponseStatus, SurveyStatus
from zielwerk.surveys.models import Question, Response, Survey


def test_demo_survey(survey_demo):
    survey = Survey.objects.get(title="Umfrage zur Umsetzung 2024")
    assert survey.status == SurveyStatus.CLOSED
    assert survey.programme_year.year == 2024
    assert survey.deadline == dt.date(2024, 10, 31)
    assert survey.sent_at.date() == dt.date(2024, 10, 1)
    assert sorted(Question.objects.filter(survey=survey).values_list("kind", flat=True)) == sorted(
        ["single", "number", "multiple", "scale", "text"]
    )
    responses = Response.objects.filter(survey=survey).order_by("region__name")
    assert [(r.region.name, r.status) for r in responses] == [
        ("Frankfurt am Main", ResponseStatus.SUBMITTED),
        ("Landkreis Kassel", ResponseStatus.SUBMITTED),
        ("Wiesbaden", ResponseStatus.SUBMITTED),
    ]
    assert all(dt.date(2024, 10, 1) < r.submitted_at.date() <= survey.deadline for r in responses)
    kassel = responses.get(region__slug="landkreis-kassel")
    assert kassel.submitted_by == User.objects.get(username="kassel-landkreis")


def test_seeding_twice_creates_nothing(survey_demo):
    from zielwerk.demo.surveys import seed_surveys

    report: list[str] = []
    seed_surveys(report)
    assert report == []
    assert Survey.objects.filter(title="Umfrage zur Umsetzung 2024").count() == 1
    assert Response.objects.count() == 3
