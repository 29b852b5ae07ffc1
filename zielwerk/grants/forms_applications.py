"""Forms of the application pages: the draft's details, a workflow step, a review."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zielwerk.core.forms import KernFormMixin

from .choices import ReviewResult

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("Bitte ein gültiges Datum angeben (TT.MM.JJJJ).")}


class ApplicationEditForm(KernFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Anschreiben"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Hinweise der Gebietskörperschaft zum Antrag (freiwillig)."),
    )
    early_start = forms.BooleanField(
        label=_("vorzeitiger Maßnahmebeginn beantragt"),
        required=False,
        help_text=_("Projekte beginnen vor dem Bescheid, frühestens am frühesten Maßnahmebeginn."),
    )
    early_start_on = forms.DateField(
        label=_("Beginn ab"),
        required=False,
        widget=DATE_WIDGET,
        error_messages=DATE_ERRORS,
        help_text=_("nur bei vorzeitigem Maßnahmebeginn"),
    )


class ApplicationTransitionForm(KernFormMixin, forms.Form):
    """A step's own page: the reason (late submission, return for revision) where needed."""

    reason = forms.CharField(
        label=_("Begründung"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, reason_label=None, reason_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        if reason_label:
            field.label = reason_label
        field.required = reason_required
        field.error_messages["required"] = _("Bitte geben Sie eine Begründung an.")


class ReviewForm(KernFormMixin, forms.Form):
    result = forms.ChoiceField(label=_("Ergebnis"), choices=ReviewResult.choices)
    notes = forms.CharField(
        label=_("Vermerk"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
