"""One allocation with its versions and letters; reallocating returned money; finalising a year.

Reading: programme-wide roles see every allocation, a region's coordinators their own region's;
everyone else gets 404, exactly like a missing allocation. Writing: the ministry and the
administration (can_manage_budget), checked before anything is looked up.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from zielwerk.accounts.choices import Role
from zielwerk.core.formats import format_euro, parse_german_decimal
from zielwerk.core.forms import KernFormMixin
from zielwerk.programmes.models import ProgrammeYear

from . import selectors
from .choices import AllocationStatus
from .forms import AllocationReviseForm
from .letters import letter_available, render_letter_pdf
from .models import Allocation, AllocationVersion
from .permissions import can_manage_budget
from .services import allocation_finalize, allocation_reallocate


def visible_allocations(user):
    """Programme-wide roles: all; a region's coordinators: their region's; others: none."""
    queryset = Allocation.objects.select_related("region", "programme_year__programme")
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.is_programme_wide:
        return queryset
    if user.has_role(Role.REGION_COORDINATOR):
        return queryset.filter(region__administration_id__in=user.organisation_ids)
    return queryset.none()


class AllocationDetailView(LoginRequiredMixin, TemplateView):
    template_name = "budgets/allocation_detail.html"

    def get_context_data(self, **kwargs):
        allocation = get_object_or_404(visible_allocations(self.request.user), pk=self.kwargs["pk"])
        versions = list(
            allocation.versions.select_related("source_key", "created_by").order_by("-number")
        )
        by_number = {version.number: version for version in versions}
        rows = []
        for version in versions:
            previous = by_number.get(version.number - 1)
            rows.append(
                {
                    "version": version,
                    "difference": (version.amount - previous.amount) if previous else None,
                    "letter": letter_available(version),
                }
            )
        current = versions[0] if versions else None
        return super().get_context_data(
            allocation=allocation,
            current=current,
            rows=rows,
            can_manage=can_manage_budget(self.request.user),
            is_final=bool(current and current.status == AllocationStatus.FINAL),
            **kwargs,
        )


class AllocationLetterView(LoginRequiredMixin, View):
    """The letter (PDF/A) of a revised version."""

    def get(self, request: HttpRequest, pk: int, number: int) -> HttpResponse:
        allocation = get_object_or_404(visible_allocations(request.user), pk=pk)
        version = get_object_or_404(
            AllocationVersion.objects.select_related("allocation"),
            allocation=allocation,
            number=number,
        )
        if not letter_available(version):
            raise Http404(_("Zu dieser Fassung gibt es kein Schreiben."))
        version.allocation = allocation
        data = render_letter_pdf(version)
        response = HttpResponse(data, content_type="application/pdf")
        filename = (
            f"mittelzuweisung-{allocation.programme_year.year}-{allocation.region.slug}"
            f"-fassung-{version.number}.pdf"
        )
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response


class BudgetManagerMixin(LoginRequiredMixin):
    """Ministry and administration only; checked before the year is looked up."""

    request: HttpRequest
    kwargs: dict[str, Any]
    programme_year: ProgrammeYear

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            can_manage_budget(request.user).enforce()
            programme_year = selectors.programme_year_for(kwargs["year"])
            if programme_year is None:
                raise Http404(_("Dieses Programmjahr gibt es nicht."))
            self.programme_year = programme_year
        return super().dispatch(request, *args, **kwargs)

    def overview_url(self) -> str:
        return reverse("budgets:overview", kwargs={"year": self.programme_year.year})


def _money(text: str) -> Decimal:
    try:
        return parse_german_decimal(text)
    except ValueError:
        raise forms.ValidationError(
            _("Bitte einen Betrag im deutschen Format angeben, z. B. 25.000,00.")
        ) from None


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.region.name


class ReallocationForm(KernFormMixin, forms.Form):
    source: forms.ModelChoiceField = RegionChoiceField(
        label=_("Abgebende Gebietskörperschaft"),
        queryset=Allocation.objects.none(),
        error_messages={"required": _("Bitte wählen Sie, wer Mittel zurückgibt.")},
    )
    amount = forms.CharField(
        label=_("Zurückgegebener Betrag in Euro"),
        max_length=30,
        help_text=_("Im deutschen Format, z. B. 25.000,00"),
        error_messages={"required": _("Bitte geben Sie den zurückgegebenen Betrag an.")},
    )
    effective_on = AllocationReviseForm.base_fields["effective_on"]
    reason = forms.CharField(
        label=_("Begründung"),
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Bitte begründen Sie die Umverteilung.")},
    )

    def __init__(self, *args, allocations, **kwargs):
        super().__init__(*args, **kwargs)
        self.allocations = list(allocations)
        source = self.fields["source"]
        assert isinstance(source, forms.ModelChoiceField)
        source.queryset = Allocation.objects.filter(
            pk__in=[allocation.pk for allocation in self.allocations]
        ).select_related("region")
        for allocation in self.allocations:
            self.fields[f"target_{allocation.pk}"] = forms.CharField(
                label=_("Erhöhung für %(region)s") % {"region": allocation.region.name},
                max_length=30,
                required=False,
            )

    def target_fields(self):
        return [self[f"target_{allocation.pk}"] for allocation in self.allocations]

    def clean_amount(self) -> Decimal:
        return _money(self.cleaned_data["amount"])

    def clean(self):
        cleaned = super().clean()
        assert cleaned is not None
        targets = {}
        for allocation in self.allocations:
            name = f"target_{allocation.pk}"
            text = (cleaned.get(name) or "").strip()
            if not text:
                continue
            try:
                targets[allocation] = _money(text)
            except forms.ValidationError as error:
                self.add_error(name, error)
        if not targets and not self.errors:
            raise forms.ValidationError(
                _("Bitte geben Sie mindestens eine Erhöhung für eine andere Region an.")
            )
        cleaned["targets"] = targets
        return cleaned


class ReallocationView(BudgetManagerMixin, FormView):
    template_name = "budgets/allocation_reallocate.html"
    form_class = ReallocationForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "allocations": Allocation.objects.filter(programme_year=self.programme_year)
            .select_related("region")
            .order_by("region__name"),
        }

    def get_context_data(self, **kwargs):
        rows = selectors.allocation_rows(self.programme_year)
        return super().get_context_data(
            programme_year=self.programme_year,
            total=sum((row.amount for row in rows), Decimal(0)),
            current_amounts={row.allocation.pk: row.amount for row in rows},
            **kwargs,
        )

    def form_valid(self, form):
        try:
            allocation_reallocate(
                actor=self.request.user,
                source=form.cleaned_data["source"],
                amount=form.cleaned_data["amount"],
                targets=form.cleaned_data["targets"],
                reason=form.cleaned_data["reason"],
                effective_on=form.cleaned_data["effective_on"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(amount)s von %(region)s wurden umverteilt.")
            % {
                "amount": format_euro(form.cleaned_data["amount"]),
                "region": form.cleaned_data["source"].region.name,
            },
        )
        return redirect(self.overview_url())


class FinalizeView(BudgetManagerMixin, TemplateView):
    """GET asks for confirmation; POST marks every allocation of the year final."""

    template_name = "budgets/allocation_finalize.html"

    def get_context_data(self, **kwargs):
        rows = selectors.allocation_rows(self.programme_year)
        return super().get_context_data(
            programme_year=self.programme_year,
            rows=rows,
            total=sum((row.amount for row in rows), Decimal(0)),
            already_final=bool(rows)
            and all(
                row.current is not None and row.current.status == AllocationStatus.FINAL
                for row in rows
            ),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            created = allocation_finalize(actor=request.user, programme_year=self.programme_year)
        except ValidationError as error:
            return self.render_to_response(self.get_context_data(errors=error.messages))
        messages.success(
            request,
            _("%(count)s Mittelzuweisungen %(year)s sind jetzt endgültig.")
            % {"count": len(created), "year": self.programme_year.year},
        )
        return redirect(self.overview_url())
