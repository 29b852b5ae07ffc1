"""Forms of the good-practice pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zielwerk.core.forms import KernFormMixin
from zielwerk.organisations.models import Region
from zielwerk.programmes.models import MeasureType
from zielwerk.projects.models import Project


class ProjectChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} {obj.name}"


class EntryForm(KernFormMixin, forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    summary = forms.CharField(
        label=_("Kurzbeschreibung"), max_length=600, widget=forms.Textarea(attrs={"rows": 3})
    )
    description = forms.CharField(
        label=_("Beschreibung"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    region = forms.ModelChoiceField(
        label=_("Gebietskörperschaft"), queryset=Region.objects.order_by("name")
    )
    projects = ProjectChoiceField(
        label=_("Projekte"),
        queryset=Project.objects.select_related("region").order_by("code"),
        required=False,
        help_text=_("Ihre Ergebnisse erscheinen live aus dem Monitoring."),
        # The options are long project names: keep the list inside a 320 px screen (WCAG 1.4.10).
        widget=forms.SelectMultiple(
            attrs={"size": 8, "class": "kern-form-input__select zw-select--full"}
        ),
    )
    measure_types = forms.ModelMultipleChoiceField(
        label=_("Maßnahmenarten"),
        queryset=MeasureType.objects.order_by("number", "pk"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    published = forms.BooleanField(label=_("veröffentlicht"), required=False)


class SearchForm(KernFormMixin, forms.Form):
    q = forms.CharField(label=_("Suchbegriff"), required=False, max_length=200)
    region = forms.ModelChoiceField(
        label=_("Gebietskörperschaft"),
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label=_("alle"),
    )
    measure_type = forms.ModelChoiceField(
        label=_("Maßnahmenart"),
        queryset=MeasureType.objects.order_by("number", "pk"),
        required=False,
        empty_label=_("alle"),
    )
