"""The bulk import in the browser: upload → check (a task) → preview with counts or the problem
list → confirm → import (a task) → result. Only the provider that runs the project imports;
a project outside the record-level scope answers 404 (also for ministry, grant authority and
administration, who see aggregates only), the region's people get 403 with the reason."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.views import View

from zielwerk.projects.models import Project

from .forms_import import ImportUploadForm
from .importing import XLSX_CONTENT_TYPE, problems_xlsx, template_xlsx
from .permissions import can_record_participants, can_view_records
from .tasks import WAITING, job_confirm, job_read, job_start

REFRESH_SECONDS = 2
PROBLEMS_SHOWN = 1000


class ImportMixin(LoginRequiredMixin):
    """The project by its code, in the record-level scope (its provider and its region, as the
    record pages): 404 outside it, 403 with the reason for the region, which reads but does
    not record."""

    request: HttpRequest
    kwargs: dict[str, Any]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            can_record_participants(request.user, self.project).enforce()
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def project(self) -> Project:
        project = get_object_or_404(
            Project.objects.select_related("programme_year", "region"), code=self.kwargs["code"]
        )
        if not can_view_records(self.request.user, project):
            raise Http404
        return project


class ImportUploadView(ImportMixin, View):
    template_name = "participants/import_upload.html"

    def render_form(self, form: ImportUploadForm, status: int = 200) -> HttpResponse:
        context = {"project": self.project, "form": form}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render_form(ImportUploadForm())

    def post(self, request, *args, **kwargs):
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_form(form, status=400)
        token = job_start(project=self.project, user=request.user, upload=form.cleaned_data["file"])
        return redirect(
            reverse(
                "participants:import_status", kwargs={"code": self.project.code, "token": token}
            )
        )


class ImportJobMixin(ImportMixin):
    @cached_property
    def state(self) -> dict[str, Any]:
        token = self.kwargs["token"]
        state = job_read(token) if token.isalnum() else None
        if state is None or state["project_id"] != self.project.pk:
            raise Http404
        return state


class ImportStatusView(ImportJobMixin, View):
    """The state of one import; refreshes itself while a task runs. POST confirms."""

    template_name = "participants/import_status.html"

    def get(self, request, *args, **kwargs):
        state = self.state
        problems = state["problems"]
        context = {
            "project": self.project,
            "token": self.kwargs["token"],
            "job": state,
            "waiting": state["state"] in WAITING,
            "refresh_seconds": REFRESH_SECONDS,
            "problems": problems[:PROBLEMS_SHOWN],
            "problems_hidden": max(0, len(problems) - PROBLEMS_SHOWN),
        }
        return render(request, self.template_name, context)

    def post(self, request, *args, **kwargs):
        if self.state["state"] == "checked":
            job_confirm(self.kwargs["token"], self.state)
        return redirect(request.path)


class ImportErrorsView(ImportJobMixin, View):
    """The problem list of a refused file as XLSX."""

    def get(self, request, *args, **kwargs):
        response = HttpResponse(
            problems_xlsx(self.state["problems"]), content_type=XLSX_CONTENT_TYPE
        )
        response["Content-Disposition"] = (
            f'attachment; filename="importprobleme-{self.project.code}.xlsx"'
        )
        return response


class ImportTemplateView(ImportMixin, View):
    def get(self, request, *args, **kwargs):
        response = HttpResponse(template_xlsx(self.project), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = (
            f'attachment; filename="teilnehmende-vorlage-{self.project.code}.xlsx"'
        )
        return response
