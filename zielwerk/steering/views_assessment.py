"""Pages of the year-end assessment: one region's assessment (read by the region and the
authority, drafted, edited and finalised by the ministry) and the statewide overview of all
regions and years with its exports. Thin: scope (404 outside it), permission (403 with the
reason), a form, one service call, redirect."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from zielwerk.agreements.models import Agreement
from zielwerk.programmes.models import ProgrammeYear

from . import assessment_report, figures, selectors
from .choices import Attainment
from .forms_assessment import AssessmentCreateForm, AssessmentForm
from .models import Assessment
from .permissions import can_assess, can_view_statewide
from .services.assessment import (
    assessment_create,
    assessment_finalise,
    assessment_rows,
    assessment_update,
    items_by_assessment,
    year_end,
)
from .views_common import RegionYearMixin

EXPORT_FORMATS = ("csv", "xlsx", "pdf")
SORT_KEYS = ("region", "year", "score")


def display_row(entry) -> dict[str, Any]:
    item = entry.item
    return {
        "item": item,
        "reason": entry.reason,
        "unit": assessment_report.unit_of(item),
        "planned": assessment_report.value_display(item, item.planned),
        "actual": assessment_report.value_display(item, item.actual),
        "ratio": assessment_report.german_decimal(item.ratio_percent),
    }


class AssessmentMixin(RegionYearMixin):
    """Year and region from the URL, in the person's scope; the agreement and its assessment."""

    agreement: Agreement | None
    assessment: Assessment | None

    def setup_objects(self) -> None:
        super().setup_objects()
        self.agreement = selectors.agreement_get(self.region, self.programme_year)
        self.assessment = None
        if self.agreement is not None:
            self.assessment = (
                Assessment.objects.filter(agreement=self.agreement)
                .select_related("version", "finalised_by")
                .first()
            )

    def page_url(self) -> str:
        return reverse(
            "steering:assessment",
            kwargs={"year": self.programme_year.year, "region": self.region.slug},
        )

    def base_context(self) -> dict[str, Any]:
        return {
            **super().base_context(),
            "agreement": self.agreement,
            "assessment": self.assessment,
        }


class AssessmentView(AssessmentMixin, TemplateView):
    """The assessment of one region and year; the ministry edits results while it is a draft."""

    template_name = "steering/assessment_detail.html"

    def _items(self):
        if self.assessment is None:
            return []
        return list(
            self.assessment.items.select_related("target", "deviation").order_by(
                "target__position", "pk"
            )
        )

    def get_context_data(self, form: AssessmentForm | None = None, errors=None, **kwargs):
        user = self.request.user
        rows = []
        if self.assessment is not None:
            rows = [
                display_row(entry)
                for entry in items_by_assessment([self.assessment.pk]).get(self.assessment.pk, [])
            ]
        assessment = self.assessment
        editable = assessment is not None and bool(can_assess(user, assessment))
        if assessment is not None and editable and form is None:
            form = AssessmentForm(
                items=[row["item"] for row in rows], initial={"summary": assessment.summary}
            )
        if editable and form is not None:
            for row, (_item, result, note) in zip(rows, form.rows(), strict=True):
                row["result_field"], row["note_field"] = result, note
        binding = selectors.binding_version(self.agreement)
        kwargs.update(self.base_context())
        return super().get_context_data(
            **kwargs,
            rows=rows,
            form=form if editable else None,
            errors=errors or [],
            binding=binding,
            can_create=self.assessment is None and binding is not None and bool(can_assess(user)),
            may_assess=bool(can_assess(user)),
            create_form=AssessmentCreateForm(),
            year_end=year_end(self.programme_year),
            plan_method=figures.PLAN_METHOD,
            Attainment=Attainment,
        )

    def post(self, request, *args, **kwargs):
        if self.assessment is None:
            raise Http404(_("Für dieses Jahr gibt es noch keine Bewertung."))
        can_assess(request.user, self.assessment).enforce()
        form = AssessmentForm(request.POST, items=self._items())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            assessment_update(
                actor=request.user,
                assessment=self.assessment,
                items=form.items_data(),
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            context = self.get_context_data(form=form, errors=list(error.messages))
            return self.render_to_response(context, status=400)
        messages.success(request, _("Die Bewertung wurde gespeichert."))
        return redirect(self.page_url())


class AssessmentCreateView(AssessmentMixin, View):
    """POST: draft the assessment from the figures at the cut-off day."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        can_assess(request.user).enforce()
        if self.agreement is None:
            raise Http404(_("Für dieses Jahr gibt es keine Zielvereinbarung."))
        form = AssessmentCreateForm(request.POST)
        if not form.is_valid():
            for error in form["as_of"].errors:
                messages.error(request, str(error))
            return redirect(self.page_url())
        as_of: dt.date | None = form.cleaned_data.get("as_of")
        try:
            assessment_create(actor=request.user, agreement=self.agreement, as_of=as_of)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.page_url())
        messages.success(
            request,
            _("Die Bewertung wurde angelegt; die Ergebnisse sind die Vorschläge aus den Zahlen."),
        )
        return redirect(self.page_url())


class AssessmentFinaliseView(AssessmentMixin, TemplateView):
    """GET asks for confirmation, POST closes the assessment for good."""

    template_name = "steering/assessment_finalise.html"

    def _assessment(self) -> Assessment:
        if self.assessment is None:
            raise Http404(_("Für dieses Jahr gibt es noch keine Bewertung."))
        can_assess(self.request.user, self.assessment).enforce()
        return self.assessment

    def get_context_data(self, **kwargs):
        assessment = self._assessment()
        counts = {
            value: assessment.items.filter(result=value).count() for value in Attainment.values
        }
        kwargs.update(self.base_context())
        return super().get_context_data(
            **kwargs,
            counts=[(Attainment(value).label, n) for value, n in counts.items()],
        )

    def post(self, request, *args, **kwargs):
        assessment = self._assessment()
        try:
            assessment_finalise(actor=request.user, assessment=assessment)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.page_url())
        messages.success(request, _("Die Bewertung ist abgeschlossen."))
        return redirect(self.page_url())


# --- the statewide overview ----------------------------------------------------------------


def chosen_years(params) -> list[int] | None:
    """?jahr=2024 (repeatable); None for all years. Unreadable values are ignored."""
    years = []
    for value in params.getlist("jahr"):
        if value.strip().isdigit():
            years.append(int(value))
    return years or None


def sort_rows(rows, sort: str):
    key = sort.lstrip("-")
    descending = sort.startswith("-")
    if key == "region":
        rows.sort(key=lambda r: (r.region.name, -r.year), reverse=descending)
    elif key == "year":
        rows.sort(key=lambda r: r.region.name)
        rows.sort(key=lambda r: r.year, reverse=descending)
    elif key == "score":
        # Rows without a score go last in both directions.
        scored = [r for r in rows if r.score is not None]
        unscored = [r for r in rows if r.score is None]
        scored.sort(key=lambda r: (r.score, r.region.name), reverse=descending)
        rows[:] = scored + unscored
    return rows


def overview_rows(params) -> tuple[list, list[int] | None, str]:
    years = chosen_years(params)
    sort = params.get("sortierung") or "-year"
    if sort.lstrip("-") not in SORT_KEYS:
        sort = "-year"
    return sort_rows(assessment_rows(years), sort), years, sort


class OverviewMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            can_view_statewide(request.user).enforce()
        return super().dispatch(request, *args, **kwargs)


class AssessmentOverviewView(OverviewMixin, TemplateView):
    template_name = "steering/assessment_overview.html"

    def get_context_data(self, **kwargs):
        rows, years, sort = overview_rows(self.request.GET)
        all_years = list(
            ProgrammeYear.objects.order_by("-year").values_list("year", flat=True).distinct()
        )
        query = "&".join(f"jahr={y}" for y in years or [])
        columns = []
        for key, label in (
            ("region", _("Gebietskörperschaft")),
            ("year", _("Jahr")),
            ("score", _("Zielerreichung")),
        ):
            current = sort.lstrip("-") == key
            descending = sort.startswith("-")
            next_sort = key if current and descending else f"-{key}"
            if not current:
                next_sort = key if key == "region" else f"-{key}"
            columns.append(
                {
                    "key": key,
                    "label": label,
                    "href": "?" + "&".join(filter(None, [query, f"sortierung={next_sort}"])),
                    "aria_sort": ("descending" if descending else "ascending") if current else None,
                }
            )
        return super().get_context_data(
            **kwargs,
            rows=rows,
            years=years or [],
            all_years=all_years,
            sort=sort,
            columns={c["key"]: c for c in columns},
            query=query,
            export_query=("?" + query) if query else "",
            formats=EXPORT_FORMATS,
        )


class AssessmentExportView(OverviewMixin, View):
    def get(self, request, *args, **kwargs):
        fmt = kwargs["fmt"]
        if fmt not in EXPORT_FORMATS:
            raise Http404(_("Dieses Format gibt es nicht (CSV, XLSX oder PDF)."))
        rows, years, _sort = overview_rows(request.GET)
        content, content_type = assessment_report.render(rows, fmt, years=years)
        response = HttpResponse(content, content_type=content_type)
        stem = "bewertungen" + ("-" + "-".join(str(y) for y in sorted(years)) if years else "")
        response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
        return response
