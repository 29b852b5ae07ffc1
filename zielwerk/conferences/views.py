"""Conference pages (/konferenzen/): thin – permission (403 with the reason), a form, one service
call, redirect. Providers have no part (403 on every page)."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from zielwerk.organisations.models import Region
from zielwerk.steering.views_common import add_errors

from .forms import ConferenceForm, DocumentForm, RegistrationForm
from .models import Conference, Document, Registration
from .permissions import (
    can_cancel_registration,
    can_manage_conference,
    can_register,
    can_view_conferences,
    sees_names_of,
)
from .services import (
    DOCUMENT_TYPES,
    ConferenceData,
    conference_save,
    document_add,
    registration_cancel,
    registration_create,
)


def own_region(user) -> Region | None:
    """The region whose coordination the person is (None for programme-wide staff)."""
    return (
        Region.objects.filter(administration_id__in=user.organisation_ids).order_by("name").first()
    )


class ConferenceMixin(LoginRequiredMixin):
    conference: Conference | None = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            can_view_conferences(request.user).enforce()
            if "pk" in kwargs:
                self.conference = get_object_or_404(Conference, pk=kwargs["pk"])
            self.check_write()
        return super().dispatch(request, *args, **kwargs)

    def check_write(self) -> None:
        pass

    def detail_url(self) -> str:
        assert self.conference is not None
        return reverse("conferences:conference_detail", kwargs={"pk": self.conference.pk})


class ConferenceListView(ConferenceMixin, TemplateView):
    template_name = "conferences/conference_list.html"

    def get_context_data(self, **kwargs):
        conferences = Conference.objects.annotate(registered=Count("registrations"))
        return {
            **super().get_context_data(**kwargs),
            "conferences": conferences,
            "can_manage": can_manage_conference(self.request.user),
        }


class ConferenceDetailView(ConferenceMixin, TemplateView):
    template_name = "conferences/conference_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        conference = self.conference
        assert conference is not None
        today = timezone.localdate()
        registrations = list(conference.registrations.select_related("region"))
        by_region: dict[int, dict[str, Any]] = {}
        for registration in registrations:
            group = by_region.setdefault(
                registration.region_id,
                {"region": registration.region, "count": 0, "people": [], "names": False},
            )
            group["count"] += 1
            if sees_names_of(user, registration.region):
                group["names"] = True
                group["people"].append(
                    {
                        "registration": registration,
                        "can_cancel": bool(can_cancel_registration(user, registration, today)),
                    }
                )
        region = own_region(user)
        register = can_register(user, conference, region, today) if region else None
        return {
            **super().get_context_data(**kwargs),
            "conference": conference,
            "agenda": [line for line in conference.description.splitlines() if line.strip()],
            "groups": sorted(by_region.values(), key=lambda group: group["region"].name),
            "total": len(registrations),
            "own_region": region,
            "can_register": register,
            "own_free": (
                conference.places_per_region - by_region.get(region.pk, {}).get("count", 0)
                if region
                else None
            ),
            "documents": conference.documents.all(),
            "entries": conference.practice_entries.filter(published=True),
            "can_manage": can_manage_conference(user),
        }


def _data(cleaned: dict) -> ConferenceData:
    return ConferenceData(
        title=cleaned["title"],
        starts_on=cleaned["starts_on"],
        ends_on=cleaned.get("ends_on"),
        starts_at=cleaned.get("starts_at"),
        place=cleaned["place"],
        description=cleaned.get("description", ""),
        places_per_region=cleaned["places_per_region"],
        registration_until=cleaned["registration_until"],
        status=cleaned["status"],
        practice_entry_ids=tuple(entry.pk for entry in cleaned.get("practice_entries") or ()),
    )


class ConferenceFormView(ConferenceMixin, FormView):
    template_name = "conferences/conference_form.html"
    form_class = ConferenceForm

    def check_write(self) -> None:
        can_manage_conference(self.request.user).enforce()

    def get_initial(self):
        conference = self.conference
        if conference is None:
            return {"status": "planned"}
        return {
            **{
                name: getattr(conference, name)
                for name in (
                    "title",
                    "starts_on",
                    "ends_on",
                    "starts_at",
                    "place",
                    "description",
                    "places_per_region",
                    "registration_until",
                    "status",
                )
            },
            "practice_entries": list(conference.practice_entries.values_list("pk", flat=True)),
        }

    def form_valid(self, form):
        try:
            self.conference = conference_save(
                actor=self.request.user, data=_data(form.cleaned_data), conference=self.conference
            )
        except ValidationError as exc:
            add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Die Konferenz ist gespeichert."))
        return HttpResponseRedirect(self.detail_url())

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "conference": self.conference}


class ConferenceCreateView(ConferenceFormView):
    pass


class ConferenceEditView(ConferenceFormView):
    pass


class RegistrationCreateView(ConferenceMixin, FormView):
    template_name = "conferences/registration_form.html"
    form_class = RegistrationForm
    region: Region

    def check_write(self) -> None:
        assert self.conference is not None
        region = own_region(self.request.user)
        if region is None:
            raise PermissionDenied(
                _("Anmelden kann die Koordination der Gebietskörperschaft für ihre Region.")
            )
        self.region = region
        can_register(self.request.user, self.conference, region, timezone.localdate()).enforce()

    def form_valid(self, form):
        assert self.conference is not None
        try:
            registration_create(
                actor=self.request.user,
                conference=self.conference,
                region=self.region,
                name=form.cleaned_data["name"],
                function=form.cleaned_data["function"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Die Anmeldung ist gespeichert."))
        return HttpResponseRedirect(self.detail_url())

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "conference": self.conference,
            "region": self.region,
        }


class RegistrationCancelView(ConferenceMixin, TemplateView):
    template_name = "conferences/registration_cancel.html"
    registration: Registration

    def check_write(self) -> None:
        user = self.request.user
        self.registration = get_object_or_404(
            Registration.objects.select_related("region", "conference"),
            pk=self.kwargs["registration_pk"],
            conference=self.conference,
        )
        if not sees_names_of(user, self.registration.region):
            raise Http404(_("Diese Anmeldung gibt es nicht."))
        can_cancel_registration(user, self.registration, timezone.localdate()).enforce()

    def post(self, request, *args, **kwargs):
        registration_cancel(actor=request.user, registration=self.registration)
        messages.success(request, _("Die Anmeldung ist storniert."))
        return HttpResponseRedirect(self.detail_url())

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "conference": self.conference,
            "registration": self.registration,
        }


class DocumentUploadView(ConferenceMixin, FormView):
    template_name = "conferences/document_form.html"
    form_class = DocumentForm

    def check_write(self) -> None:
        can_manage_conference(self.request.user).enforce()

    def form_valid(self, form):
        assert self.conference is not None
        try:
            document_add(
                actor=self.request.user,
                conference=self.conference,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["upload"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                add_errors(form, exc)
            else:
                for message in exc.messages:
                    form.add_error("upload", message)
            return self.form_invalid(form)
        messages.success(self.request, _("Das Dokument ist hochgeladen."))
        return HttpResponseRedirect(self.detail_url())

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "conference": self.conference}


class DocumentDownloadView(ConferenceMixin, View):
    """A document, byte for byte, from private storage (never from /media)."""

    def get(self, request, *args, **kwargs):
        document = get_object_or_404(
            Document, pk=self.kwargs["document_pk"], conference=self.conference
        )
        try:
            handle = document.file.open("rb")
        except (FileNotFoundError, ValueError) as error:
            raise Http404(_("Die Datei ist nicht mehr vorhanden.")) from error
        kind = DOCUMENT_TYPES.get(PurePosixPath(document.original_name).suffix.lower()[1:])
        return FileResponse(
            handle,
            as_attachment=True,
            filename=document.original_name,
            content_type=kind.content_type if kind else "application/octet-stream",
        )
