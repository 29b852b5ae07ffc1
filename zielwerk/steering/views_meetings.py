"""Pages of the autumn implementation meeting: the meeting (facts, briefing pack, minutes,
resolutions), its forms, and the task list. Thin: scope (404 outside it), permission (403 with
the reason), a form, one service call, redirect.

Who sees what: the ministry and the grant authority every region, a region's coordination its
own (other regions answer 404); providers have no part in steering (403). Writes are the
ministry's; a task's status is set by its owner and the ministry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from zielwerk.core.formats import format_date, format_days_left
from zielwerk.organisations.models import Region
from zielwerk.programmes.models import ProgrammeYear

from . import selectors
from .choices import OPEN_TASK_STATUSES, MeetingStatus, ResolutionKind, TaskStatus
from .figures import FORECAST_METHOD, PLAN_METHOD
from .forms_meetings import (
    BriefingForm,
    MeetingForm,
    MinutesForm,
    ResolutionForm,
    TaskUpdateForm,
)
from .models import Meeting, Resolution
from .permissions import can_manage_meeting, can_update_task, region_visible
from .services.meetings import (
    briefing_filename,
    briefing_generate,
    can_change_meeting,
    can_start_amendment,
    meeting_save,
    meeting_set_minutes,
    resolution_amend,
    resolution_save,
    task_owner_candidates,
    task_update,
)
from .views_common import RegionYearMixin, SteeringMixin, add_errors


@dataclass(frozen=True)
class ResolutionRow:
    """A resolution with what the person may do with it and how its due date stands."""

    resolution: Resolution
    can_edit: bool = False
    can_amend: bool = False
    can_update: bool = False
    overdue: bool = False
    due_text: str = ""


def _is_overdue(resolution: Resolution, today) -> bool:
    return (
        resolution.kind == ResolutionKind.TASK
        and resolution.status in OPEN_TASK_STATUSES
        and resolution.due_on is not None
        and resolution.due_on < today
    )


def _meeting_url(year: int, region: Region) -> str:
    return reverse("steering:meeting_detail", kwargs={"year": year, "region": region.slug})


class MeetingMixin(RegionYearMixin):
    """Year and region from the URL (404 outside the person's scope) and the meeting, if any."""

    programme_year: ProgrammeYear
    region: Region
    meeting: Meeting | None

    def setup_objects(self) -> None:
        super().setup_objects()
        self.meeting = (
            Meeting.objects.filter(programme_year=self.programme_year, region=self.region)
            .select_related("region__administration", "programme_year__programme")
            .first()
        )

    def require_meeting(self) -> Meeting:
        if self.meeting is None:
            raise Http404(_("Für diese Region und dieses Jahr ist keine Besprechung geplant."))
        return self.meeting

    def base_context(self) -> dict[str, Any]:
        return {
            **super().base_context(),
            "meeting": self.meeting,
            "meeting_url": _meeting_url(self.programme_year.year, self.region),
        }


class MeetingDetailView(MeetingMixin, TemplateView):
    template_name = "steering/meeting_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        meeting = self.meeting
        resolutions: list[ResolutionRow] = []
        today = timezone.localdate()
        if meeting is not None:
            for resolution in meeting.resolutions.select_related("owner", "amendment").order_by(
                "position", "pk"
            ):
                resolutions.append(
                    ResolutionRow(
                        resolution,
                        can_edit=bool(can_change_meeting(user, meeting)),
                        can_amend=bool(can_start_amendment(user, resolution)),
                        can_update=resolution.kind == ResolutionKind.TASK
                        and bool(can_update_task(user, resolution)),
                        overdue=_is_overdue(resolution, today),
                    )
                )
        can_manage = bool(can_manage_meeting(user, self.region))
        can_change = meeting is not None and bool(can_change_meeting(user, meeting))
        return super().get_context_data(
            **{**kwargs, **self.base_context()},
            resolutions=resolutions,
            today=today,
            can_manage=can_manage,
            can_change=can_change,
            briefing_form=BriefingForm(
                initial={"as_of": selectors.default_as_of(self.programme_year)}
            ),
            attendee_lines=[line for line in (meeting.attendees if meeting else "").splitlines()],
            agenda_lines=[line for line in (meeting.agenda if meeting else "").splitlines()],
            plan_method=PLAN_METHOD,
            forecast_method=FORECAST_METHOD,
        )


class MeetingEditView(MeetingMixin, TemplateView):
    """Plan the meeting or change its facts (the ministry, while the minutes are open)."""

    template_name = "steering/meeting_edit.html"

    def _check(self) -> None:
        if self.meeting is None:
            can_manage_meeting(self.request.user, self.region).enforce()
        else:
            can_change_meeting(self.request.user, self.meeting).enforce()

    def get_context_data(self, form=None, **kwargs):
        if form is None:
            meeting = self.meeting
            form = MeetingForm(
                initial={
                    "held_on": meeting.held_on,
                    "place": meeting.place,
                    "attendees": meeting.attendees,
                    "agenda": meeting.agenda,
                }
                if meeting
                else {}
            )
        return super().get_context_data(**{**kwargs, **self.base_context()}, form=form)

    def get(self, request, *args, **kwargs):
        self._check()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._check()
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                meeting_save(
                    actor=request.user,
                    programme_year=self.programme_year,
                    region=self.region,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Die Angaben zur Besprechung sind gespeichert."))
                return HttpResponseRedirect(_meeting_url(self.programme_year.year, self.region))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class MeetingBriefingView(MeetingMixin, View):
    """POST: generate the briefing pack as of the given day (replaces an earlier one)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        meeting = self.require_meeting()
        can_change_meeting(request.user, meeting).enforce()
        form = BriefingForm(request.POST)
        url = _meeting_url(self.programme_year.year, self.region)
        if not form.is_valid():
            messages.error(request, " ".join(str(e) for e in form.errors["as_of"]))
            return HttpResponseRedirect(url)
        try:
            briefing_generate(actor=request.user, meeting=meeting, as_of=form.cleaned_data["as_of"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Die Sitzungsunterlage mit Stand %(day)s ist erzeugt.")
                % {"day": format_date(form.cleaned_data["as_of"])},
            )
        return HttpResponseRedirect(url)


class MeetingBriefingPdfView(MeetingMixin, View):
    def get(self, request, *args, **kwargs):
        meeting = self.require_meeting()
        if not meeting.briefing_pdf:
            raise Http404(_("Die Sitzungsunterlage ist noch nicht erzeugt."))
        try:
            handle = meeting.briefing_pdf.open("rb")
        except FileNotFoundError as missing:
            raise Http404(
                _("Die Datei der Sitzungsunterlage fehlt; bitte neu erzeugen.")
            ) from missing
        return FileResponse(
            handle,
            as_attachment=True,
            filename=briefing_filename(meeting),
            content_type="application/pdf",
        )


class MeetingMinutesView(MeetingMixin, TemplateView):
    template_name = "steering/meeting_minutes.html"

    def _check(self) -> Meeting:
        meeting = self.require_meeting()
        can_change_meeting(self.request.user, meeting).enforce()
        return meeting

    def get_context_data(self, form=None, **kwargs):
        meeting = self.meeting
        if form is None and meeting is not None:
            status = meeting.status if meeting.status != MeetingStatus.PLANNED else "held"
            form = MinutesForm(initial={"minutes": meeting.minutes, "status": status})
        return super().get_context_data(**{**kwargs, **self.base_context()}, form=form)

    def get(self, request, *args, **kwargs):
        self._check()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        meeting = self._check()
        form = MinutesForm(request.POST)
        if form.is_valid():
            try:
                meeting_set_minutes(actor=request.user, meeting=meeting, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Das Protokoll ist gespeichert."))
                return HttpResponseRedirect(_meeting_url(self.programme_year.year, self.region))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ResolutionFormMixin:
    """The shared part of creating and editing a resolution."""

    request: HttpRequest

    def resolution_post(self, meeting: Meeting, resolution: Resolution | None, context):
        form = ResolutionForm(self.request.POST, owners=task_owner_candidates(meeting.region))
        if form.is_valid():
            try:
                resolution_save(
                    actor=self.request.user,
                    meeting=meeting,
                    resolution=resolution,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(self.request, _("Der Beschluss ist gespeichert."))
                return HttpResponseRedirect(
                    _meeting_url(meeting.programme_year.year, meeting.region)
                )
        return context(form=form)


class ResolutionCreateView(ResolutionFormMixin, MeetingMixin, TemplateView):
    template_name = "steering/resolution_form.html"

    def _check(self) -> Meeting:
        meeting = self.require_meeting()
        can_change_meeting(self.request.user, meeting).enforce()
        return meeting

    def get_context_data(self, form=None, **kwargs):
        meeting = self._check()
        if form is None:
            form = ResolutionForm(
                initial={"kind": ResolutionKind.TASK},
                owners=task_owner_candidates(meeting.region),
            )
        return super().get_context_data(
            **{**kwargs, **self.base_context()}, form=form, resolution=None
        )

    def post(self, request, *args, **kwargs):
        meeting = self._check()
        return self.resolution_post(
            meeting,
            None,
            lambda form: self.render_to_response(self.get_context_data(form=form), status=400),
        )


class ResolutionMixin(SteeringMixin):
    """The resolution, if its region is in the person's scope (404 otherwise)."""

    resolution: Resolution

    def setup_objects(self) -> None:
        self.resolution = get_object_or_404(
            Resolution.objects.select_related(
                "meeting__region__administration",
                "meeting__programme_year__programme",
                "owner",
                "amendment",
            ),
            pk=self.kwargs["pk"],
        )
        if not region_visible(self.request.user, self.resolution.meeting.region):
            raise Http404(_("Diesen Beschluss gibt es nicht oder er ist nicht sichtbar."))

    def base_context(self) -> dict[str, Any]:
        meeting = self.resolution.meeting
        return {
            "programme_year": meeting.programme_year,
            "year": meeting.programme_year.year,
            "region": meeting.region,
            "meeting": meeting,
            "resolution": self.resolution,
            "meeting_url": _meeting_url(meeting.programme_year.year, meeting.region),
        }


class ResolutionEditView(ResolutionFormMixin, ResolutionMixin, TemplateView):
    template_name = "steering/resolution_form.html"

    def _check(self) -> None:
        can_change_meeting(self.request.user, self.resolution.meeting).enforce()

    def get_context_data(self, form=None, **kwargs):
        resolution = self.resolution
        if form is None:
            form = ResolutionForm(
                initial={
                    "kind": resolution.kind,
                    "text": resolution.text,
                    "owner": resolution.owner_id,
                    "due_on": resolution.due_on,
                },
                owners=task_owner_candidates(resolution.meeting.region),
            )
        return super().get_context_data(**{**kwargs, **self.base_context()}, form=form)

    def get(self, request, *args, **kwargs):
        self._check()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._check()
        return self.resolution_post(
            self.resolution.meeting,
            self.resolution,
            lambda form: self.render_to_response(self.get_context_data(form=form), status=400),
        )


class ResolutionAmendView(ResolutionMixin, TemplateView):
    """GET asks for confirmation; POST starts the amendment of the agreement and links it."""

    template_name = "steering/resolution_amend.html"

    def get(self, request, *args, **kwargs):
        can_start_amendment(request.user, self.resolution).enforce()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        meeting = self.resolution.meeting
        agreement = selectors.agreement_get(meeting.region, meeting.programme_year)
        return super().get_context_data(
            **{**kwargs, **self.base_context()},
            binding=selectors.binding_version(agreement),
        )

    def post(self, request, *args, **kwargs):
        can_start_amendment(request.user, self.resolution).enforce()
        try:
            amendment = resolution_amend(actor=request.user, resolution=self.resolution)
        except ValidationError as error:
            return self.render_to_response(
                self.get_context_data(errors=list(error.messages)), status=400
            )
        messages.success(
            request,
            _("Die Änderungsvereinbarung (Fassung %(number)s) ist als Entwurf angelegt.")
            % {"number": amendment.number},
        )
        meeting = self.resolution.meeting
        return HttpResponseRedirect(_meeting_url(meeting.programme_year.year, meeting.region))


TASK_FILTERS = {"offen": OPEN_TASK_STATUSES, "erledigt": (TaskStatus.DONE, TaskStatus.DROPPED)}


class TaskListView(SteeringMixin, TemplateView):
    """Tasks from the meetings: the ministry and the authority see every region's, a region's
    coordination its own; filtered by open or done, optionally the person's own."""

    template_name = "steering/task_list.html"

    def get_context_data(self, **kwargs):
        user: Any = self.request.user
        state = self.request.GET.get("stand", "offen")
        if state not in (*TASK_FILTERS, "alle"):
            state = "offen"
        mine = self.request.GET.get("meine") == "1"
        tasks = Resolution.objects.filter(kind=ResolutionKind.TASK).select_related(
            "meeting__region", "meeting__programme_year", "owner"
        )
        if not user.is_programme_wide:
            tasks = tasks.filter(meeting__region__administration_id__in=user.organisation_ids)
        if state in TASK_FILTERS:
            tasks = tasks.filter(status__in=TASK_FILTERS[state])
        if mine:
            tasks = tasks.filter(owner=user)
        today = timezone.localdate()
        rows: list[ResolutionRow] = []
        for task in tasks.order_by("due_on", "meeting__region__name", "pk"):
            rows.append(
                ResolutionRow(
                    task,
                    can_update=bool(can_update_task(user, task)),
                    overdue=_is_overdue(task, today),
                    due_text=format_days_left(task.due_on, today)
                    if task.status in OPEN_TASK_STATUSES and task.due_on
                    else "",
                )
            )
        return super().get_context_data(
            tasks=rows,
            state=state,
            mine=mine,
            today=today,
            filters=[
                ("offen", _("offen")),
                ("erledigt", _("erledigt oder entfallen")),
                ("alle", _("alle")),
            ],
            **kwargs,
        )


class TaskUpdateView(ResolutionMixin, TemplateView):
    template_name = "steering/task_update.html"

    def setup_objects(self) -> None:
        super().setup_objects()
        if self.resolution.kind != ResolutionKind.TASK:
            raise Http404(_("Dieser Beschluss ist keine Aufgabe."))

    def _check(self) -> None:
        verdict = can_update_task(self.request.user, self.resolution)
        if not verdict:
            raise PermissionDenied(verdict.reason)

    def get_context_data(self, form=None, **kwargs):
        if form is None:
            form = TaskUpdateForm(initial={"status": self.resolution.status})
        today = timezone.localdate()
        task = self.resolution
        due_text = (
            format_days_left(task.due_on, today)
            if task.status in OPEN_TASK_STATUSES and task.due_on
            else ""
        )
        return super().get_context_data(
            **{**kwargs, **self.base_context()}, form=form, due_text=due_text
        )

    def get(self, request, *args, **kwargs):
        self._check()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._check()
        form = TaskUpdateForm(request.POST)
        if form.is_valid():
            try:
                task_update(actor=request.user, resolution=self.resolution, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Der Stand der Aufgabe ist gespeichert."))
                return HttpResponseRedirect(reverse("steering:task_list"))
        return self.render_to_response(self.get_context_data(form=form), status=400)
