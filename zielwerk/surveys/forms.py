"""Forms of the ministry's survey pages. The region's answer form is built from the questions in
the template (views.AnswerField), because its fields are the survey's questions."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from zielwerk.core.forms import KernFormMixin, german_date_field
from zielwerk.programmes.models import ProgrammeYear

from .choices import QuestionKind


class ProgrammeYearField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj.year)


class SurveyForm(KernFormMixin, forms.Form):
    programme_year = ProgrammeYearField(
        label=_("Programmjahr"),
        queryset=ProgrammeYear.objects.order_by("-year"),
        empty_label=None,
    )
    title = forms.CharField(label=_("Titel"), max_length=200)
    introduction = forms.CharField(
        label=_("Einleitung"),
        required=False,
        help_text=_("Was die Gebietskörperschaften vor den Fragen lesen."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    deadline = german_date_field(
        _("Frist"),
        required=False,
        help_text=_(
            "Bis zu diesem Tag (einschließlich) können die Gebietskörperschaften antworten."
        ),
    )


class QuestionForm(KernFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Art der Frage"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Frage"), max_length=500)
    help_text = forms.CharField(
        label=_("Hinweis zur Frage"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    required = forms.BooleanField(label=_("Pflichtfrage"), required=False, initial=True)
    options = forms.CharField(
        label=_("Antwortmöglichkeiten"),
        required=False,
        help_text=_("Nur bei Einfach- und Mehrfachauswahl: eine Möglichkeit je Zeile."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    scale_min = forms.IntegerField(
        label=_("Skala von"), initial=1, min_value=0, max_value=10, required=False
    )
    scale_max = forms.IntegerField(
        label=_("Skala bis"), initial=5, min_value=1, max_value=10, required=False
    )
    scale_min_label = forms.CharField(
        label=_("Beschriftung des unteren Endes"), required=False, max_length=100
    )
    scale_max_label = forms.CharField(
        label=_("Beschriftung des oberen Endes"), required=False, max_length=100
    )


class SendForm(KernFormMixin, forms.Form):
    regions = forms.MultipleChoiceField(
        label=_("Gebietskörperschaften"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Bitte wählen Sie mindestens eine Gebietskörperschaft.")},
    )

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.MultipleChoiceField, self.fields["regions"])
        field.choices = [(str(r.pk), r.name) for r in regions]
        field.widget.attrs["class"] = "kern-form-check__checkbox"
