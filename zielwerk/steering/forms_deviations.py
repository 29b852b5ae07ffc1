"""Forms of the deviation pages: the region's reason, the ministry's answer, the check's
cut-off day and the deviation rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zielwerk.core.forms import GermanDecimalField, KernFormMixin, german_date_field
from zielwerk.programmes.models import Programme

from .choices import Metric


class ReasonForm(KernFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Begründung"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Bitte geben Sie die Begründung der Abweichung an.")},
    )
    correction = forms.CharField(
        label=_("geplante Gegensteuerung"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Was die Gebietskörperschaft unternimmt und bis wann."),
        error_messages={
            "required": _(
                "Bitte beschreiben Sie die geplante Gegensteuerung (oder warum keine nötig ist)."
            )
        },
    )


ANSWER_CHOICES = (
    ("query", _("Rückfrage an die Gebietskörperschaft")),
    ("accept", _("Abweichung anerkennen (schließt sie ab)")),
    ("comment", _("Kommentar (Stand bleibt)")),
)


class AnswerForm(KernFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Art der Antwort"),
        choices=ANSWER_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie Rückfrage, Anerkennung oder Kommentar.")},
    )
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Bitte schreiben Sie Ihre Antwort.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.attrs["class"] = "kern-form-check__radio"


class CheckForm(KernFormMixin, forms.Form):
    as_of = german_date_field(_("Stichtag"))


class RuleForm(KernFormMixin, forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Förderprogramm"), queryset=Programme.objects.order_by("code"), to_field_name="code"
    )
    name = forms.CharField(label=_("Bezeichnung"), max_length=200)
    metric = forms.ChoiceField(
        label=_("Kennzahl"),
        choices=[("", _("alle Kennzahlen")), *Metric.choices],
        required=False,
    )
    lower_percent = GermanDecimalField(
        label=_("untere Schwelle (%)"),
        places=1,
        required=False,
        help_text=_("Abweichung, wenn der Istwert darunter liegt (in % des anteiligen Plans)."),
    )
    upper_percent = GermanDecimalField(
        label=_("obere Schwelle (%)"),
        places=1,
        required=False,
        help_text=_("Leer: keine obere Schwelle."),
    )
    min_elapsed_days = forms.IntegerField(
        label=_("frühestens nach Tagen"),
        min_value=0,
        max_value=366,
        initial=60,
        help_text=_("So viele Tage des Zeitraums müssen vergangen sein, bevor die Regel greift."),
    )
    active = forms.BooleanField(label=_("aktiv"), required=False, initial=True)
