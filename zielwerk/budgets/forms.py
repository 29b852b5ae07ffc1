from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zielwerk.core.forms import GermanDecimalField, KernFormMixin


class KeyComparisonForm(KernFormMixin, forms.Form):
    a: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Schlüssel A"),
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": _("Bitte einen Schlüssel dieses Jahres wählen.")},
    )
    b: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Schlüssel B"),
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": _("Bitte einen Schlüssel dieses Jahres wählen.")},
    )

    def __init__(self, *args, keys, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("a", "b"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = keys


class AllocationReviseForm(KernFormMixin, forms.Form):
    amount = GermanDecimalField(
        label=_("Neuer Betrag in Euro"),
        help_text=_("Im deutschen Format, z. B. 2.508.300,00"),
        error_messages={"required": _("Bitte geben Sie den neuen Betrag an.")},
    )
    effective_on = forms.DateField(
        label=_("wirksam ab"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={
            "required": _("Bitte geben Sie an, ab wann die Änderung gilt."),
            "invalid": _("Bitte ein gültiges Datum angeben (TT.MM.JJJJ)."),
        },
    )
    reason = forms.CharField(
        label=_("Begründung"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wird mit der Fassung und im Protokoll gespeichert."),
        error_messages={"required": _("Bitte begründen Sie die Änderung.")},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Bitte begründen Sie die Änderung."))
        return reason
