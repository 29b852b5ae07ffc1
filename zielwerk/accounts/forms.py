from django import forms
from django.contrib.auth.forms import AuthenticationForm

from zielwerk.core.forms import KernFormMixin


class LoginForm(KernFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "Benutzername oder Passwort ist falsch. Achten Sie auf Groß- und Kleinschreibung."
        ),
        "inactive": "Dieses Konto ist deaktiviert.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Benutzername"
        self.fields["password"].label = "Passwort"


class ApiTokenCreateForm(KernFormMixin, forms.Form):
    name = forms.CharField(
        label="Bezeichnung",
        max_length=100,
        help_text="Wofür das Token gedacht ist, z. B. „Statistik-Export“.",
    )
    valid_days = forms.IntegerField(
        label="Gültigkeit in Tagen",
        min_value=1,
        max_value=730,
        initial=365,
        help_text="Zwischen 1 und 730 Tagen.",
        error_messages={
            "min_value": "Mindestens 1 Tag.",
            "max_value": "Höchstens 730 Tage.",
            "invalid": "Bitte eine ganze Zahl angeben.",
        },
    )
