"""Pages of deviations and their rules: the region's list, one deviation with its history and the
forms the person may use, the ministry's check, the rules. Thin: scope (404), permission (403
with the reason), a form, one service call, POST-redirect-GET."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from zielwerk.core.formats import format_date
from zielwerk.programmes.models import Programme

from . import selectors
from .choices import METRIC_UNITS, DeviationStatus, Metric
from .deviations import deviations_of
from .figures import FORECAST_METHOD, PLAN_METHOD
from .forms_deviations import AnswerForm, CheckForm, ReasonForm, RuleForm
from .models import Deviation, DeviationRule
from .permissions import (
    can_answer_deviation,
    can_check_deviations,
    can_explain_deviation,
    can_manage_rules,
    region_visible,
)
from .services.deviations import (
    DEFAULT_LOWER,
    DEFAULT_MIN_DAYS,
    DEFAULT_UPPER,
    deviation_answer,
    deviation_explain,
    deviations_check,
    rule_save,
)
from .views_common import RegionYearMixin, SteeringMixin, add_errors, error_summary

STATUS_PARAM = "stand"


class DeviationListView(RegionYearMixin, View):
    template_name = "steering/deviation_list.html"

    def get(self, request, *args, **kwargs):
        agreement = selectors.agreement_get(self.region, self.programme_year)
        status = request.GET.get(STATUS_PARAM, "")
        if status not in DeviationStatus.values:
            status = ""
        deviations = deviations_of(agreement, status=status or None) if agreement else []
        rows = []
        for d in deviations:
            history = list(d.messages.all())  # prefetched, oldest first
            rows.append(
                {
                    "deviation": d,
                    "last": history[-1] if history else None,
                    "money": d.target.metric == Metric.SPENDING,
                }
            )
        check = can_check_deviations(request.user)
        context = {
            **self.base_context(),
            "agreement": agreement,
            "rows": rows,
            "status": status,
            "status_choices": DeviationStatus.choices,
            "status_param": STATUS_PARAM,
            "check_form": CheckForm(initial={"as_of": selectors.default_as_of(self.programme_year)})
            if check
            else None,
            "plan_method": PLAN_METHOD,
            "forecast_method": FORECAST_METHOD,
        }
        return render(request, self.template_name, context)


class DeviationMixin(SteeringMixin):
    deviation: Deviation
    request: HttpRequest
    kwargs: dict[str, Any]

    def setup_objects(self) -> None:
        deviation = (
            Deviation.objects.select_related(
                "agreement__region__administration",
                "agreement__programme_year__programme",
                "target__project",
                "rule",
            )
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if deviation is None or not region_visible(self.request.user, deviation.agreement.region):
            raise Http404(_("Diese Abweichung gibt es nicht oder sie ist nicht sichtbar."))
        self.deviation = deviation

    def detail_url(self) -> str:
        return reverse("steering:deviation_detail", kwargs={"pk": self.deviation.pk})

    def show(self, *, reason_form=None, answer_form=None, status=200):
        user = self.request.user
        deviation = self.deviation
        agreement = deviation.agreement
        explain = can_explain_deviation(user, deviation)
        answer = can_answer_deviation(user, deviation)
        history = list(
            deviation.messages.select_related("author").order_by("written_on", "created_at", "pk")
        )
        context = {
            "deviation": deviation,
            "agreement": agreement,
            "region": agreement.region,
            "year": agreement.programme_year.year,
            "history": history,
            "money": deviation.target.metric == Metric.SPENDING,
            "unit": METRIC_UNITS[Metric(deviation.target.metric)],
            "can_explain": explain,
            "can_answer": answer,
            "reason_form": (reason_form or ReasonForm()) if explain else None,
            "answer_form": (answer_form or AnswerForm()) if answer else None,
            "reason_errors": error_summary([reason_form]) if reason_form else [],
            "answer_errors": error_summary([answer_form]) if answer_form else [],
            "plan_method": PLAN_METHOD,
        }
        return render(self.request, "steering/deviation_detail.html", context, status=status)


class DeviationDetailView(DeviationMixin, View):
    def get(self, request, *args, **kwargs):
        return self.show()


class DeviationReasonView(DeviationMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        can_explain_deviation(request.user, self.deviation).enforce()
        form = ReasonForm(request.POST)
        if form.is_valid():
            try:
                deviation_explain(
                    actor=request.user,
                    deviation=self.deviation,
                    reason=form.cleaned_data["reason"],
                    correction=form.cleaned_data["correction"],
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request, _("Begründung gespeichert; das Ministerium wurde benachrichtigt.")
                )
                return redirect(self.detail_url())
        return self.show(reason_form=form)


class DeviationAnswerView(DeviationMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        can_answer_deviation(request.user, self.deviation).enforce()
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                message = deviation_answer(
                    actor=request.user,
                    deviation=self.deviation,
                    kind=form.cleaned_data["kind"],
                    body=form.cleaned_data["body"],
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(kind)s gespeichert; die Gebietskörperschaft wurde benachrichtigt.")
                    % {"kind": message.get_kind_display()},
                )
                return redirect(self.detail_url())
        return self.show(answer_form=form)


class DeviationCheckView(SteeringMixin, View):
    """The ministry starts the check of all regions of a year as of a chosen day."""

    template_name = "steering/deviation_check.html"

    def setup_objects(self) -> None:
        can_check_deviations(self.request.user).enforce()
        self.programme_year = selectors.programme_year_get(self.kwargs["year"])

    def get(self, request, *args, **kwargs):
        form = CheckForm(initial={"as_of": selectors.default_as_of(self.programme_year)})
        return self.show(form)

    def post(self, request, *args, **kwargs):
        form = CheckForm(request.POST)
        if form.is_valid():
            as_of = form.cleaned_data["as_of"]
            if as_of.year != self.programme_year.year:
                form.add_error(
                    "as_of",
                    _("Der Stichtag %(day)s liegt nicht im Programmjahr %(year)s.")
                    % {"day": format_date(as_of), "year": self.programme_year.year},
                )
            else:
                result = deviations_check(
                    actor=request.user, programme_year=self.programme_year, as_of=as_of
                )
                messages.success(
                    request,
                    _(
                        "Prüfung zum Stichtag %(day)s: %(flagged)s neue Abweichung(en), "
                        "%(updated)s aktualisiert, %(resolved)s wieder im Rahmen."
                    )
                    % {
                        "day": format_date(as_of),
                        "flagged": result.flagged,
                        "updated": result.updated,
                        "resolved": result.resolved,
                    },
                )
                return redirect(
                    reverse("steering:deviation_check", kwargs={"year": self.programme_year.year})
                )
        return self.show(form)

    def show(self, form):
        context = {
            "form": form,
            "year": self.programme_year.year,
            "programme_year": self.programme_year,
            "error_summary": error_summary([form]) if form.is_bound else [],
        }
        return render(self.request, self.template_name, context)


# --- rules -------------------------------------------------------------------------------------


class RuleListView(SteeringMixin, View):
    def get(self, request, *args, **kwargs):
        rules = list(
            DeviationRule.objects.select_related("programme").order_by(
                "programme__code", "metric", "pk"
            )
        )
        with_rules = {r.programme_id for r in rules}
        without = [p for p in Programme.objects.order_by("code") if p.pk not in with_rules]
        context = {
            "rules": rules,
            "without_rules": without,
            "default_lower": DEFAULT_LOWER,
            "default_upper": DEFAULT_UPPER,
            "default_days": DEFAULT_MIN_DAYS,
            "can_manage": can_manage_rules(request.user),
        }
        return render(request, "steering/rule_list.html", context)


def rule_values(form: RuleForm) -> dict:
    return dict(form.cleaned_data)


class RuleCreateView(SteeringMixin, View):
    def setup_objects(self) -> None:
        can_manage_rules(self.request.user).enforce()

    def get(self, request, *args, **kwargs):
        return self.show(RuleForm())

    def post(self, request, *args, **kwargs):
        form = RuleForm(request.POST)
        if form.is_valid():
            try:
                rule = rule_save(actor=request.user, rule=None, values=rule_values(form))
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Regel „%(name)s“ angelegt.") % {"name": rule.name})
                return redirect(reverse("steering:rule_list"))
        return self.show(form)

    def show(self, form):
        return render(
            self.request,
            "steering/rule_form.html",
            {"form": form, "rule": None, "can_manage": True},
        )


class RuleEditView(SteeringMixin, View):
    def rule(self) -> DeviationRule:
        return get_object_or_404(
            DeviationRule.objects.select_related("programme"), pk=self.kwargs["pk"]
        )

    def get(self, request, *args, **kwargs):
        rule = self.rule()
        verdict = can_manage_rules(request.user)
        form = (
            RuleForm(initial={name: getattr(rule, name) for name in RuleForm.base_fields})
            if verdict
            else None
        )
        return self.show(rule, form, verdict)

    def post(self, request, *args, **kwargs):
        verdict = can_manage_rules(request.user)
        verdict.enforce()
        rule = self.rule()
        form = RuleForm(request.POST)
        if form.is_valid():
            try:
                rule_save(actor=request.user, rule=rule, values=rule_values(form))
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Regel „%(name)s“ gespeichert.") % {"name": rule.name})
                return redirect(reverse("steering:rule_list"))
        return self.show(rule, form, verdict)

    def show(self, rule, form, verdict):
        context = {
            "form": form,
            "rule": rule,
            "can_manage": verdict,
            "error_summary": error_summary([form]) if form is not None and form.is_bound else [],
        }
        return render(self.request, "steering/rule_form.html", context)
