"""Forms of the meeting pages: the meeting's facts, the briefing pack's cut-off day, the minutes,
a resolution and a task's status."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zielwerk.accounts.models import User
from zielwerk.core.forms import KernFormMixin, german_date_field

from .choices import MeetingStatus, ResolutionKind, TaskStatus


class MeetingForm(KernFormMixin, forms.Form):
    held_on = german_date_field(_("Datum der Besprechung"))
    place = forms.CharField(label=_("Ort"), max_length=200, required=False)
    attendees = forms.CharField(
        label=_("Teilnehmende"),
        required=False,
        help_text=_("Eine Person je Zeile: Name, Funktion, Organisation."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    agenda = forms.CharField(
        label=_("Tagesordnung"),
        required=False,
        help_text=_("Ein Punkt je Zeile."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class BriefingForm(KernFormMixin, forms.Form):
    as_of = german_date_field(
        _("Stichtag der Zahlen"),
        help_text=_("Plan, Ist und Prognose werden bis zu diesem Tag berechnet."),
    )


class MinutesForm(KernFormMixin, forms.Form):
    minutes = forms.CharField(
        label=_("Protokoll"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    status = forms.ChoiceField(
        label=_("Stand"),
        choices=[
            (MeetingStatus.HELD.value, MeetingStatus.HELD.label),
            (MeetingStatus.CLOSED.value, MeetingStatus.CLOSED.label),
        ],
        widget=forms.Select,
        help_text=_("Ein abgeschlossenes Protokoll wird nicht mehr geändert."),
        error_messages={"required": _("Bitte wählen Sie den Stand des Protokolls.")},
    )


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


class ResolutionForm(KernFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Art des Beschlusses"),
        choices=ResolutionKind.choices,
        widget=forms.Select,
        error_messages={"required": _("Bitte wählen Sie die Art des Beschlusses.")},
    )
    text = forms.CharField(
        label=_("Beschluss"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Bitte geben Sie den Wortlaut des Beschlusses an.")},
    )
    owner = OwnerChoiceField(
        label=_("zuständig (nur bei Aufgaben)"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("– bitte wählen –"),
    )
    due_on = german_date_field(_("fällig am (nur bei Aufgaben)"), required=False)

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = owners


class TaskUpdateForm(KernFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Stand der Aufgabe"),
        choices=TaskStatus.choices,
        widget=forms.Select,
        error_messages={"required": _("Bitte wählen Sie einen Stand.")},
    )
    note = forms.CharField(
        label=_("Vermerk"),
        required=False,
        max_length=1000,
        help_text=_("Wird mit der Änderung im Protokoll festgehalten."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
