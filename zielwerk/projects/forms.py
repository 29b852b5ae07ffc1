"""Forms of project planning: the project's data, its cost and financing plan, the carry-over."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from zielwerk.core.formats import format_date
from zielwerk.core.forms import GermanDecimalField, KernFormMixin
from zielwerk.organisations.choices import OrganisationKind
from zielwerk.organisations.models import Organisation
from zielwerk.programmes.models import MeasureType, TargetGroup

from .models import CostCategory, FinancingSource, Project

# Categories typed in the plan form; the flat rate is computed, never typed.
TYPED_COST_CATEGORIES = [c for c in CostCategory if c != CostCategory.FLAT_RATE]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ProjectForm(KernFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=300, help_text=_("Wie in der Zielvereinbarung.")
    )
    short_name = forms.RegexField(
        label=_("Kurzname"),
        regex=r"^[A-Z0-9]{1,12}$",
        max_length=12,
        help_text=_("Nur A–Z und 0–9, höchstens 12 Zeichen; wird Teil der Projektnummer."),
        error_messages={"invalid": _("Nur Großbuchstaben A–Z und Ziffern, höchstens 12.")},
    )
    measure_type = forms.ModelChoiceField(
        label=_("Maßnahmenart"), queryset=MeasureType.objects.none()
    )
    provider = forms.ModelChoiceField(
        label=_("Träger"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Nur Träger, die für die Gebietskörperschaft tätig sind."),
    )
    description = forms.CharField(
        label=_("Kurzbeschreibung"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    planned_places = forms.IntegerField(label=_("Geplante Plätze"), min_value=0, required=False)
    planned_participants = forms.IntegerField(
        label=_("Geplante Teilnehmende"),
        min_value=0,
        required=False,
        help_text=_("Eintritte im Programmjahr"),
    )
    starts_on = forms.DateField(label=_("Beginn"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("Ende"), required=False, widget=DateInput())
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Zielgruppen"),
        queryset=TargetGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, region, programme_year, short_name_locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        measure_type = self.fields["measure_type"]
        provider = self.fields["provider"]
        groups = self.fields["target_groups"]
        assert isinstance(measure_type, forms.ModelChoiceField)
        assert isinstance(provider, forms.ModelChoiceField)
        assert isinstance(groups, forms.ModelMultipleChoiceField)
        measure_type.queryset = MeasureType.objects.filter(
            programme=programme_year.programme
        ).for_year(programme_year.year)
        provider.queryset = Organisation.objects.filter(
            kind=OrganisationKind.PROVIDER, regions=region
        ).order_by("name")
        groups.queryset = TargetGroup.objects.filter(programme=programme_year.programme).for_year(
            programme_year.year
        )
        groups.widget.attrs.pop("class", None)
        self.fields["starts_on"].help_text = _("frühestens %(date)s") % {
            "date": format_date(programme_year.earliest_start or programme_year.first_day)
        }
        self.fields["ends_on"].help_text = _("spätestens %(date)s") % {
            "date": format_date(programme_year.last_day)
        }
        if short_name_locked:
            self.fields["short_name"].disabled = True
            self.fields["short_name"].help_text = _(
                "Der Antrag wurde bereits eingereicht; die Projektnummer bleibt."
            )

    @staticmethod
    def initial_for(project: Project) -> dict:
        return {
            "name": project.name,
            "short_name": project.short_name,
            "measure_type": project.measure_type_id,
            "provider": project.provider_id,
            "description": project.description,
            "planned_places": project.planned_places,
            "planned_participants": project.planned_participants,
            "starts_on": project.starts_on,
            "ends_on": project.ends_on,
            "target_groups": list(project.target_groups.values_list("pk", flat=True)),
        }


class PlanForm(KernFormMixin, forms.Form):
    """One row per typed cost category and per financing source (empty = 0)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for category in TYPED_COST_CATEGORIES:
            self.fields[f"cost_{category.value}"] = GermanDecimalField(
                label=category.label, required=False, help_text=_("in Euro, z. B. 612.400,00")
            )
        for source in FinancingSource:
            self.fields[f"funding_{source.value}"] = GermanDecimalField(
                label=source.label, required=False, help_text=_("in Euro, z. B. 612.400,00")
            )
        for field in self.fields.values():
            field.widget.attrs["class"] = "kern-form-input__input zw-number"

    @staticmethod
    def initial_for(project: Project) -> dict[str, Decimal]:
        initial = {f"cost_{item.category}": item.amount for item in project.cost_items.all()}
        initial.update(
            {f"funding_{item.source}": item.amount for item in project.funding_items.all()}
        )
        return initial

    def cost_fields(self):
        return [self[f"cost_{category.value}"] for category in TYPED_COST_CATEGORIES]

    def funding_fields(self):
        return [self[f"funding_{source.value}"] for source in FinancingSource]

    def costs(self) -> dict[str, Decimal]:
        return {
            category.value: self.cleaned_data.get(f"cost_{category.value}") or Decimal("0.00")
            for category in TYPED_COST_CATEGORIES
        }

    def funding(self) -> dict[str, Decimal]:
        return {
            source.value: self.cleaned_data.get(f"funding_{source.value}") or Decimal("0.00")
            for source in FinancingSource
        }


class CarryOverForm(forms.Form):
    projects = forms.ModelMultipleChoiceField(
        label=_("Projekte des Vorjahres"),
        queryset=Project.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Bitte wählen Sie mindestens ein Projekt aus.")},
        to_field_name="code",
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["projects"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = candidates
