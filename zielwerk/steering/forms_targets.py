"""Forms of the targets pages: one form per target row (a formset) and the planned values per
month or quarter of one target. The consistency checks are the service's (row_problems), so the
form and the service say the same."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from zielwerk.core.formats import format_date
from zielwerk.core.forms import GermanDecimalField, KernFormMixin, german_date_field
from zielwerk.programmes.models import MeasureType
from zielwerk.projects.models import Project

from .choices import Metric, Phasing, TargetScope
from .services.targets import row_problems


class TargetForm(KernFormMixin, forms.Form):
    label = forms.CharField(label=_("Bezeichnung"), max_length=200)
    key = forms.CharField(
        label=_("Kennung"),
        max_length=80,
        help_text=_("Kleinbuchstaben, Ziffern, Bindestriche; bleibt über alle Fassungen gleich."),
    )
    metric = forms.ChoiceField(label=_("Kennzahl"), choices=Metric.choices)
    scope = forms.ChoiceField(label=_("Bezug"), choices=TargetScope.choices)
    project = forms.ModelChoiceField(
        label=_("Projekt"), queryset=Project.objects.none(), required=False
    )
    measure_type = forms.ModelChoiceField(
        label=_("Maßnahmenart"), queryset=MeasureType.objects.none(), required=False
    )
    value = GermanDecimalField(label=_("Zielwert"))
    period_from = german_date_field(_("Zeitraum von"))
    period_to = german_date_field(_("Zeitraum bis"))
    phasing = forms.ChoiceField(label=_("Verteilung"), choices=Phasing.choices)
    note = forms.CharField(label=_("Erläuterung"), max_length=500, required=False)

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        agreement = version.agreement
        cast(forms.ModelChoiceField, self.fields["project"]).queryset = Project.objects.filter(
            region_id=agreement.region_id, programme_year_id=agreement.programme_year_id
        ).order_by("code")
        cast(
            forms.ModelChoiceField, self.fields["measure_type"]
        ).queryset = MeasureType.objects.filter(
            programme_id=agreement.programme_year.programme_id
        ).order_by("number")

    def clean_key(self):
        return self.cleaned_data["key"].strip()

    def clean(self):
        cleaned = super().clean()
        if self.version is not None and not self.errors:
            for name, message in row_problems(self.version, cleaned or {}).items():
                self.add_error(name, message)
        return cleaned


def removed(form) -> bool:
    """The row is marked "entfernen"."""
    return bool(getattr(form, "cleaned_data", {}).get("DELETE"))


class BaseTargetFormSet(forms.BaseFormSet):
    def __init__(self, *args, version=None, **kwargs):
        self.version = version
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "version": self.version}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("diesen Zielwert entfernen")
            form.fields["DELETE"].widget.attrs["class"] = "kern-form-check__checkbox"

    def clean(self):
        if any(self.errors):
            return
        seen: dict[str, int] = {}
        for number, form in enumerate(self.forms, start=1):
            if not form.has_changed() or removed(form):
                continue
            key = form.cleaned_data.get("key")
            if key in seen:
                form.add_error(
                    "key",
                    _(
                        "Die Kennung „%(key)s“ steht schon in Zeile %(first)s; "
                        "sie muss eindeutig sein."
                    )
                    % {"key": key, "first": seen[key]},
                )
            elif key:
                seen[key] = number

    def rows(self) -> list[dict]:
        """The cleaned rows to save: every filled row that is not marked for removal."""
        return [form.cleaned_data for form in self.forms if form.cleaned_data and not removed(form)]


TargetFormSet = forms.formset_factory(
    TargetForm, formset=BaseTargetFormSet, extra=1, can_delete=True
)


def initial_rows(targets) -> list[dict]:
    return [
        {
            "label": t.label,
            "key": t.key,
            "metric": t.metric,
            "scope": t.scope,
            "project": t.project_id,
            "measure_type": t.measure_type_id,
            "value": t.value,
            "period_from": t.period_from,
            "period_to": t.period_to,
            "phasing": t.phasing,
            "note": t.note,
        }
        for t in targets
    ]


class PhasesForm(KernFormMixin, forms.Form):
    """One field per month or quarter of the target's period."""

    def __init__(
        self, *args, periods: list[tuple[dt.date, dt.date]], initial_values=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.periods = periods
        values = initial_values or []
        for index, (start, end) in enumerate(periods):
            self.fields[f"phase_{index}"] = GermanDecimalField(
                label=_("%(start)s – %(end)s")
                % {"start": format_date(start), "end": format_date(end)},
                initial=values[index] if index < len(values) else None,
            )
        for field in self.fields.values():  # added after the mixin set its classes
            field.widget.attrs.setdefault("class", "kern-form-input__input")

    def values(self):
        return [self.cleaned_data[f"phase_{index}"] for index in range(len(self.periods))]
