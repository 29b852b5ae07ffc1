"""Pages of surveys. Thin: scope (404 outside it), permission (403 with the reason), a form, one
service call, redirect.

Who sees what: the ministry every survey (drafts too) and the results; the grant authority the
sent surveys and the results; a region's coordination the surveys sent to its region and its own
answers (another region's answers 404); providers have no part (403).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from zielwerk.agreements.permissions import is_ministry
from zielwerk.organisations.models import Region
from zielwerk.steering.views_common import add_errors

from . import services
from .choices import CHOICE_KINDS, QuestionKind, ResponseStatus, SurveyStatus
from .documents import render_response_pdf, results_csv, results_xlsx
from .forms import QuestionForm, SendForm, SurveyForm
from .models import Question, Response, Survey, SurveyRecipient
from .permissions import (
    can_answer,
    can_close_survey,
    can_manage_surveys,
    can_view_results,
    can_view_surveys,
    region_visible,
)
from .results import number_text, survey_results


def own_regions(user) -> list[Region]:
    return list(Region.objects.filter(administration_id__in=user.organisation_ids).order_by("name"))


def survey_get(user, pk: int) -> Survey:
    """The survey if the person may see it, else 404: programme-wide staff every sent survey
    (the ministry its drafts, too); a region's people the surveys sent to their region."""
    survey = get_object_or_404(Survey.objects.select_related("programme_year"), pk=pk)
    if is_ministry(user):
        return survey
    if user.is_programme_wide and survey.status != SurveyStatus.DRAFT:
        return survey
    if SurveyRecipient.objects.filter(
        survey=survey, region__administration_id__in=user.organisation_ids
    ).exists():
        return survey
    raise Http404(_("Diese Befragung gibt es nicht oder sie ist nicht sichtbar."))


class SurveyMixin(LoginRequiredMixin):
    request: HttpRequest
    kwargs: dict[str, Any]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            can_view_surveys(request.user).enforce()
            self.setup_objects()
        return super().dispatch(request, *args, **kwargs)

    def setup_objects(self) -> None:
        pass


class OneSurveyMixin(SurveyMixin):
    survey: Survey

    def setup_objects(self) -> None:
        self.survey = survey_get(self.request.user, self.kwargs["pk"])


class SurveyListView(SurveyMixin, TemplateView):
    template_name = "surveys/survey_list.html"

    def get_context_data(self, **kwargs):
        user: Any = self.request.user
        context = super().get_context_data(**kwargs)
        rows: list[dict[str, Any]]
        surveys = Survey.objects.select_related("programme_year").order_by(
            "-programme_year__year", "-pk"
        )
        if user.is_programme_wide:
            if not is_ministry(user):
                surveys = surveys.exclude(status=SurveyStatus.DRAFT)
            rows = [
                {"survey": s, "answers": []}
                for s in surveys.prefetch_related("recipients", "responses")
            ]
            for row in rows:
                survey = row["survey"]
                row["recipients"] = len(survey.recipients.all())
                row["submitted"] = sum(
                    1 for r in survey.responses.all() if r.status == ResponseStatus.SUBMITTED
                )
        else:
            regions = own_regions(user)
            recipients = SurveyRecipient.objects.filter(region__in=regions).select_related(
                "survey__programme_year", "region"
            )
            responses = {
                (r.survey_id, r.region_id): r for r in Response.objects.filter(region__in=regions)
            }
            by_survey: dict[int, dict[str, Any]] = {}
            for recipient in recipients.order_by("-survey__programme_year__year", "-survey_id"):
                row = by_survey.setdefault(
                    recipient.survey_id, {"survey": recipient.survey, "answers": []}
                )
                response = responses.get((recipient.survey_id, recipient.region_id))
                row["answers"].append(
                    {
                        "region": recipient.region,
                        "status": response.get_status_display()
                        if response
                        else _("noch nicht begonnen"),
                        "url": services.response_url(recipient.survey, recipient.region),
                    }
                )
            rows = list(by_survey.values())
        context.update(
            rows=rows,
            programme_wide=user.is_programme_wide,
            can_create=bool(can_manage_surveys(user)),
        )
        return context


class SurveyDetailView(OneSurveyMixin, TemplateView):
    template_name = "surveys/survey_detail.html"

    def get_context_data(self, **kwargs):
        user: Any = self.request.user
        survey = self.survey
        context = super().get_context_data(**kwargs)
        responses = {r.region_id: r for r in survey.responses.all()}
        recipients = [
            {
                "region": recipient.region,
                "response": responses.get(recipient.region_id),
                "url": services.response_url(survey, recipient.region),
            }
            for recipient in survey.recipients.select_related("region")
            if user.is_programme_wide or region_visible(user, recipient.region)
        ]
        context.update(
            survey=survey,
            questions=survey.questions.prefetch_related("choices").order_by("position"),
            recipients=recipients,
            can_edit=bool(can_manage_surveys(user, survey)),
            can_close=bool(can_close_survey(user, survey)),
            can_results=bool(can_view_results(user)) and survey.status != SurveyStatus.DRAFT,
        )
        return context


class SurveyFormView(SurveyMixin, TemplateView):
    """Create (no pk) or edit a survey's facts."""

    template_name = "surveys/survey_form.html"
    survey: Survey | None = None

    def setup_objects(self) -> None:
        can_manage_surveys(self.request.user).enforce()
        if "pk" in self.kwargs:
            self.survey = survey_get(self.request.user, self.kwargs["pk"])
            can_manage_surveys(self.request.user, self.survey).enforce()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "form" not in context:
            initial = {}
            if self.survey is not None:
                initial = {
                    "programme_year": self.survey.programme_year_id,
                    "title": self.survey.title,
                    "introduction": self.survey.introduction,
                    "deadline": self.survey.deadline,
                }
            context["form"] = SurveyForm(initial=initial)
        context["survey"] = self.survey
        return context

    def post(self, request, *args, **kwargs):
        form = SurveyForm(request.POST)
        if form.is_valid():
            try:
                survey = services.survey_save(
                    actor=request.user, survey=self.survey, **form.cleaned_data
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Die Befragung ist gespeichert."))
                return HttpResponseRedirect(survey.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form))


class QuestionFormView(SurveyMixin, TemplateView):
    """Add a question to a draft survey (pk of the survey) or change one (question_pk)."""

    template_name = "surveys/question_form.html"
    question: Question | None = None
    survey: Survey

    def setup_objects(self) -> None:
        can_manage_surveys(self.request.user).enforce()
        if "question_pk" in self.kwargs:
            self.question = get_object_or_404(Question, pk=self.kwargs["question_pk"])
            self.survey = survey_get(self.request.user, self.question.survey_id)
        else:
            self.survey = survey_get(self.request.user, self.kwargs["pk"])
        can_manage_surveys(self.request.user, self.survey).enforce()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "form" not in context:
            initial: dict[str, Any] = {"required": True}
            if self.question is not None:
                q = self.question
                initial = {
                    "kind": q.kind,
                    "text": q.text,
                    "help_text": q.help_text,
                    "required": q.required,
                    "options": "\n".join(c.label for c in q.choices.all()),
                    "scale_min": q.scale_min,
                    "scale_max": q.scale_max,
                    "scale_min_label": q.scale_min_label,
                    "scale_max_label": q.scale_max_label,
                }
            context["form"] = QuestionForm(initial=initial)
        context.update(survey=self.survey, question=self.question)
        return context

    def post(self, request, *args, **kwargs):
        form = QuestionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.question_save(
                    actor=request.user,
                    survey=self.survey,
                    question=self.question,
                    kind=data["kind"],
                    text=data["text"],
                    help_text=data["help_text"],
                    required=data["required"],
                    options=data["options"].splitlines(),
                    scale_min=data["scale_min"] if data["scale_min"] is not None else 1,
                    scale_max=data["scale_max"] if data["scale_max"] is not None else 5,
                    scale_min_label=data["scale_min_label"],
                    scale_max_label=data["scale_max_label"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Die Frage ist gespeichert."))
                return HttpResponseRedirect(self.survey.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form))


class QuestionDeleteView(SurveyMixin, TemplateView):
    template_name = "surveys/question_delete.html"

    def setup_objects(self) -> None:
        can_manage_surveys(self.request.user).enforce()
        self.question = get_object_or_404(Question, pk=self.kwargs["question_pk"])
        self.survey = survey_get(self.request.user, self.question.survey_id)
        can_manage_surveys(self.request.user, self.survey).enforce()

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "survey": self.survey,
            "question": self.question,
        }

    def post(self, request, *args, **kwargs):
        services.question_delete(actor=request.user, question=self.question)
        messages.success(request, _("Die Frage ist gelöscht."))
        return HttpResponseRedirect(self.survey.get_absolute_url())


class SurveySendView(OneSurveyMixin, TemplateView):
    """The confirmation page: to which regions, with which deadline."""

    template_name = "surveys/survey_send.html"

    def setup_objects(self) -> None:
        can_manage_surveys(self.request.user).enforce()
        super().setup_objects()
        can_manage_surveys(self.request.user, self.survey).enforce()
        self.regions = list(services.participating_regions(self.survey))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "form" not in context:
            context["form"] = SendForm(
                regions=self.regions, initial={"regions": [str(r.pk) for r in self.regions]}
            )
        context.update(
            survey=self.survey,
            question_count=self.survey.questions.count(),
            errors=kwargs.get("errors", []),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = SendForm(request.POST, regions=self.regions)
        if form.is_valid():
            chosen = [r for r in self.regions if str(r.pk) in form.cleaned_data["regions"]]
            try:
                count = services.survey_send(
                    actor=request.user,
                    survey=self.survey,
                    regions=None if len(chosen) == len(self.regions) else chosen,
                )
            except ValidationError as error:
                return self.render_to_response(
                    self.get_context_data(form=form, errors=error.messages)
                )
            messages.success(
                request,
                _("Die Befragung ist an %(count)s Gebietskörperschaften versendet.")
                % {"count": count},
            )
            return HttpResponseRedirect(self.survey.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form))


class SurveyCloseView(OneSurveyMixin, TemplateView):
    template_name = "surveys/survey_close.html"

    def setup_objects(self) -> None:
        super().setup_objects()
        can_close_survey(self.request.user, self.survey).enforce()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "survey": self.survey}

    def post(self, request, *args, **kwargs):
        services.survey_close(actor=request.user, survey=self.survey)
        messages.success(request, _("Die Befragung ist abgeschlossen."))
        return HttpResponseRedirect(self.survey.get_absolute_url())


# --- the region's answers -----------------------------------------------------------------------


@dataclass
class AnswerField:
    """A question on the answer form with what is entered (from the request or the draft)."""

    question: Question
    value: str = ""
    selected: set[int] = field(default_factory=set)

    @property
    def name(self) -> str:
        return f"frage-{self.question.pk}"

    @property
    def is_group(self) -> bool:
        return self.question.kind in (*CHOICE_KINDS, QuestionKind.SCALE)

    @property
    def options(self) -> list[dict]:
        q = self.question
        if q.kind == QuestionKind.SCALE:
            out = []
            for step in q.scale_values:
                label = str(step)
                if step == q.scale_min and q.scale_min_label:
                    label = f"{step} – {q.scale_min_label}"
                elif step == q.scale_max and q.scale_max_label:
                    label = f"{step} – {q.scale_max_label}"
                out.append({"value": str(step), "label": label, "checked": self.value == str(step)})
            return out
        return [
            {"value": str(c.pk), "label": c.label, "checked": c.pk in self.selected}
            for c in q.choices.all()
        ]

    @property
    def display(self) -> str:
        q = self.question
        if q.kind in CHOICE_KINDS:
            return "; ".join(c.label for c in q.choices.all() if c.pk in self.selected)
        return self.value


def _stored_fields(questions, response) -> list[AnswerField]:
    answers = (
        {a.question_id: a for a in response.answers.prefetch_related("choices")} if response else {}
    )
    out = []
    for q in questions:
        answer = answers.get(q.pk)
        if answer is None:
            out.append(AnswerField(q))
        elif q.kind in CHOICE_KINDS:
            out.append(AnswerField(q, selected={c.pk for c in answer.choices.all()}))
        elif q.kind == QuestionKind.TEXT:
            out.append(AnswerField(q, value=answer.value_text))
        else:
            value = answer.value_number
            out.append(AnswerField(q, value="" if value is None else number_text(value)))
    return out


def _posted(questions, post) -> tuple[list[AnswerField], dict[int, Any]]:
    fields, answers = [], {}
    for q in questions:
        name = f"frage-{q.pk}"
        if q.kind == QuestionKind.MULTIPLE:
            values = post.getlist(name)
            answers[q.pk] = values
            fields.append(AnswerField(q, selected={int(v) for v in values if v.isdigit()}))
        elif q.kind == QuestionKind.SINGLE:
            value = post.get(name, "")
            answers[q.pk] = value or None
            fields.append(AnswerField(q, selected={int(value)} if value.isdigit() else set()))
        else:
            value = post.get(name, "")
            answers[q.pk] = value
            fields.append(AnswerField(q, value=value))
    return fields, answers


class ResponseMixin(OneSurveyMixin):
    region: Region
    response: Response | None

    def setup_objects(self) -> None:
        super().setup_objects()
        region = Region.objects.filter(slug=self.kwargs["region"]).first()
        if (
            region is None
            or not region_visible(self.request.user, region)
            or not SurveyRecipient.objects.filter(survey=self.survey, region=region).exists()
        ):
            raise Http404(_("Diese Antworten gibt es nicht oder sie sind nicht sichtbar."))
        self.region = region
        self.response = Response.objects.filter(survey=self.survey, region=region).first()
        self.questions = list(
            self.survey.questions.prefetch_related("choices").order_by("position")
        )

    def answer_verdict(self):
        return can_answer(
            self.request.user, self.survey, self.region, self.response, today=timezone.localdate()
        )

    def base_context(self) -> dict[str, Any]:
        return {
            "survey": self.survey,
            "region": self.region,
            "response": self.response,
            "response_url": services.response_url(self.survey, self.region),
            "submit_url": reverse(
                "surveys:response_submit", kwargs={"pk": self.survey.pk, "region": self.region.slug}
            ),
            "pdf_url": reverse(
                "surveys:response_pdf", kwargs={"pk": self.survey.pk, "region": self.region.slug}
            ),
        }


class ResponseEditView(ResponseMixin, TemplateView):
    """The answer form while the region may answer; otherwise its answers, read only."""

    template_name = "surveys/response_edit.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        verdict = self.answer_verdict()
        context.update(
            self.base_context(),
            fields=kwargs.get("fields") or _stored_fields(self.questions, self.response),
            can_answer=bool(verdict),
            reason="" if verdict else verdict.reason,
            errors=kwargs.get("errors", []),
        )
        return context

    def post(self, request, *args, **kwargs):
        self.answer_verdict().enforce()
        fields, answers = _posted(self.questions, request.POST)
        try:
            services.response_save(
                actor=request.user, survey=self.survey, region=self.region, answers=answers
            )
        except ValidationError as error:
            return self.render_to_response(
                self.get_context_data(fields=fields, errors=error.messages)
            )
        if request.POST.get("action") == "submit":
            return HttpResponseRedirect(self.base_context()["submit_url"])
        messages.success(request, _("Ihre Antworten sind als Entwurf gespeichert."))
        return HttpResponseRedirect(self.base_context()["response_url"])


class ResponseSubmitView(ResponseMixin, TemplateView):
    """The confirmation before submitting: the saved answers and what is still missing."""

    template_name = "surveys/response_submit.html"

    def setup_objects(self) -> None:
        super().setup_objects()
        self.answer_verdict().enforce()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        missing = services.missing_required(self.survey, self.response)
        context.update(
            self.base_context(),
            fields=_stored_fields(self.questions, self.response),
            missing=missing,
            errors=kwargs.get("errors", []),
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            services.response_save(
                actor=request.user,
                survey=self.survey,
                region=self.region,
                answers=services.answers_of(self.response),
                submit=True,
            )
        except ValidationError as error:
            return self.render_to_response(self.get_context_data(errors=error.messages))
        messages.success(request, _("Ihre Antworten sind abgesendet. Vielen Dank!"))
        return HttpResponseRedirect(self.base_context()["response_url"])


class ResponsePdfView(ResponseMixin, View):
    def get(self, request, *args, **kwargs):
        if self.response is None:
            raise Http404(_("Es sind noch keine Antworten gespeichert."))
        pdf = render_response_pdf(self.response)
        response = HttpResponse(pdf, content_type="application/pdf")
        name = slugify(f"befragung-{self.survey.pk}-{self.region.slug}")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response


# --- results ------------------------------------------------------------------------------------


class ResultsMixin(OneSurveyMixin):
    def setup_objects(self) -> None:
        can_view_results(self.request.user).enforce()
        super().setup_objects()
        if self.survey.status == SurveyStatus.DRAFT:
            raise PermissionDenied(_("Die Befragung ist noch nicht versendet."))


class SurveyResultsView(ResultsMixin, TemplateView):
    template_name = "surveys/survey_results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(survey=self.survey, results=survey_results(self.survey))
        return context


class SurveyExportView(ResultsMixin, View):
    def get(self, request, *args, **kwargs):
        fmt = self.kwargs["fmt"]
        name = f"befragung-{self.survey.pk}-ergebnisse"
        if fmt == "csv":
            response = HttpResponse(
                results_csv(self.survey), content_type="text/csv; charset=utf-8"
            )
        elif fmt == "xlsx":
            response = HttpResponse(
                results_xlsx(self.survey),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        else:
            raise Http404(_("Dieses Format gibt es nicht."))
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return response
