"""The results of a survey for the ministry (THE arithmetic): the response rate, per question the
counts per choice (with a bar chart), minimum/mean/maximum of number questions, the distribution
of scale answers and the free-text answers per region.

Only submitted responses count; a draft is the region's work in progress. Percentages are of the
submitted responses that answered the question, rounded half up to one place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from zielwerk.core.formats import format_number

from .choices import CHOICE_KINDS, QuestionKind, ResponseStatus
from .models import Answer, Question, Response, Survey, SurveyRecipient

HUNDRED = Decimal(100)


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def number_text(value: Decimal | None) -> str:
    if value is None:
        return "–"
    if value == value.to_integral_value():
        return format_number(value, 0)
    exponent = value.normalize().as_tuple().exponent
    places = min(2, -exponent) if isinstance(exponent, int) else 2
    return format_number(value, places)  # 12,5 rather than 12,50


def percent_text(value: Decimal | None) -> str:
    return "–" if value is None else f"{format_number(value, 1)} %"


# --- the chart ----------------------------------------------------------------------------------

CHART_WIDTH = 600
BAR_AREA = 470
ROW_HEIGHT = 44
BAR_HEIGHT = 18
COLOUR = "#1f4e79"  # dark blue on white: contrast above 3:1 for a graphical object


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    text: str  # "3 (60,0 %)"
    y: int
    label_y: int
    width: int
    text_x: int


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    summary: str
    bars: list[Bar]
    width: int = CHART_WIDTH
    height: int = 0
    bar_height: int = BAR_HEIGHT
    colour: str = COLOUR


def bar_chart(chart_id: str, title: str, rows: list[tuple[str, int, Decimal | None]]) -> BarChart:
    """A horizontal bar per row (label, count, percent); the label above its bar, so that long
    option texts need no room at the side on a narrow screen."""
    largest = max((count for _label, count, _pct in rows), default=0)
    bars = []
    for index, (label, count, share) in enumerate(rows):
        top = index * ROW_HEIGHT
        width = round(BAR_AREA * count / largest) if largest else 0
        bars.append(
            Bar(
                label=label,
                count=count,
                text=f"{count} ({percent_text(share)})",
                y=top + 20,
                label_y=top + 14,
                width=width,
                text_x=width + 6,
            )
        )
    summary = "; ".join(f"{bar.label}: {bar.text}" for bar in bars)
    return BarChart(
        id=chart_id,
        title=title,
        summary=summary,
        bars=bars,
        height=max(len(bars) * ROW_HEIGHT, ROW_HEIGHT),
    )


# --- per question -------------------------------------------------------------------------------


@dataclass
class ChoiceCount:
    label: str
    count: int
    share: Decimal | None

    @property
    def share_text(self) -> str:
        return percent_text(self.share)


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    choices: list[ChoiceCount] = field(default_factory=list)
    chart: BarChart | None = None
    minimum: Decimal | None = None
    mean: Decimal | None = None
    maximum: Decimal | None = None
    texts: list[tuple[str, str]] = field(default_factory=list)  # (region name, text)

    @property
    def minimum_text(self) -> str:
        return number_text(self.minimum)

    @property
    def mean_text(self) -> str:
        return number_text(self.mean)

    @property
    def maximum_text(self) -> str:
        return number_text(self.maximum)


@dataclass
class SurveyResults:
    survey: Survey
    recipients: int
    submitted: int
    questions: list[QuestionResult]

    @property
    def rate(self) -> Decimal | None:
        return percent(self.submitted, self.recipients)

    @property
    def rate_text(self) -> str:
        return _("%(submitted)s von %(recipients)s Gebietskörperschaften") % {
            "submitted": self.submitted,
            "recipients": self.recipients,
        }


def _mean(values: list[Decimal]) -> Decimal:
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _question_result(question: Question, answers: list[Answer]) -> QuestionResult:
    result = QuestionResult(question=question)
    if question.kind == QuestionKind.TEXT:
        result.texts = [
            (answer.response.region.name, answer.value_text)
            for answer in answers
            if answer.value_text.strip()
        ]
        result.texts.sort()
        result.answered = len(result.texts)
        return result
    if question.kind in CHOICE_KINDS:
        counted = [answer for answer in answers if answer.choices.all()]
        result.answered = len(counted)
        counts = {choice.pk: 0 for choice in question.choices.all()}
        for answer in counted:
            for choice in answer.choices.all():
                counts[choice.pk] += 1
        result.choices = [
            ChoiceCount(
                choice.label, counts[choice.pk], percent(counts[choice.pk], result.answered)
            )
            for choice in question.choices.all()
        ]
    else:
        values = [answer.value_number for answer in answers if answer.value_number is not None]
        result.answered = len(values)
        if values:
            result.minimum, result.maximum, result.mean = min(values), max(values), _mean(values)
        if question.kind == QuestionKind.SCALE:
            result.choices = [
                ChoiceCount(
                    str(step),
                    sum(1 for value in values if value == step),
                    percent(sum(1 for value in values if value == step), len(values)),
                )
                for step in question.scale_values
            ]
    if result.choices:
        result.chart = bar_chart(
            f"frage-{question.position}",
            _("Frage %(number)s: %(text)s") % {"number": question.position, "text": question.text},
            [(c.label, c.count, c.share) for c in result.choices],
        )
    return result


def survey_results(survey: Survey) -> SurveyResults:
    """Everything the results page and the exports show, in a fixed number of queries."""
    questions = list(survey.questions.prefetch_related("choices").order_by("position"))
    answers = (
        Answer.objects.filter(response__survey=survey, response__status=ResponseStatus.SUBMITTED)
        .select_related("response__region")
        .prefetch_related("choices")
    )
    by_question: dict[int, list[Answer]] = {question.pk: [] for question in questions}
    for answer in answers:
        by_question.setdefault(answer.question_id, []).append(answer)
    return SurveyResults(
        survey=survey,
        recipients=SurveyRecipient.objects.filter(survey=survey).count(),
        submitted=Response.objects.filter(survey=survey, status=ResponseStatus.SUBMITTED).count(),
        questions=[_question_result(q, by_question[q.pk]) for q in questions],
    )


# --- one row per region (exports) ---------------------------------------------------------------


def answer_text(question: Question, answer: Answer | None) -> str:
    """An answer as text: the number in German format, the chosen options' labels."""
    if answer is None:
        return ""
    if question.kind == QuestionKind.TEXT:
        return answer.value_text
    if question.kind in CHOICE_KINDS:
        return "; ".join(choice.label for choice in answer.choices.all())
    return "" if answer.value_number is None else number_text(answer.value_number)


@dataclass
class RegionRow:
    region_name: str
    status: str
    submitted_at: dt.datetime | None
    answers: list[Answer | None]


def region_rows(survey: Survey) -> tuple[list[Question], list[RegionRow]]:
    """Every region the survey went to, with its submitted answers (drafts stay empty)."""
    questions = list(survey.questions.order_by("position"))
    responses = {
        response.region_id: response
        for response in Response.objects.filter(survey=survey).prefetch_related("answers__choices")
    }
    rows = []
    for recipient in SurveyRecipient.objects.filter(survey=survey).select_related("region"):
        response = responses.get(recipient.region_id)
        submitted = response is not None and response.status == ResponseStatus.SUBMITTED
        by_question = (
            {answer.question_id: answer for answer in response.answers.all()}
            if submitted and response is not None
            else {}
        )
        rows.append(
            RegionRow(
                region_name=recipient.region.name,
                status=response.get_status_display() if response else _("nicht begonnen"),
                submitted_at=response.submitted_at if submitted and response else None,
                answers=[by_question.get(question.pk) for question in questions],
            )
        )
    return questions, rows
