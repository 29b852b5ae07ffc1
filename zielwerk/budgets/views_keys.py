"""Indicator values and distribution keys: upload, compute, set manually, publish, announce.

Programme-wide roles read; writes are the ministry's and the administration's
(can_manage_budget), checked before anything is looked up."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from zielwerk.core.formats import format_number
from zielwerk.core.spreadsheets import safe_row
from zielwerk.programmes.selectors import participating_regions

from .forms_keys import IndicatorUploadForm, KeyComputeForm, KeyManualForm
from .indicators import IndicatorImportError, known_regions_for_year, read_indicator_table
from .models import DistributionKey, Indicator, IndicatorValue
from .permissions import can_manage_budget
from .services import (
    allocation_announce,
    distribution_key_compute,
    distribution_key_manual,
    indicator_values_store,
)
from .services_keys import distribution_key_publish
from .views import BudgetViewMixin


def _shown(value: Decimal | None) -> str:
    """An indicator value the German way, without trailing zeros: 1234.5000 -> '1.234,5'."""
    if value is None:
        return "–"
    places = max(0, -int(value.normalize().as_tuple().exponent))
    return format_number(value, min(places, 4))


def _year_indicators(programme_year) -> list[Indicator]:
    return list(
        Indicator.objects.filter(values__programme_year=programme_year).distinct().order_by("code")
    )


class BudgetManageMixin(BudgetViewMixin):
    """Writes: the ministry and the administration; refused before the year is looked up."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            can_manage_budget(request.user).enforce()
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def programme_year(self):
        return self.get_programme_year()


# ---- indicator values ---------------------------------------------------------------------------


class IndicatorValuesView(BudgetViewMixin, TemplateView):
    """The year's indicator values (regions × indicators) and, for the ministry, the upload."""

    template_name = "budgets/indicator_values.html"

    def get_context_data(self, **kwargs):
        programme_year = self.get_programme_year()
        indicators = _year_indicators(programme_year)
        values: dict[tuple[int, int], Decimal] = {
            (value.region_id, value.indicator_id): value.value
            for value in IndicatorValue.objects.filter(programme_year=programme_year)
        }
        rows = [
            {
                "region": region,
                "values": [
                    _shown(values.get((region.pk, indicator.pk))) for indicator in indicators
                ],
            }
            for region in participating_regions(programme_year)
        ]
        can_manage = can_manage_budget(self.request.user)
        context: dict[str, Any] = {
            "programme_year": programme_year,
            "indicators": indicators,
            "rows": rows,
            "has_values": bool(values),
            "can_manage": can_manage,
        }
        if can_manage and "form" not in kwargs:
            context["form"] = IndicatorUploadForm()
        return super().get_context_data(**context, **kwargs)

    def post(self, request, *args, **kwargs):
        can_manage_budget(request.user).enforce()
        programme_year = self.get_programme_year()
        form = IndicatorUploadForm(request.POST, request.FILES)
        import_errors: list[str] = []
        if form.is_valid():
            upload = form.cleaned_data["file"]
            participating = {region.ags for region in participating_regions(programme_year)}
            known = {
                ags: name
                for ags, name in known_regions_for_year(programme_year.year).items()
                if ags in participating
            }
            try:
                table = read_indicator_table(upload, filename=upload.name, known_regions=known)
            except IndicatorImportError as error:
                import_errors = error.errors
            else:
                count = indicator_values_store(
                    actor=request.user, programme_year=programme_year, table=table.rows
                )
                messages.success(
                    request,
                    _(
                        "%(count)s Indikatorwerte gespeichert: %(regions)s Gebietskörperschaften, "
                        "%(indicators)s Indikatoren (%(codes)s)."
                    )
                    % {
                        "count": count,
                        "regions": len(table.rows),
                        "indicators": len(table.columns),
                        "codes": ", ".join(table.columns),
                    },
                )
                return redirect(
                    reverse("budgets:indicator_values", kwargs={"year": programme_year.year})
                )
        context = self.get_context_data(form=form, import_errors=import_errors)
        return self.render_to_response(context, status=400)


class IndicatorTemplateView(BudgetViewMixin, View):
    """An empty CSV to fill in: `ags;<codes…>` and one row per participating region."""

    def get(self, request, *args, **kwargs):
        programme_year = self.get_programme_year()
        codes = [indicator.code for indicator in _year_indicators(programme_year)]
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(safe_row(["ags", *codes]))
        for region in participating_regions(programme_year):
            if region.ags:
                writer.writerow(safe_row([region.ags, *("" for _code in codes)]))
        response = HttpResponse(
            ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
        filename = f"indikatoren-{programme_year.year}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


# ---- keys -----------------------------------------------------------------------------------


class KeyComputeView(BudgetManageMixin, FormView):
    template_name = "budgets/key_compute.html"
    form_class = KeyComputeForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["indicators"] = _year_indicators(self.programme_year)
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(programme_year=self.programme_year, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            key = distribution_key_compute(
                actor=self.request.user,
                programme_year=self.programme_year,
                name=data["name"],
                total=data["total"],
                weights=form.weights(),
                minimum=data["minimum"],
                unit=data["unit"],
                note=data["note"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Der Verteilungsschlüssel „%(name)s“ wurde berechnet.") % {"name": key}
        )
        return redirect(reverse("budgets:key_detail", kwargs={"pk": key.pk}))


class KeyManualView(BudgetManageMixin, FormView):
    template_name = "budgets/key_manual.html"
    form_class = KeyManualForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["regions"] = participating_regions(self.programme_year)
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(programme_year=self.programme_year, **kwargs)

    def form_valid(self, form):
        try:
            key = distribution_key_manual(
                actor=self.request.user,
                programme_year=self.programme_year,
                name=form.cleaned_data["name"],
                amounts=form.amounts(),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Die Beträge „%(name)s“ wurden gespeichert.") % {"name": key.name},
        )
        return redirect(reverse("budgets:key_detail", kwargs={"pk": key.pk}))


class KeyDetailView(BudgetViewMixin, TemplateView):
    template_name = "budgets/key_detail.html"

    def get_context_data(self, **kwargs):
        key = get_object_or_404(
            DistributionKey.objects.select_related("programme_year", "created_by"),
            pk=self.kwargs["pk"],
        )
        results = list(key.results.select_related("region").order_by("region__ags"))
        rows = [
            {"result": result, "percent": format_number(result.share * 100, 2)}
            for result in results
        ]
        share_total = sum((result.share for result in results), Decimal(0))
        return super().get_context_data(
            key=key,
            programme_year=key.programme_year,
            weights=key.weights.select_related("indicator").order_by("indicator__code"),
            rows=rows,
            result_total=sum((result.amount for result in results), Decimal(0)),
            percent_total=format_number(share_total * 100, 2),
            can_manage=can_manage_budget(self.request.user),
            **kwargs,
        )


class KeyActionView(LoginRequiredMixin, View):
    """A confirmation page (GET) and the step itself (POST); ministry and administration."""

    template_name = "budgets/key_confirm.html"
    title: Any = ""
    question: Any = ""
    button: Any = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        can_manage_budget(request.user).enforce()
        self.key = get_object_or_404(
            DistributionKey.objects.select_related("programme_year"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def render_confirm(self, error: str = "", status: int = 200):
        return render(
            self.request,
            self.template_name,
            {
                "key": self.key,
                "title": self.title,
                "question": self.question,
                "button": self.button,
                "error": error,
            },
            status=status,
        )

    def get(self, request, *args, **kwargs):
        return self.render_confirm()

    def perform(self) -> str:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        try:
            message = self.perform()
        except ValidationError as error:
            return self.render_confirm(" ".join(error.messages), status=400)
        messages.success(request, message)
        return redirect(reverse("budgets:key_detail", kwargs={"pk": self.key.pk}))


class KeyPublishView(KeyActionView):
    title = gettext_lazy("Verteilungsschlüssel veröffentlichen")
    question = gettext_lazy(
        "Soll der Verteilungsschlüssel mit seinen Eingaben und seinem Ergebnis "
        "veröffentlicht werden?"
    )
    button = gettext_lazy("Ja, veröffentlichen")

    def perform(self) -> str:
        distribution_key_publish(actor=self.request.user, key=self.key)
        return _("Der Verteilungsschlüssel wurde veröffentlicht.")


class KeyAnnounceView(KeyActionView):
    title = gettext_lazy("Als Mittelzuweisung mitteilen")
    question = gettext_lazy(
        "Sollen die Beträge dieses Schlüssels allen Gebietskörperschaften ab heute als "
        "Mittelzuweisung mitgeteilt werden? Bestehende Zuweisungen erhalten eine neue Fassung."
    )
    button = gettext_lazy("Ja, mitteilen")

    def perform(self) -> str:
        versions = allocation_announce(
            actor=self.request.user, key=self.key, effective_on=timezone.localdate()
        )
        return _("%(count)s Mittelzuweisungen wurden mitgeteilt.") % {"count": len(versions)}
