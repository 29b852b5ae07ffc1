"""Forms of the year-end assessment: the cut-off day when it is drafted, and the results, notes
and summary the ministry sets while it is a draft (the service checks again)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zielwerk.core.forms import KernFormMixin, german_date_field

from .choices import Attainment
from .models import TargetAssessment


class AssessmentCreateForm(KernFormMixin, forms.Form):
    as_of = german_date_field(
        _("Stichtag der Zahlen"),
        required=False,
        help_text=_("Leer: 31.12. des Programmjahres."),
    )


def result_field(item: TargetAssessment) -> str:
    return f"result_{item.target_id}"


def note_field(item: TargetAssessment) -> str:
    return f"note_{item.target_id}"


class AssessmentForm(KernFormMixin, forms.Form):
    """One result and one note per target, and the summary."""

    summary = forms.CharField(
        label=_("Gesamtwürdigung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Wird mit der Bewertung abgeschlossen und der Gebietskörperschaft gezeigt."),
    )

    def __init__(self, *args, items: list[TargetAssessment], **kwargs):
        self.items = items
        initial = kwargs.setdefault("initial", {})
        for item in items:
            initial.setdefault(result_field(item), item.result)
            initial.setdefault(note_field(item), item.note)
        super().__init__(*args, **kwargs)
        for item in items:
            self.fields[result_field(item)] = forms.ChoiceField(
                label=str(_("Ergebnis für „%(target)s“")) % {"target": item.target.label},
                choices=Attainment.choices,
            )
            self.fields[note_field(item)] = forms.CharField(
                label=str(_("Begründung für „%(target)s“")) % {"target": item.target.label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        # KernFormMixin styled the fields that existed when it ran; style the added ones too.
        for name, field in self.fields.items():
            if name == "summary":
                continue
            css = (
                "kern-form-input__select"
                if isinstance(field.widget, forms.Select)
                else "kern-form-input__input"
            )
            field.widget.attrs.setdefault("class", css)

    def rows(self):
        """(item, result bound field, note bound field) per target, for the template."""
        return [(item, self[result_field(item)], self[note_field(item)]) for item in self.items]

    def clean(self):
        data = super().clean() or {}
        for item in self.items:
            result = data.get(result_field(item))
            note = (data.get(note_field(item)) or "").strip()
            if result and result != item.proposed and not note:
                self.add_error(
                    note_field(item),
                    str(_("Das Ergebnis weicht vom Vorschlag „%(proposed)s“ ab; bitte begründen."))
                    % {"proposed": item.get_proposed_display()},
                )
        return data

    def items_data(self) -> dict[int, tuple[str, str]]:
        return {
            item.target_id: (
                self.cleaned_data[result_field(item)],
                self.cleaned_data.get(note_field(item)) or "",
            )
            for item in self.items
        }
