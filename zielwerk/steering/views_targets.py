"""Pages of the targets (Zielwerte) of an agreement version: the table of targets with its form,
the proposal from the projects and the planned values per month or quarter. Thin: scope (404),
permission (403 with the reason), a form, one service call, POST-redirect-GET."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from zielwerk.agreements.models import AgreementVersion

from . import selectors
from .choices import METRIC_UNITS, Metric, Phasing
from .figures import PLAN_METHOD
from .forms_targets import PhasesForm, TargetFormSet, initial_rows
from .models import Target
from .permissions import can_edit_targets
from .services.targets import phase_periods, target_phases_save, targets_propose, targets_save
from .views_common import RegionYearMixin, add_errors, error_summary


class VersionMixin(RegionYearMixin):
    """The current agreement version, the one whose targets are edited (404 without one)."""

    version: AgreementVersion

    def setup_objects(self) -> None:
        super().setup_objects()
        agreement = selectors.agreement_get(self.region, self.programme_year)
        version = selectors.current_version(agreement)
        if version is None:
            raise Http404(
                _("Zu dieser Gebietskörperschaft und diesem Jahr gibt es keine Zielvereinbarung.")
            )
        self.version = version

    def edit_url(self) -> str:
        return reverse(
            "steering:target_edit",
            kwargs={"year": self.programme_year.year, "region": self.region.slug},
        )

    def enforce_edit(self):
        verdict = can_edit_targets(self.request.user, self.version)
        if not verdict:
            raise PermissionDenied(verdict.reason)


class TargetEditView(VersionMixin, View):
    template_name = "steering/target_edit.html"

    def get(self, request, *args, **kwargs):
        formset = None
        if can_edit_targets(request.user, self.version):
            formset = self.formset()
        return self.show(formset)

    def post(self, request, *args, **kwargs):
        self.enforce_edit()
        formset = self.formset(request.POST)
        if formset.is_valid():
            try:
                changes = targets_save(
                    actor=request.user, version=self.version, rows=formset.rows()
                )
            except ValidationError as exc:
                formset._non_form_errors = formset.error_class(exc.messages)
            else:
                count = len(changes["added"]) + len(changes["changed"]) + len(changes["removed"])
                messages.success(
                    request,
                    ngettext(
                        "Zielwerte gespeichert (%(count)s Änderung).",
                        "Zielwerte gespeichert (%(count)s Änderungen).",
                        count,
                    )
                    % {"count": count},
                )
                return redirect(self.edit_url())
        return self.show(formset)

    def formset(self, data=None):
        targets = selectors.targets_of(self.version)
        return TargetFormSet(  # type: ignore[call-arg]
            data, initial=initial_rows(targets), version=self.version, prefix="ziel"
        )

    def show(self, formset):
        targets = selectors.targets_of(self.version)
        verdict = can_edit_targets(self.request.user, self.version)
        context = {
            **self.base_context(),
            "version": self.version,
            "target_rows": [(t, METRIC_UNITS[Metric(t.metric)]) for t in targets],
            "formset": formset,
            "can_edit": verdict,
            "linear": Phasing.LINEAR,
            "plan_method": PLAN_METHOD,
            "error_summary": error_summary(
                formset.forms, non_form_errors=formset.non_form_errors(), prefix_rows=True
            )
            if formset is not None and formset.is_bound
            else [],
        }
        return render(self.request, self.template_name, context)


class TargetProposeView(VersionMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.enforce_edit()
        added = targets_propose(actor=request.user, version=self.version)
        if added:
            messages.success(
                request,
                ngettext(
                    "%(count)s Zielwert aus den Projekten vorgeschlagen: %(keys)s.",
                    "%(count)s Zielwerte aus den Projekten vorgeschlagen: %(keys)s.",
                    len(added),
                )
                % {"count": len(added), "keys": ", ".join(added)},
            )
        else:
            messages.info(
                request,
                _(
                    "Kein neuer Vorschlag: jede vorgeschlagene Kennung ist schon vorhanden, "
                    "oder die Fassung nennt keine Projekte mit geplanten Teilnehmenden "
                    "und keinen Betrag."
                ),
            )
        return redirect(self.edit_url())


class TargetPhasesView(VersionMixin, View):
    template_name = "steering/target_phases.html"

    def target(self) -> Target:
        target = (
            Target.objects.filter(version=self.version, key=self.kwargs["key"])
            .prefetch_related("phases")
            .first()
        )
        if target is None:
            raise Http404(_("Diesen Zielwert gibt es in der aktuellen Fassung nicht."))
        return target

    def get(self, request, *args, **kwargs):
        return self.show(self.target(), None)

    def post(self, request, *args, **kwargs):
        self.enforce_edit()
        target = self.target()
        form = self.form(target, request.POST)
        if form is not None and form.is_valid():
            try:
                target_phases_save(actor=request.user, target=target, values=form.values())
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Planwerte für „%(label)s“ gespeichert.") % {"label": target.label},
                )
                return redirect(
                    reverse(
                        "steering:target_phases",
                        kwargs={
                            "year": self.programme_year.year,
                            "region": self.region.slug,
                            "key": target.key,
                        },
                    )
                )
        return self.show(target, form)

    def form(self, target: Target, data=None) -> PhasesForm | None:
        if target.phasing == Phasing.LINEAR:
            return None
        periods = phase_periods(target.phasing, target.period_from, target.period_to)
        stored = {p.starts_on: p.value for p in target.phases.all()}
        return PhasesForm(
            data,
            periods=periods,
            initial_values=[stored.get(start) for start, _end in periods],
        )

    def show(self, target: Target, form):
        verdict = can_edit_targets(self.request.user, self.version)
        if form is None and verdict:
            form = self.form(target)
        phases = list(target.phases.all())
        context = {
            **self.base_context(),
            "version": self.version,
            "target": target,
            "phases": phases,
            "phases_total": sum((p.value for p in phases), 0),
            "form": form if verdict else None,
            "can_edit": verdict,
            "linear": target.phasing == Phasing.LINEAR,
            "unit": METRIC_UNITS[Metric(target.metric)],
            "error_summary": error_summary([form]) if form is not None and form.is_bound else [],
        }
        return render(self.request, self.template_name, context)
