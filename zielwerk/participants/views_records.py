"""Pages of single participant records.

Scope: the provider that runs a project records and reads its participants; the region's
people read the same pseudonymous records (writes answer 403 with the reason); everyone else
gets 404, so the pages do not even reveal that a project has records. Every page that shows
record-level data is written to the access log.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from zielwerk.projects.models import Project

from .access import log_access
from .choices import AccessKind
from .forms_records import ExitForm, FollowupForm, RecordForm
from .models import Participant
from .permissions import can_record_participants, can_view_records
from .services import (
    RecordInvalid,
    participant_exit,
    participant_followup,
    participant_record,
    participant_update,
    participant_values,
)

PAGE_SIZE = 50
STATUS_FILTERS = {
    "": (gettext_lazy("alle"), None),
    "aktiv": (gettext_lazy("noch in der Maßnahme"), True),
    "ausgetreten": (gettext_lazy("ausgetreten"), False),
}


def import_url(project: Project) -> str:
    """The import page, once the import part is installed."""
    try:
        return reverse("participants:import_upload", kwargs={"code": project.code})
    except NoReverseMatch:
        return ""


def _project(user, code: str) -> Project:
    project = (
        Project.objects.select_related("region", "programme_year", "provider")
        .filter(code=code)
        .first()
    )
    if project is None or not can_view_records(user, project):
        raise Http404(
            _("Dieses Projekt gibt es nicht oder seine Teilnehmenden sind nicht sichtbar.")
        )
    return project


def _participant(user, pk: int) -> Participant:
    participant = (
        Participant.objects.visible_to(user)
        .select_related(
            "project__region", "project__programme_year", "residence_region", "target_group"
        )
        .filter(pk=pk)
        .first()
    )
    if participant is None or not can_view_records(user, participant.project):
        raise Http404(_("Diesen Datensatz gibt es nicht oder er ist nicht sichtbar."))
    return participant


class ProjectRecordsView(LoginRequiredMixin, View):
    template_name = "participants/project_records.html"

    def get(self, request, code: str):
        project = _project(request.user, code)
        status = request.GET.get("status", "")
        if status not in STATUS_FILTERS:
            status = ""
        records = Participant.objects.filter(project=project).order_by("entered_on", "pseudonym")
        still_in = STATUS_FILTERS[status][1]
        if still_in is not None:
            records = records.filter(exited_on__isnull=still_in)
        paginator = Paginator(records, PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        log_access(
            request.user,
            AccessKind.LIST,
            f"Teilnehmende {project.code} ({STATUS_FILTERS[status][0]}, Seite {page.number})",
            project=project,
            record_count=len(page.object_list),
        )
        return render(
            request,
            self.template_name,
            {
                "project": project,
                "page_obj": page,
                "paginator": paginator,
                "is_paginated": page.has_other_pages(),
                "records": page.object_list,
                "status": status,
                "filters": [(key, label) for key, (label, _value) in STATUS_FILTERS.items()],
                "can_record": can_record_participants(request.user, project),
                "import_url": import_url(project),
            },
        )


class RecordCreateView(LoginRequiredMixin, View):
    template_name = "participants/record_create.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.project = _project(request.user, kwargs["code"])
            can_record_participants(request.user, self.project).enforce()
        return super().dispatch(request, *args, **kwargs)

    def _render(self, form, status: int = 200):
        context = {"project": self.project, "form": form, "import_url": import_url(self.project)}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, code: str):
        return self._render(RecordForm(project=self.project))

    def post(self, request, code: str):
        form = RecordForm(request.POST, project=self.project)
        if form.is_valid():
            try:
                participant, created = participant_record(
                    actor=request.user, project=self.project, values=form.values()
                )
            except RecordInvalid as error:
                form.add_problems(error.problems)
            else:
                if created:
                    messages.success(
                        request,
                        _("%(pseudonym)s ist erfasst.") % {"pseudonym": participant.pseudonym},
                    )
                else:
                    messages.info(
                        request,
                        _(
                            "Diese Kennung gibt es im Projekt bereits (%(pseudonym)s); der "
                            "Datensatz wurde mit Ihren Angaben abgeglichen."
                        )
                        % {"pseudonym": participant.pseudonym},
                    )
                return redirect("participants:record_detail", pk=participant.pk)
        return self._render(form)


class RecordDetailView(LoginRequiredMixin, View):
    template_name = "participants/record_detail.html"

    def get(self, request, pk: int):
        participant = _participant(request.user, pk)
        log_access(
            request.user,
            AccessKind.VIEW,
            f"Teilnehmende*r {participant.pseudonym}",
            project=participant.project,
            record_count=1,
        )
        fields = [
            (getattr(Participant._meta.get_field(name), "verbose_name", name), display)
            for name, display in _display_rows(participant)
        ]
        # Three parts, as the record is kept: at entry, at exit, at the follow-up.
        exit_at = len(fields) - len(EXIT_FIELDS) - len(FOLLOWUP_FIELDS)
        followup_at = len(fields) - len(FOLLOWUP_FIELDS)
        sections = [
            ("eintritt", _("Eintritt"), fields[:exit_at]),
            ("austritt", _("Austritt"), fields[exit_at:followup_at]),
            ("nachbefragung", _("Nachbefragung"), fields[followup_at:]),
        ]
        return render(
            request,
            self.template_name,
            {
                "participant": participant,
                "project": participant.project,
                "fields": fields,
                "sections": sections,
                "can_record": can_record_participants(request.user, participant.project),
            },
        )


# The last rows of _display_rows, in this order.
EXIT_FIELDS = ("exited_on", "exit_reason", "dropout_reason", "situation_after_exit")
FOLLOWUP_FIELDS = ("followup_on", "followup_situation")


def _display_rows(participant: Participant) -> list[tuple[str, Any]]:
    p = participant
    rows: list[tuple[str, Any]] = [
        ("entered_on", p.entered_on),
        ("gender", p.get_gender_display()),
        ("birth_year", p.birth_year),
        ("residence_region", p.residence_region.name),
        ("first_residence_hessen", _("ja") if p.first_residence_hessen else _("nein")),
        ("entitlement", p.get_entitlement_display()),
        ("via_household", _("ja") if p.via_household else _("nein")),
        ("employment_status", p.get_employment_status_display()),
        ("education_level", p.get_education_level_display()),
        ("target_group", p.target_group.name if p.target_group else "–"),
        ("disability", p.get_disability_display()),
        ("foreign_background", p.get_foreign_background_display()),
        ("third_country_national", p.get_third_country_national_display()),
        ("followup_consent", _("ja") if p.followup_consent else _("nein")),
        ("followup_consent_on", p.followup_consent_on),
        ("exited_on", p.exited_on),
        ("exit_reason", p.get_exit_reason_display() or "–"),
        ("dropout_reason", p.dropout_reason or "–"),
        ("situation_after_exit", p.get_situation_after_exit_display() or "–"),
        ("followup_on", p.followup_on),
        ("followup_situation", p.get_followup_situation_display() or "–"),
    ]
    return rows


class RecordWriteMixin(LoginRequiredMixin):
    """A record the person may see (else 404) and change (else 403 with the reason)."""

    request: Any
    template_name = ""
    form_class: Any = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.participant = _participant(request.user, kwargs["pk"])
            can_record_participants(request.user, self.participant.project).enforce()
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None):
        return self.form_class(data, initial=participant_values(self.participant))

    def render_form(self, form, **extra):
        context = {
            "participant": self.participant,
            "project": self.participant.project,
            "form": form,
            **extra,
        }
        return render(self.request, self.template_name, context)

    def get(self, request, pk: int):
        return self.render_form(self.form())

    def post(self, request, pk: int):
        form = self.form(request.POST)
        if form.is_valid():
            try:
                self.write(form.cleaned_data)
            except RecordInvalid as error:
                form.add_problems(error.problems)
            else:
                messages.success(request, self.success_message)
                return redirect("participants:record_detail", pk=self.participant.pk)
        return self.render_form(form)

    success_message: Any = ""

    def write(self, data: dict[str, Any]) -> None:
        raise NotImplementedError


class RecordEditView(RecordWriteMixin, View):
    template_name = "participants/record_edit.html"
    success_message = gettext_lazy("Die Angaben sind gespeichert.")

    def form(self, data=None):
        return RecordForm(
            data,
            project=self.participant.project,
            with_reference=False,
            initial=participant_values(self.participant),
        )

    def write(self, data):
        participant_update(actor=self.request.user, participant=self.participant, values=data)


class RecordExitView(RecordWriteMixin, View):
    template_name = "participants/record_exit.html"
    form_class = ExitForm
    success_message = gettext_lazy("Der Austritt ist gespeichert.")

    def form(self, data=None):
        initial = participant_values(self.participant) | {
            "dropout_reason": self.participant.dropout_reason
        }
        return ExitForm(data, initial=initial)

    def write(self, data):
        participant_exit(actor=self.request.user, participant=self.participant, **data)


class RecordFollowupView(RecordWriteMixin, View):
    template_name = "participants/record_followup.html"
    form_class = FollowupForm
    success_message = gettext_lazy("Die Nachbefragung ist gespeichert.")

    def form(self, data=None):
        initial = {
            "followup_on": self.participant.followup_on,
            "followup_situation": self.participant.followup_situation,
        }
        return FollowupForm(data, initial=initial)

    def write(self, data):
        participant_followup(actor=self.request.user, participant=self.participant, **data)
