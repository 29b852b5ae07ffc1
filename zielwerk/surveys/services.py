"""Writes of surveys (§ 7): the ministry's survey and questions, sending, closing, the regions'
answers and the reminders before the deadline.

Rules beyond the permission predicates (permissions.py):

* a survey and its questions change only while it is a draft;
* it is sent with at least one question and a deadline not in the past – to every region taking
  part in its programme year, or to a selection of them; the regions' coordinators are notified;
* a region saves drafts of its answers until the deadline; submitting checks every required
  question (German messages naming the question) and is final: a submitted response never
  changes;
* a reminder goes to the coordinators of each region without a submitted response once the
  deadline is at most REMINDER_DAYS days away – once per survey and region
  (`SurveyRecipient.reminded_at`).

Every write audits; `on` (the day) and `at` (the moment) default to today and now and exist so
that the demo can tell a plausible past.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zielwerk.accounts.choices import Role
from zielwerk.accounts.selectors import people_with_role
from zielwerk.core.audit import audit_record
from zielwerk.core.formats import format_date, parse_german_decimal
from zielwerk.notifications.services import notification_send
from zielwerk.organisations.models import Region
from zielwerk.programmes.models import Participation

from .choices import CHOICE_KINDS, QuestionKind, ResponseStatus, SurveyStatus
from .models import Answer, Choice, Question, Response, Survey, SurveyRecipient
from .permissions import can_answer, can_close_survey, can_manage_surveys

REMINDER_DAYS = 7
NUMBER_LIMIT = Decimal("999999999999.99")


def response_url(survey: Survey, region: Region) -> str:
    return reverse("surveys:response_edit", kwargs={"pk": survey.pk, "region": region.slug})


def _coordinators(region: Region, exclude=None):
    if region.administration_id is None:
        return []
    return list(
        people_with_role(
            Role.REGION_COORDINATOR, organisation_id=region.administration_id, exclude=exclude
        )
    )


# --- the survey and its questions (ministry, draft) ---------------------------------------------


@transaction.atomic
def survey_save(
    *,
    actor,
    programme_year,
    title: str,
    introduction: str = "",
    deadline: dt.date | None = None,
    survey: Survey | None = None,
) -> Survey:
    can_manage_surveys(actor, survey).enforce()
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Bitte geben Sie einen Titel an.")})
    fields = {
        "programme_year": programme_year,
        "title": title,
        "introduction": introduction.strip(),
        "deadline": deadline,
    }
    if survey is None:
        survey = Survey.objects.create(created_by=actor, **fields)
        audit_record(
            actor=actor,
            action="survey.create",
            obj=survey,
            changes={"title": [None, title], "programme_year": [None, programme_year.year]},
        )
        return survey
    changes = {}
    for name, value in fields.items():
        before = getattr(survey, name)
        if before != value:
            changes[name] = [_plain(before), _plain(value)]
            setattr(survey, name, value)
    if changes:
        survey.save()
        audit_record(actor=actor, action="survey.update", obj=survey, changes=changes)
    return survey


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "year") and hasattr(value, "programme_id"):
        return value.year
    return value


def _clean_options(options: Iterable[str]) -> list[str]:
    return [option.strip() for option in options if option and option.strip()]


@transaction.atomic
def question_save(
    *,
    actor,
    survey: Survey,
    kind: str,
    text: str,
    help_text: str = "",
    required: bool = True,
    options: Iterable[str] = (),
    scale_min: int = 1,
    scale_max: int = 5,
    scale_min_label: str = "",
    scale_max_label: str = "",
    question: Question | None = None,
) -> Question:
    """Create or change a question. `options` are the choices of a single or multiple choice
    question, in order (stored as Choice rows, replaced as a whole while the survey is a
    draft – no answers exist then)."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    can_manage_surveys(actor, survey).enforce()
    errors: dict[str, str] = {}
    text = text.strip()
    if not text:
        errors["text"] = _("Bitte geben Sie den Text der Frage an.")
    if kind not in QuestionKind.values:
        errors["kind"] = _("Bitte wählen Sie die Art der Frage.")
    options = _clean_options(options)
    if kind in CHOICE_KINDS:
        if len(options) < 2:
            errors["options"] = _("Bitte geben Sie mindestens zwei Antwortmöglichkeiten an.")
        elif len(set(options)) != len(options):
            errors["options"] = _("Jede Antwortmöglichkeit darf nur einmal vorkommen.")
    if kind == QuestionKind.SCALE and not (0 <= scale_min < scale_max <= 10):
        errors["scale_max"] = _(
            "Die Skala reicht von 0 bis höchstens 10 und hat mindestens zwei Stufen."
        )
    if errors:
        raise ValidationError(errors)
    fields = {
        "kind": kind,
        "text": text,
        "help_text": help_text.strip(),
        "required": required,
        "scale_min": scale_min if kind == QuestionKind.SCALE else 1,
        "scale_max": scale_max if kind == QuestionKind.SCALE else 5,
        "scale_min_label": scale_min_label.strip() if kind == QuestionKind.SCALE else "",
        "scale_max_label": scale_max_label.strip() if kind == QuestionKind.SCALE else "",
    }
    if question is None:
        position = (survey.questions.aggregate(last=Max("position"))["last"] or 0) + 1
        question = Question.objects.create(survey=survey, position=position, **fields)
        action = "survey.question.create"
    else:
        if question.survey_id != survey.pk:
            raise ValidationError(_("Die Frage gehört zu einer anderen Befragung."))
        for name, value in fields.items():
            setattr(question, name, value)
        question.save()
        action = "survey.question.update"
    question.choices.all().delete()
    if kind in CHOICE_KINDS:
        Choice.objects.bulk_create(
            Choice(question=question, position=number, label=label)
            for number, label in enumerate(options, start=1)
        )
    audit_record(
        actor=actor,
        action=action,
        obj=question,
        changes={
            "kind": [None, kind],
            "text": [None, text],
            "required": [None, required],
            "options": [None, options],
        },
    )
    return question


@transaction.atomic
def question_delete(*, actor, question: Question) -> None:
    survey = Survey.objects.select_for_update().get(pk=question.survey_id)
    can_manage_surveys(actor, survey).enforce()
    audit_record(
        actor=actor,
        action="survey.question.delete",
        obj=survey,
        changes={"question": [question.text, None]},
    )
    question.delete()
    # Close the gap so that the positions stay 1..n.
    for number, remaining in enumerate(survey.questions.order_by("position", "pk"), start=1):
        if remaining.position != number:
            Question.objects.filter(pk=remaining.pk).update(position=number)


# --- sending and closing ------------------------------------------------------------------------


def participating_regions(survey: Survey):
    return Region.objects.filter(
        pk__in=Participation.objects.filter(programme_year=survey.programme_year_id).values(
            "region_id"
        )
    ).order_by("name")


@transaction.atomic
def survey_send(
    *,
    actor,
    survey: Survey,
    regions: Iterable[Region] | None = None,
    on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> int:
    """Send the survey to the regions (all taking part in its programme year if None); returns
    how many regions received it."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    can_manage_surveys(actor, survey).enforce()
    today = on or timezone.localdate()
    errors = []
    if not survey.questions.exists():
        errors.append(_("Die Befragung hat noch keine Frage."))
    if survey.deadline is None:
        errors.append(_("Bitte legen Sie eine Frist fest."))
    elif survey.deadline < today:
        errors.append(
            _("Die Frist %(date)s liegt in der Vergangenheit.")
            % {"date": format_date(survey.deadline)}
        )
    taking_part = {region.pk: region for region in participating_regions(survey)}
    if regions is None:
        chosen = list(taking_part.values())
    else:
        chosen = list(regions)
        outside = [region.name for region in chosen if region.pk not in taking_part]
        if outside:
            errors.append(
                _("Nicht im Programmjahr %(year)s: %(regions)s.")
                % {"year": survey.programme_year.year, "regions": ", ".join(outside)}
            )
    if not chosen:
        errors.append(_("Bitte wählen Sie mindestens eine Gebietskörperschaft."))
    if errors:
        raise ValidationError(errors)
    survey.status = SurveyStatus.SENT
    survey.sent_at = at or timezone.now()
    survey.save(update_fields=["status", "sent_at"])
    SurveyRecipient.objects.bulk_create(
        SurveyRecipient(survey=survey, region=region) for region in chosen
    )
    audit_record(
        actor=actor,
        action="survey.send",
        obj=survey,
        changes={"status": [SurveyStatus.DRAFT, SurveyStatus.SENT], "regions": [0, len(chosen)]},
    )
    title = _("Neue Befragung: %(title)s") % {"title": survey.title}
    for region in chosen:
        body = _("Bitte beantworten Sie die Befragung für %(region)s bis zum %(date)s.") % {
            "region": region.name,
            "date": format_date(survey.deadline),
        }
        for person in _coordinators(region, exclude=actor):
            notification_send(
                recipient=person, title=title, body=body, link=response_url(survey, region)
            )
    return len(chosen)


@transaction.atomic
def survey_close(*, actor, survey: Survey, at: dt.datetime | None = None) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    can_close_survey(actor, survey).enforce()
    survey.status = SurveyStatus.CLOSED
    survey.closed_at = at or timezone.now()
    survey.save(update_fields=["status", "closed_at"])
    audit_record(
        actor=actor,
        action="survey.close",
        obj=survey,
        changes={"status": [SurveyStatus.SENT, SurveyStatus.CLOSED]},
    )
    return survey


# --- the regions' answers -----------------------------------------------------------------------


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | set | frozenset):
        return not value
    return False


def _number(question: Question, value: Any) -> Decimal:
    try:
        number = value if isinstance(value, Decimal) else parse_german_decimal(str(value).strip())
    except (ValidationError, InvalidOperation, ValueError):
        raise ValidationError(
            _("„%(question)s“: Bitte geben Sie eine Zahl an, z. B. 1.234,5.")
            % {"question": question.text}
        ) from None
    if abs(number) > NUMBER_LIMIT:
        raise ValidationError(
            _("„%(question)s“: Die Zahl ist zu groß.") % {"question": question.text}
        )
    return number


def _choice_ids(question: Question, value: Any, valid: set[int]) -> list[int]:
    values = value if isinstance(value, list | tuple | set | frozenset) else [value]
    try:
        ids = [int(item) for item in values]
    except (TypeError, ValueError):
        ids = [0]
    if any(choice_id not in valid for choice_id in ids) or (
        question.kind == QuestionKind.SINGLE and len(ids) > 1
    ):
        raise ValidationError(
            _("„%(question)s“: Bitte wählen Sie eine der angebotenen Möglichkeiten.")
            % {"question": question.text}
        )
    return sorted(set(ids))


def _clean(question: Question, value: Any, valid_choices: set[int]) -> tuple[str, Any, list[int]]:
    """(text, number, choice ids) of one answer; ValidationError naming the question."""
    if _is_empty(value):
        return "", None, []
    if question.kind == QuestionKind.TEXT:
        return str(value).strip(), None, []
    if question.kind in CHOICE_KINDS:
        return "", None, _choice_ids(question, value, valid_choices)
    number = _number(question, value)
    if question.kind == QuestionKind.SCALE and (
        number != number.to_integral_value()
        or not question.scale_min <= number <= question.scale_max
    ):
        raise ValidationError(
            _("„%(question)s“: Bitte wählen Sie einen Wert von %(low)s bis %(high)s.")
            % {"question": question.text, "low": question.scale_min, "high": question.scale_max}
        )
    return "", number, []


@transaction.atomic
def response_save(
    *,
    actor,
    survey: Survey,
    region: Region,
    answers: Mapping[int, Any],
    submit: bool = False,
    on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> Response:
    """Save the region's answers ({question id: value}; a text, a number (Decimal or German
    text), a choice id, a list of choice ids, a scale value) as a draft, or submit them."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    response = Response.objects.select_for_update().filter(survey=survey, region=region).first()
    can_answer(actor, survey, region, response, today=on or timezone.localdate()).enforce()
    if not SurveyRecipient.objects.filter(survey=survey, region=region).exists():
        raise ValidationError(
            _("Die Befragung wurde nicht an %(region)s versendet.") % {"region": region.name}
        )
    questions = list(survey.questions.prefetch_related("choices").order_by("position"))
    cleaned: dict[int, tuple[str, Any, list[int]]] = {}
    errors: list[str] = []
    for question in questions:
        valid = {choice.pk for choice in question.choices.all()}
        try:
            cleaned[question.pk] = _clean(question, answers.get(question.pk), valid)
        except ValidationError as error:
            errors.extend(error.messages)
            continue
        if submit and question.required and cleaned[question.pk] == ("", None, []):
            errors.append(
                _("Bitte beantworten Sie die Pflichtfrage „%(question)s“.")
                % {"question": question.text}
            )
    if errors:
        raise ValidationError(errors)
    moment = at or timezone.now()
    if response is None:
        response = Response.objects.create(
            survey=survey, region=region, saved_at=moment, saved_by=actor
        )
    else:
        response.saved_at, response.saved_by = moment, actor
    if submit:
        response.status = ResponseStatus.SUBMITTED
        response.submitted_at, response.submitted_by = moment, actor
    response.save()
    existing = {answer.question_id: answer for answer in response.answers.all()}
    for question in questions:
        text, number, choice_ids = cleaned[question.pk]
        answer = existing.get(question.pk)
        if answer is None:
            answer = Answer(response=response, question=question)
        answer.value_text, answer.value_number = text, number
        answer.save()
        answer.choices.set(choice_ids)
    audit_record(
        actor=actor,
        action="survey.response.submit" if submit else "survey.response.save",
        obj=response,
        changes={
            "status": [None, response.status],
            "answered": [None, sum(1 for v in cleaned.values() if v != ("", None, []))],
        },
    )
    if submit and survey.created_by_id != getattr(actor, "pk", None):
        notification_send(
            recipient=survey.created_by,
            title=_("Antwort auf „%(title)s“ von %(region)s")
            % {"title": survey.title, "region": region.name},
            body=_("%(region)s hat die Befragung beantwortet.") % {"region": region.name},
            link=reverse("surveys:survey_results", kwargs={"pk": survey.pk}),
            email=False,
        )
    return response


def answers_of(response: Response | None) -> dict[int, Any]:
    """The stored answers in the shape response_save takes (to submit a saved draft)."""
    if response is None:
        return {}
    out: dict[int, Any] = {}
    for answer in response.answers.select_related("question").prefetch_related("choices"):
        kind = answer.question.kind
        if kind == QuestionKind.TEXT:
            out[answer.question_id] = answer.value_text
        elif kind in CHOICE_KINDS:
            ids = [choice.pk for choice in answer.choices.all()]
            out[answer.question_id] = (
                ids if kind == QuestionKind.MULTIPLE else (ids[0] if ids else None)
            )
        else:
            out[answer.question_id] = answer.value_number
    return out


def missing_required(survey: Survey, response: Response | None) -> list[Question]:
    """Required questions the stored answers leave open (what submitting would refuse)."""
    stored = answers_of(response)
    return [
        question
        for question in survey.questions.order_by("position")
        if question.required and _is_empty(stored.get(question.pk))
    ]


# --- reminders ----------------------------------------------------------------------------------


@transaction.atomic
def survey_remind(*, on: dt.date | None = None, at: dt.datetime | None = None) -> int:
    """Remind the coordinators of every region without a submitted response to a sent survey
    whose deadline is at most REMINDER_DAYS days away (and not passed) – once per survey and
    region. Returns the number of regions reminded."""
    today = on or timezone.localdate()
    moment = at or timezone.now()
    recipients = (
        SurveyRecipient.objects.select_for_update()
        .filter(
            survey__status=SurveyStatus.SENT,
            survey__deadline__gte=today,
            survey__deadline__lte=today + dt.timedelta(days=REMINDER_DAYS),
            reminded_at__isnull=True,
        )
        .select_related("survey", "region")
        .order_by("survey_id", "region__name")
    )
    submitted = set(
        Response.objects.filter(status=ResponseStatus.SUBMITTED).values_list(
            "survey_id", "region_id"
        )
    )
    reminded = 0
    for recipient in recipients:
        if (recipient.survey_id, recipient.region_id) in submitted:
            continue
        survey, region = recipient.survey, recipient.region
        recipient.reminded_at = moment
        recipient.save(update_fields=["reminded_at"])
        audit_record(
            actor=None,
            action="survey.remind",
            obj=recipient,
            changes={"deadline": [None, _plain(survey.deadline)]},
        )
        for person in _coordinators(region):
            notification_send(
                recipient=person,
                title=_("Erinnerung: Befragung „%(title)s“ bis %(date)s")
                % {"title": survey.title, "date": format_date(survey.deadline)},
                body=_("Für %(region)s sind die Antworten noch nicht abgesendet.")
                % {"region": region.name},
                link=response_url(survey, region),
            )
        reminded += 1
    return reminded
