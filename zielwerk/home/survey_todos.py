"""To-dos of surveys on the start page: for a region's coordination, every sent survey of its
regions whose deadline has not passed and whose answers are not submitted yet (two queries)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from zielwerk.core.formats import format_date, format_days_left
from zielwerk.surveys.choices import ResponseStatus, SurveyStatus
from zielwerk.surveys.models import Response, SurveyRecipient
from zielwerk.surveys.services import response_url


def survey_todos(user, regions, today: dt.date | None = None) -> list[tuple[str, str, str]]:
    """(title, detail, url) per open survey and region, the earliest deadline first."""
    today = today or timezone.localdate()
    if not regions:
        return []
    recipients = (
        SurveyRecipient.objects.filter(
            region__in=regions, survey__status=SurveyStatus.SENT, survey__deadline__gte=today
        )
        .select_related("survey", "region")
        .order_by("survey__deadline", "survey_id", "region__name")
    )
    responses = {
        (response.survey_id, response.region_id): response
        for response in Response.objects.filter(
            region__in=regions, survey__status=SurveyStatus.SENT
        )
    }
    todos = []
    for recipient in recipients:
        response = responses.get((recipient.survey_id, recipient.region_id))
        if response is not None and response.status == ResponseStatus.SUBMITTED:
            continue
        survey = recipient.survey
        if survey.deadline is None:  # a sent survey always has one
            continue
        todos.append(
            (
                _("Befragung beantworten: %(title)s") % {"title": survey.title},
                _("%(region)s – Frist %(date)s (%(left)s)%(draft)s.")
                % {
                    "region": recipient.region.name,
                    "date": format_date(survey.deadline),
                    "left": format_days_left(survey.deadline, today),
                    "draft": _(", Entwurf gespeichert") if response is not None else "",
                },
                response_url(survey, recipient.region),
            )
        )
    return todos
