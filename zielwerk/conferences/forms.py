"""Forms of the conference pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zielwerk.core.forms import KernFormMixin, german_date_field
from zielwerk.practice.models import Entry

from .choices import ConferenceStatus


class ConferenceForm(KernFormMixin, forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    starts_on = german_date_field(_("Datum"))
    ends_on = german_date_field(_("bis (bei mehreren Tagen)"), required=False)
    starts_at = forms.TimeField(
        label=_("Beginn (Uhrzeit)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    place = forms.CharField(label=_("Ort"), max_length=200)
    description = forms.CharField(
        label=_("Beschreibung und Tagesordnung"),
        required=False,
        help_text=_("Ein Tagesordnungspunkt je Zeile."),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    places_per_region = forms.IntegerField(label=_("Plätze je Gebietskörperschaft"), min_value=1)
    registration_until = german_date_field(_("Anmeldung bis"))
    status = forms.ChoiceField(label=_("Stand"), choices=ConferenceStatus.choices)
    practice_entries = forms.ModelMultipleChoiceField(
        label=_("Beispiele guter Praxis"),
        queryset=Entry.objects.order_by("title"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class RegistrationForm(KernFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    function = forms.CharField(label=_("Funktion"), max_length=200, required=False)


class DocumentForm(KernFormMixin, forms.Form):
    title = forms.CharField(label=_("Bezeichnung"), max_length=200)
    upload = forms.FileField(
        label=_("Datei"),
        help_text=_("PDF, DOCX, XLSX oder PPTX, höchstens 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.pptx"}),
    )
