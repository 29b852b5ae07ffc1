from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView

from . import selectors
from .forms import OrganisationContactForm, OrganisationFilterForm, RegionFilterForm
from .permissions import can_change_organisation, can_view_members
from .services import CONTACT_FIELDS, organisation_update_contact


class OrganisationListView(LoginRequiredMixin, ListView):
    template_name = "organisations/organisation_list.html"
    context_object_name = "organisations"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = OrganisationFilterForm(self.request.GET or None)
        data = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        return selectors.organisation_list_for_user(
            self.request.user, kind=data.get("kind", ""), query=data.get("q", "")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class OrganisationMixin(LoginRequiredMixin):
    request: HttpRequest
    kwargs: dict[str, Any]

    def get_organisation(self):
        organisation = selectors.organisation_get(self.request.user, self.kwargs["slug"])
        if organisation is None:
            raise Http404(
                _("Diese Organisation gibt es nicht oder sie ist für Sie nicht sichtbar.")
            )
        return organisation


class OrganisationDetailView(OrganisationMixin, TemplateView):
    template_name = "organisations/organisation_detail.html"

    def get_context_data(self, **kwargs):
        organisation = self.get_organisation()
        user = self.request.user
        today = timezone.localdate()
        show_members = can_view_members(user, organisation)
        region = getattr(organisation, "region", None)
        return super().get_context_data(
            organisation=organisation,
            region=region,
            names=organisation.names.all(),
            members=selectors.organisation_members(organisation, today) if show_members else None,
            can_change=can_change_organisation(user, organisation),
            **kwargs,
        )


class OrganisationContactUpdateView(OrganisationMixin, FormView):
    template_name = "organisations/organisation_contact_update.html"
    form_class = OrganisationContactForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.organisation = self.get_organisation()
        can_change_organisation(request.user, self.organisation).enforce()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.organisation}

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.organisation, **kwargs)

    def form_valid(self, form):
        data = {field: form.cleaned_data[field] for field in CONTACT_FIELDS}
        organisation_update_contact(
            actor=self.request.user,
            organisation=self.organisation,
            data=data,
            reason=form.cleaned_data["reason"],
        )
        messages.success(self.request, _("Die Kontaktdaten wurden gespeichert."))
        return redirect(self.organisation.get_absolute_url())


class RegionListView(LoginRequiredMixin, TemplateView):
    template_name = "organisations/region_list.html"

    def get_context_data(self, **kwargs):
        form = RegionFilterForm(self.request.GET or None)
        day = None
        if form.is_valid():
            day = form.cleaned_data["on"]
        if day is None and not form.errors:
            day = timezone.localdate()
        regions = selectors.region_list(self.request.user, on=day) if day else []
        return super().get_context_data(filter_form=form, regions=regions, day=day, **kwargs)
