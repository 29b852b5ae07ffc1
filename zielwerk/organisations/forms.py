from django import forms
from django.utils.translation import gettext_lazy as _

from zielwerk.core.forms import KernFormMixin

from .choices import OrganisationKind
from .models import Organisation


class OrganisationFilterForm(KernFormMixin, forms.Form):
    q = forms.CharField(label=_("Name enthält"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Art"), required=False, choices=[("", _("alle Arten")), *OrganisationKind.choices]
    )


class RegionFilterForm(KernFormMixin, forms.Form):
    on = forms.DateField(
        label=_("Stichtag"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Zeigt die Gebietskörperschaften, die an diesem Tag bestehen."),
        error_messages={"invalid": _("Bitte ein gültiges Datum angeben (TT.MM.JJJJ).")},
    )


class OrganisationContactForm(KernFormMixin, forms.ModelForm):
    reason = forms.CharField(
        label=_("Anlass der Änderung"),
        required=False,
        max_length=300,
        help_text=_("Wird im Protokoll vermerkt."),
    )

    class Meta:
        model = Organisation
        fields = ["unit", "email", "phone", "address"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
