from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from zielwerk.core.formats import format_euro

from . import selectors
from .forms import AllocationReviseForm, KeyComparisonForm
from .models import Allocation
from .permissions import can_manage_budget, can_view_budget
from .services import allocation_revise


class BudgetViewMixin(LoginRequiredMixin):
    """Programme-wide roles only; the permission is checked before the year is looked up."""

    request: HttpRequest
    kwargs: dict[str, Any]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            can_view_budget(request.user).enforce()
        return super().dispatch(request, *args, **kwargs)

    def get_programme_year(self):
        programme_year = selectors.programme_year_for(self.kwargs["year"])
        if programme_year is None:
            raise Http404(_("Dieses Programmjahr gibt es nicht."))
        return programme_year


class BudgetOverviewView(BudgetViewMixin, TemplateView):
    template_name = "budgets/overview.html"

    def get_context_data(self, **kwargs):
        programme_year = self.get_programme_year()
        rows = selectors.allocation_rows(programme_year)
        return super().get_context_data(
            programme_year=programme_year,
            funding_sources=programme_year.funding_sources.order_by("kind"),
            earmarks=programme_year.earmarks.all(),
            keys=selectors.distribution_keys(programme_year),
            rows=rows,
            total=sum((row.amount for row in rows), Decimal(0)),
            any_invented=any(row.current and row.current.invented for row in rows),
            can_manage=can_manage_budget(self.request.user),
            **kwargs,
        )


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    y: int
    width: int
    text_x: int


@dataclass(frozen=True)
class ChartRow:
    name: str
    y: int
    bars: tuple[Bar, Bar]


CHART_LABEL_WIDTH = 200
CHART_BAR_WIDTH = 420
CHART_ROW_HEIGHT = 48


def comparison_chart(comparison: selectors.Comparison) -> dict[str, Any]:
    """Geometry of a horizontal bar chart: per region bar A above bar B, each with its value."""
    maximum = comparison.maximum or Decimal(1)
    rows = []
    for index, row in enumerate(comparison.rows):
        top = 10 + index * CHART_ROW_HEIGHT
        bars = []
        for offset, label, amount in ((0, "A", row.amount_a), (18, "B", row.amount_b)):
            width = int(amount / maximum * CHART_BAR_WIDTH)
            bars.append(
                Bar(
                    label=label,
                    value_text=f"{label}: {format_euro(amount)}",
                    y=top + offset,
                    width=width,
                    text_x=CHART_LABEL_WIDTH + width + 6,
                )
            )
        rows.append(ChartRow(name=row.region.name, y=top + 22, bars=(bars[0], bars[1])))
    return {
        "rows": rows,
        "label_width": CHART_LABEL_WIDTH,
        "width": CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 200,
        "height": 20 + len(rows) * CHART_ROW_HEIGHT,
    }


class KeyComparisonView(BudgetViewMixin, TemplateView):
    template_name = "budgets/key_comparison.html"

    def get_context_data(self, **kwargs):
        programme_year = self.get_programme_year()
        keys = selectors.distribution_keys(programme_year)
        key_list = list(keys)
        context: dict[str, Any] = {"programme_year": programme_year, "keys": key_list}
        if len(key_list) < 2:
            return super().get_context_data(**context, too_few_keys=True, **kwargs)
        data = self.request.GET.copy()
        data.setdefault("a", str(key_list[1].pk))
        data.setdefault("b", str(key_list[0].pk))
        form = KeyComparisonForm(data, keys=keys)
        context["form"] = form
        if form.is_valid():
            comparison = selectors.compare_keys(form.cleaned_data["a"], form.cleaned_data["b"])
            context["comparison"] = comparison
            context["chart"] = comparison_chart(comparison)
        return super().get_context_data(**context, **kwargs)


class AllocationReviseView(LoginRequiredMixin, FormView):
    template_name = "budgets/allocation_revise.html"
    form_class = AllocationReviseForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        can_manage_budget(request.user).enforce()
        self.allocation = get_object_or_404(
            Allocation.objects.select_related("region", "programme_year"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        current = self.allocation.current
        return {"effective_on": current.effective_on if current else None}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            allocation=self.allocation,
            current=self.allocation.current,
            versions=self.allocation.versions.select_related("source_key").order_by("-number"),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            version = allocation_revise(
                actor=self.request.user,
                allocation=self.allocation,
                amount=form.cleaned_data["amount"],
                effective_on=form.cleaned_data["effective_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Die Mittelzuweisung für %(region)s wurde geändert (Fassung %(number)s).")
            % {"region": self.allocation.region.name, "number": version.number},
        )
        return redirect(
            reverse("budgets:overview", kwargs={"year": self.allocation.programme_year.year})
        )
