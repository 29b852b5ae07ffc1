"""Services of surveys: building (draft only), sending (questions, deadline, regions,
notifications), answering (drafts, required answers, submit once, deadline, scope), closing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zielwerk.notifications.models import Notification
from zielwerk.organisations.models import Region
from zielwerk.programmes.models import Participation
from zielwerk.surveys.choices import QuestionKind, ResponseStatus, SurveyStatus
from zielwerk.surveys.models import Answer, Response, SurveyRecipient
from zielwerk.surveys.services import (
    question_delete,
    question_save,
    response_save,
    survey_close,
    survey_save,
    survey_send,
)

from .conftest import make_draft


def _region(slug: str) -> Region:
    return Region.objects.get(slug=slug)


def _complete(open_survey) -> dict:
    s = open_survey
    return {
        s.text.pk: "Alles gut",
        s.number.pk: "12,5",
        s.single.pk: s.choice(s.single, "gut"),
        s.multiple.pk: [s.choice(s.multiple, "Personal"), s.choice(s.multiple, "Räume")],
        s.scale.pk: "4",
    }


# --- building -----------------------------------------------------------------------------------


def test_only_the_ministry_builds_surveys(users):
    with pytest.raises(PermissionDenied):
        make_draft(users["wiesbaden"])
    with pytest.raises(PermissionDenied):
        make_draft(users["rp-kassel"])
    made = make_draft(users["admin"])  # the administration acts as the ministry
    assert [q.position for q in made.survey.questions.all()] == [1, 2, 3, 4, 5]


def test_choice_questions_need_two_distinct_options(users):
    made = make_draft(users["ministerium"])
    with pytest.raises(ValidationError) as error:
        question_save(
            actor=users["ministerium"],
            survey=made.survey,
            kind=QuestionKind.SINGLE,
            text="Eine?",
            options=["nur eine"],
        )
    assert "mindestens zwei Antwortmöglichkeiten" in str(error.value)
    with pytest.raises(ValidationError):
        question_save(
            actor=users["ministerium"],
            survey=made.survey,
            kind=QuestionKind.MULTIPLE,
            text="Doppelt?",
            options=["a", "a"],
        )


def test_choices_are_rows_in_order_and_replaced_on_edit(users):
    made = make_draft(users["ministerium"])
    assert [c.label for c in made.multiple.choices.all()] == ["Personal", "Räume", "keine"]
    question_save(
        actor=users["ministerium"],
        survey=made.survey,
        question=made.multiple,
        kind=QuestionKind.MULTIPLE,
        text="Schwierigkeiten?",
        options=["Räume", "Zeit", ""],
    )
    assert [(c.position, c.label) for c in made.multiple.choices.all()] == [
        (1, "Räume"),
        (2, "Zeit"),
    ]


def test_deleting_a_question_closes_the_gap(users):
    made = make_draft(users["ministerium"])
    question_delete(actor=users["ministerium"], question=made.number)
    assert [(q.position, q.text) for q in made.survey.questions.all()] == [
        (1, "Was fällt auf?"),
        (2, "Stand?"),
        (3, "Schwierigkeiten?"),
        (4, "Zufriedenheit?"),
    ]


# --- sending ------------------------------------------------------------------------------------


def test_send_to_every_region_of_the_year_notifies_their_coordinators(users):
    made = make_draft(users["ministerium"])
    taking_part = Participation.objects.filter(programme_year=made.survey.programme_year).count()
    before = Notification.objects.filter(recipient=users["wiesbaden"]).count()
    assert survey_send(actor=users["ministerium"], survey=made.survey) == taking_part
    made.survey.refresh_from_db()
    assert made.survey.status == SurveyStatus.SENT and made.survey.sent_at is not None
    assert SurveyRecipient.objects.filter(survey=made.survey).count() == taking_part
    new = Notification.objects.filter(recipient=users["wiesbaden"]).order_by("-pk")
    assert new.count() == before + 1
    assert new.first().title == "Neue Befragung: Testbefragung"
    assert new.first().link == f"/umfragen/{made.survey.pk}/antworten/wiesbaden/"


def test_send_needs_a_question_and_a_deadline_not_in_the_past(users):
    ministry = users["ministerium"]
    made = make_draft(ministry, deadline=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        survey_send(actor=ministry, survey=made.survey)
    assert "liegt in der Vergangenheit" in str(error.value)
    # the same deadline is fine for a send dated before it
    empty = survey_save(
        actor=ministry,
        programme_year=made.survey.programme_year,
        title="Leer",
        deadline=timezone.localdate(),
    )
    with pytest.raises(ValidationError) as error:
        survey_send(actor=ministry, survey=empty)
    assert "noch keine Frage" in str(error.value)
    assert not SurveyRecipient.objects.filter(survey__in=[made.survey, empty]).exists()


def test_a_sent_survey_no_longer_changes(open_survey, users):
    with pytest.raises(PermissionDenied):
        question_save(
            actor=users["ministerium"], survey=open_survey.survey, kind="text", text="Neu?"
        )
    with pytest.raises(PermissionDenied):
        question_delete(actor=users["ministerium"], question=open_survey.text)
    with pytest.raises(PermissionDenied):
        survey_send(actor=users["ministerium"], survey=open_survey.survey)


# --- answering ----------------------------------------------------------------------------------


def test_a_draft_may_be_incomplete_and_is_saved_again(open_survey, users):
    s = open_survey
    wiesbaden = _region("wiesbaden")
    response = response_save(
        actor=users["wiesbaden"], survey=s.survey, region=wiesbaden, answers={s.number.pk: "7"}
    )
    assert response.status == ResponseStatus.DRAFT
    assert Answer.objects.get(response=response, question=s.number).value_number == Decimal("7")
    response = response_save(
        actor=users["wiesbaden"], survey=s.survey, region=wiesbaden, answers=_complete(s)
    )
    assert Response.objects.filter(survey=s.survey).count() == 1
    answer = Answer.objects.get(response=response, question=s.number)
    assert answer.value_number == Decimal("12.50")
    assert sorted(c.label for c in Answer.objects.get(question=s.multiple).choices.all()) == [
        "Personal",
        "Räume",
    ]


def test_submit_names_every_missing_required_question(open_survey, users):
    s = open_survey
    with pytest.raises(ValidationError) as error:
        response_save(
            actor=users["wiesbaden"],
            survey=s.survey,
            region=_region("wiesbaden"),
            answers={s.single.pk: s.choice(s.single, "gut")},
            submit=True,
        )
    assert error.value.messages == [
        "Bitte beantworten Sie die Pflichtfrage „Wie viele Fachkräfte?“.",
        "Bitte beantworten Sie die Pflichtfrage „Schwierigkeiten?“.",
        "Bitte beantworten Sie die Pflichtfrage „Zufriedenheit?“.",
    ]
    assert not Response.objects.filter(survey=s.survey).exists()  # nothing changed


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("number", "zwölf", "„Wie viele Fachkräfte?“: Bitte geben Sie eine Zahl an"),
        ("scale", "6", "„Zufriedenheit?“: Bitte wählen Sie einen Wert von 1 bis 5."),
        ("scale", "2,5", "„Zufriedenheit?“: Bitte wählen Sie einen Wert von 1 bis 5."),
        ("single", 999999, "„Stand?“: Bitte wählen Sie eine der angebotenen Möglichkeiten."),
    ],
)
def test_invalid_answers_are_refused_naming_the_question(open_survey, users, field, value, message):
    question = getattr(open_survey, field)
    with pytest.raises(ValidationError) as error:
        response_save(
            actor=users["wiesbaden"],
            survey=open_survey.survey,
            region=_region("wiesbaden"),
            answers={question.pk: value},
        )
    assert error.value.messages[0].startswith(message)


def test_a_choice_of_another_question_is_refused(open_survey, users):
    s = open_survey
    with pytest.raises(ValidationError):
        response_save(
            actor=users["wiesbaden"],
            survey=s.survey,
            region=_region("wiesbaden"),
            answers={s.multiple.pk: [s.choice(s.single, "gut")]},
        )


def test_submitted_once_never_changes(open_survey, users):
    s = open_survey
    wiesbaden = _region("wiesbaden")
    response = response_save(
        actor=users["wiesbaden"],
        survey=s.survey,
        region=wiesbaden,
        answers=_complete(s),
        submit=True,
    )
    assert response.status == ResponseStatus.SUBMITTED
    assert response.submitted_by == users["wiesbaden"] and response.submitted_at is not None
    with pytest.raises(PermissionDenied):
        response_save(
            actor=users["wiesbaden"],
            survey=s.survey,
            region=wiesbaden,
            answers={s.number.pk: "99"},
        )
    with pytest.raises(PermissionDenied):
        response_save(
            actor=users["wiesbaden"],
            survey=s.survey,
            region=wiesbaden,
            answers=_complete(s),
            submit=True,
        )
    assert Answer.objects.get(question=s.number).value_number == Decimal("12.50")


def test_no_answers_after_the_deadline(open_survey, users):
    s = open_survey
    after = s.survey.deadline + dt.timedelta(days=1)
    with pytest.raises(PermissionDenied) as error:
        response_save(
            actor=users["wiesbaden"],
            survey=s.survey,
            region=_region("wiesbaden"),
            answers=_complete(s),
            on=after,
        )
    assert "Frist" in str(error.value)
    # on the deadline itself it is still possible
    response_save(
        actor=users["wiesbaden"],
        survey=s.survey,
        region=_region("wiesbaden"),
        answers=_complete(s),
        on=s.survey.deadline,
    )


def test_only_the_regions_own_coordination_answers(open_survey, users):
    s = open_survey
    for username in ("frankfurt", "ministerium", "rp-kassel", "traeger-wiesbaden"):
        with pytest.raises(PermissionDenied):
            response_save(
                actor=users[username],
                survey=s.survey,
                region=_region("wiesbaden"),
                answers=_complete(s),
            )
    # Frankfurt for Frankfurt is fine
    response_save(
        actor=users["frankfurt"],
        survey=s.survey,
        region=_region("frankfurt"),
        answers=_complete(s),
    )


def test_a_region_the_survey_did_not_go_to_cannot_answer(users):
    ministry = users["ministerium"]
    made = make_draft(ministry)
    survey_send(actor=ministry, survey=made.survey, regions=[_region("frankfurt")])
    with pytest.raises(ValidationError) as error:
        response_save(
            actor=users["wiesbaden"],
            survey=made.survey,
            region=_region("wiesbaden"),
            answers={},
        )
    assert "nicht an Wiesbaden versendet" in str(error.value)


def test_closing_ends_answering(open_survey, users):
    survey_close(actor=users["ministerium"], survey=open_survey.survey)
    open_survey.survey.refresh_from_db()
    assert open_survey.survey.status == SurveyStatus.CLOSED
    with pytest.raises(PermissionDenied):
        response_save(
            actor=users["wiesbaden"],
            survey=open_survey.survey,
            region=_region("wiesbaden"),
            answers={},
        )
    with pytest.raises(PermissionDenied):
        survey_close(actor=users["ministerium"], survey=open_survey.survey)
