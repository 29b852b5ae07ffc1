"""Good-practice pages (/gute-praxis/): everyone signed in reads published entries, the ministry
curates (create, edit, publish) and alone sees unpublished entries (404 for anyone else)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from zielwerk.participants.indicators import SUPPRESSION_NOTE
from zielwerk.steering.views_common import add_errors

from .figures import outcome_figures
from .forms import EntryForm, SearchForm
from .models import Entry
from .permissions import can_manage_practice, can_view_practice, entry_visible
from .selectors import entry_list
from .services import EntryData, entry_publish, entry_save


class PracticeMixin(LoginRequiredMixin):
    entry: Entry | None = None
    manage = False

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            can_view_practice(request.user).enforce()
            if self.manage:
                can_manage_practice(request.user).enforce()
            if "pk" in kwargs:
                self.entry = get_object_or_404(
                    Entry.objects.select_related("region"), pk=kwargs["pk"]
                )
                if not entry_visible(request.user, self.entry):
                    raise Http404(_("Dieses Beispiel gibt es nicht."))
        return super().dispatch(request, *args, **kwargs)

    def detail_url(self) -> str:
        assert self.entry is not None
        return reverse("practice:entry_detail", kwargs={"pk": self.entry.pk})


class EntryListView(PracticeMixin, TemplateView):
    template_name = "practice/entry_list.html"

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET or None)
        cleaned = form.cleaned_data if form.is_valid() else {}
        region = cleaned.get("region")
        measure_type = cleaned.get("measure_type")
        text = cleaned.get("q") or ""
        entries = entry_list(
            self.request.user,
            text=text,
            region_id=region.pk if region else None,
            measure_type_id=measure_type.pk if measure_type else None,
        )
        return {
            **super().get_context_data(**kwargs),
            "form": form,
            "entries": entries,
            "searched": bool(text or region or measure_type),
            "can_manage": can_manage_practice(self.request.user),
        }


class EntryDetailView(PracticeMixin, TemplateView):
    template_name = "practice/entry_detail.html"

    def get_context_data(self, **kwargs):
        entry = self.entry
        assert entry is not None
        projects = list(entry.projects.select_related("region", "programme_year"))
        return {
            **super().get_context_data(**kwargs),
            "entry": entry,
            "paragraphs": [part for part in entry.description.split("\n\n") if part.strip()],
            "projects": projects,
            "measure_types": entry.measure_types.all(),
            "figures": outcome_figures(projects),
            "suppression_note": SUPPRESSION_NOTE,
            "conferences": entry.conferences.order_by("-starts_on"),
            "can_manage": can_manage_practice(self.request.user),
        }


class EntryFormView(PracticeMixin, FormView):
    template_name = "practice/entry_form.html"
    form_class = EntryForm
    manage = True

    def get_initial(self):
        entry = self.entry
        if entry is None:
            return {}
        return {
            "title": entry.title,
            "summary": entry.summary,
            "description": entry.description,
            "region": entry.region_id,
            "projects": list(entry.projects.values_list("pk", flat=True)),
            "measure_types": list(entry.measure_types.values_list("pk", flat=True)),
            "published": entry.published,
        }

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            self.entry = entry_save(
                actor=self.request.user,
                entry=self.entry,
                data=EntryData(
                    title=data["title"],
                    summary=data["summary"],
                    description=data["description"],
                    region=data["region"],
                    project_ids=tuple(project.pk for project in data["projects"]),
                    measure_type_ids=tuple(kind.pk for kind in data["measure_types"]),
                    published=data["published"],
                ),
            )
        except ValidationError as exc:
            add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Das Beispiel ist gespeichert."))
        return HttpResponseRedirect(self.detail_url())

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "entry": self.entry}


class EntryCreateView(EntryFormView):
    pass


class EntryEditView(EntryFormView):
    pass


class EntryPublishView(PracticeMixin, View):
    """POST: publish (published=1) or withdraw (published=0)."""

    manage = True

    def post(self, request, *args, **kwargs):
        assert self.entry is not None
        published = request.POST.get("published") == "1"
        entry_publish(actor=request.user, entry=self.entry, published=published)
        messages.success(
            request,
            _("Das Beispiel ist veröffentlicht.")
            if published
            else _("Das Beispiel ist zurückgezogen."),
        )
        return HttpResponseRedirect(self.detail_url())
