from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from zielwerk.core.forms import KernFormMixin

HONEYPOT = "homepage"


class AgreementSearchForm(KernFormMixin, forms.Form):
    q = forms.CharField(label=_("Suche (Gebietskörperschaft oder Text)"), required=False)
    jahr = forms.TypedChoiceField(label=_("Programmjahr"), required=False, coerce=int)
    region = forms.ChoiceField(label=_("Gebietskörperschaft"), required=False)

    def __init__(self, *args, years: list[int], regions: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        year_field = cast(forms.ChoiceField, self.fields["jahr"])
        region_field = cast(forms.ChoiceField, self.fields["region"])
        year_field.choices = [("", _("alle Jahre")), *[(y, str(y)) for y in years]]
        region_field.choices = [("", _("alle Gebietskörperschaften")), *regions]


class FeedbackForm(KernFormMixin, forms.Form):
    message = forms.CharField(
        label=_("Ihre Nachricht"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Beschreiben Sie bitte die Barriere oder Ihr Anliegen. Sie können auch Inhalte in "
            "einer zugänglichen Form anfordern."
        ),
        error_messages={"required": _("Bitte schreiben Sie uns Ihre Nachricht.")},
    )
    page_url = forms.CharField(
        label=_("Betroffene Seite (Adresse)"),
        required=False,
        max_length=500,
        help_text=_("zum Beispiel die Adresse aus der Adresszeile des Browsers"),
    )
    email = forms.EmailField(
        label=_("E-Mail-Adresse für die Antwort"),
        required=False,
        help_text=_(
            "Wenn Sie eine E-Mail-Adresse angeben, willigen Sie ein, dass das Ministerium sie "
            "speichert, um Ihnen zu antworten. Ohne Adresse können wir nicht antworten."
        ),
        error_messages={"invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an.")},
    )
    # Left empty by people (hidden from view and from assistive technology); bots fill it in.
    homepage = forms.CharField(label=_("Bitte leer lassen"), required=False)


class FeedbackAnswerForm(KernFormMixin, forms.Form):
    answer = forms.CharField(
        label=_("Antwort"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Die Antwort senden Sie der Person selbst (z. B. per E-Mail); hier wird festgehalten, "
            "dass und was geantwortet wurde."
        ),
        error_messages={"required": _("Bitte geben Sie die Antwort ein.")},
    )
